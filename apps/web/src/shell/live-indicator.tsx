import { useSyncExternalStore } from "react";
import type { LiveStatus } from "../graphql/live-connection.ts";
import { useSession } from "../graphql/session-provider.tsx";

const labels: Record<LiveStatus, string> = {
  idle: "Live updates off",
  connecting: "Connecting…",
  connected: "Live",
  reconnecting: "Reconnecting…",
  unauthorized: "Live updates stopped: sign in again",
};

export function useLiveStatus(): LiveStatus {
  const { live } = useSession();
  return useSyncExternalStore(live.subscribe, live.status);
}

/** Shows whether live updates are flowing; announced politely when it changes. */
export function LiveIndicator() {
  const status = useLiveStatus();
  return (
    <span className={`kw-live kw-live--${status}`} role="status">
      <span className="kw-live__dot" aria-hidden="true" />
      {labels[status]}
    </span>
  );
}
