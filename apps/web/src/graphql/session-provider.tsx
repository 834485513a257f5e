import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { Provider } from "urql";
import type { GraphqlClientOptions, GraphqlSession } from "./client.ts";
import { createGraphqlSession } from "./client.ts";
import type { LiveConnection } from "./live-connection.ts";

interface SessionContextValue {
  live: LiveConnection;
  /** Drops the client, its cache and its socket, and starts afresh (after sign-in or sign-out). */
  resetSession: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export interface SessionProviderProps {
  options?: GraphqlClientOptions;
  children: ReactNode;
}

/** Provides the urql client of the current session and a way to replace it. */
export function SessionProvider({ options, children }: SessionProviderProps) {
  const [session, setSession] = useState<GraphqlSession>(() => createGraphqlSession(options));
  useEffect(() => () => session.dispose(), [session]);
  const resetSession = useCallback(() => setSession(createGraphqlSession(options)), [options]);
  return (
    <SessionContext.Provider value={{ live: session.live, resetSession }}>
      <Provider value={session.client}>{children}</Provider>
    </SessionContext.Provider>
  );
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession needs a SessionProvider");
  return value;
}
