import type { RunningServer } from "./child-server.ts";

/** Counters of the Keyward bench server's verification services (its control endpoint). */
export interface VerificationSnapshot {
  verifier: {
    hashes: number;
    sqlQueries: number;
    cacheHits: number;
    cacheMisses: number;
    negativeHits: number;
    malformed: number;
  };
  activity: { buffered: number; dropped: number; flushed: number; batches: number; failedFlushes: number };
  unknownKeys: { refused: number; blockedAddresses: number };
  cachedKeys: number;
}

/** Calls the control endpoint that servers/keyward-server.ts serves next to the app. */
export async function control<T>(server: RunningServer, method: "GET" | "POST", route: string): Promise<T> {
  const port = server.info.controlPort;
  if (typeof port !== "number") throw new Error("this bench server has no control endpoint");
  const response = await fetch(`http://127.0.0.1:${port}${route}`, { method });
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`control ${route}: ${body.error ?? response.status}`);
  return body;
}

export const verificationStats = async (server: RunningServer) =>
  (await control<{ verification: VerificationSnapshot }>(server, "GET", "/stats")).verification;

/** b − a for every verifier counter. */
export function counterDelta(before: VerificationSnapshot, after: VerificationSnapshot) {
  const delta = {} as Record<keyof VerificationSnapshot["verifier"], number>;
  for (const name of Object.keys(after.verifier) as Array<keyof VerificationSnapshot["verifier"]>) {
    delta[name] = after.verifier[name] - before.verifier[name];
  }
  return delta;
}

/** Writes what the Keyward bench server's activity buffer holds (for `measure`'s `settle`). */
export const flushActivity = (server: RunningServer) => () => control(server, "POST", "/flush");
