/** The state of the graphql-ws connection, as the live pages show it. */
export type LiveStatus = "idle" | "connecting" | "connected" | "reconnecting" | "unauthorized";

export interface LiveConnection {
  status(): LiveStatus;
  subscribe(listener: () => void): () => void;
  /** Called after the socket came back: pages refetch what they may have missed meanwhile. */
  onReconnect(listener: () => void): () => void;
  /** @internal Driven by the socket client. */
  update(status: LiveStatus): void;
}

export function createLiveConnection(): LiveConnection {
  let current: LiveStatus = "idle";
  let everConnected = false;
  const listeners = new Set<() => void>();
  const reconnectListeners = new Set<() => void>();
  return {
    status: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    update(status) {
      if (status === current) return;
      const reconnected = status === "connected" && everConnected;
      if (status === "connected") everConnected = true;
      current = status;
      for (const listener of listeners) listener();
      if (reconnected) for (const listener of reconnectListeners) listener();
    },
  };
}

/** Exponential backoff with full jitter, capped at 30 s: many tabs must not reconnect in step. */
export function reconnectDelay(retries: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 1_000 * 2 ** retries);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** graphql-ws close codes after which retrying cannot help: the session is gone or not allowed. */
const authenticationCloseCodes = new Set([4401, 4403]);

export function isAuthenticationClose(event: unknown): boolean {
  return (
    typeof event === "object" &&
    event !== null &&
    "code" in event &&
    typeof event.code === "number" &&
    authenticationCloseCodes.has(event.code)
  );
}
