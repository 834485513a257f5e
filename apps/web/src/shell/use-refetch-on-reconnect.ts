import { useEffect, useRef } from "react";
import { useSession } from "../graphql/session-provider.tsx";

/** Events sent while the socket was down are not replayed: reload the page's data when it is back. */
export function useRefetchOnReconnect(refetch: (options: { requestPolicy: "network-only" }) => void): void {
  const { live } = useSession();
  const latest = useRef(refetch);
  latest.current = refetch;
  useEffect(() => live.onReconnect(() => latest.current({ requestPolicy: "network-only" })), [live]);
}
