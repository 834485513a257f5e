import type { Clock, EventBus, Viewer } from "@keyward/schema";
import type { Database } from "@keyward/schema/database";
import type { Logger } from "../logger.ts";
import { endedPrincipals, roleFollowsProfile } from "./principal-check.ts";

/** graphql-ws close code for a socket whose credential is missing, bad, or no longer valid. */
export const FORBIDDEN_CLOSE = 4403;

/** What the registry needs of a socket (a `ws` WebSocket fits). */
export interface ClosableSocket {
  close(code: number, reason: string): void;
}

export interface LiveConnectionsOptions {
  events: EventBus;
  prisma: Database["prisma"];
  clock: Clock;
  logger: Logger;
  /**
   * How often every socket's principal is re-read from the database. Events close sockets at
   * once; this catches what no event announces (a session expiring) and anything missed while
   * Redis was away. Default 60 s.
   */
  revalidateEveryMs?: number;
}

export interface LiveConnections {
  /** Registers an authenticated socket; returns the function that forgets it (on close). */
  add(socket: ClosableSocket, viewer: Viewer): () => void;
  /** Re-reads every socket's principal now and closes those that ended. */
  revalidate(): Promise<void>;
  readonly size: number;
  /** Stops listening and closes every socket (server shutdown). */
  close(): void;
}

/**
 * The authenticated graphql-ws sockets of this instance, closed (4403) as soon as their session or
 * key ends — on "principal.ended", on a key leaving ACTIVE, on the profile's deactivation or role
 * change — from whichever instance the change came.
 */
export function createLiveConnections(options: LiveConnectionsOptions): LiveConnections {
  const { events, prisma, clock, logger } = options;
  const viewers = new Map<ClosableSocket, Viewer>();
  const expiryTimers = new Map<ClosableSocket, NodeJS.Timeout>();

  function forget(socket: ClosableSocket): void {
    viewers.delete(socket);
    const timer = expiryTimers.get(socket);
    if (timer !== undefined) clearTimeout(timer);
    expiryTimers.delete(socket);
  }

  function closeWhere(matches: (viewer: Viewer) => boolean, why: string): void {
    for (const [socket, viewer] of [...viewers]) {
      if (!matches(viewer)) continue;
      forget(socket);
      logger.info({ profileId: viewer.profileId, why }, "closing live socket");
      socket.close(FORBIDDEN_CLOSE, "Forbidden");
    }
  }

  const stops = [
    events.subscribe("principal.ended", (event) =>
      closeWhere(
        (viewer) =>
          (viewer.sessionId !== null && event.sessionIds.includes(viewer.sessionId)) ||
          (viewer.key !== null && event.keyIds.includes(viewer.key.id)) ||
          event.profileIds.includes(viewer.profileId),
        "principal ended",
      ),
    ),
    events.subscribe("key.changed", (event) => {
      if (event.status !== "ACTIVE") closeWhere((viewer) => viewer.key?.id === event.keyId, "key not active");
    }),
    events.subscribe("user.changed", (event) =>
      closeWhere(
        (viewer) =>
          viewer.profileId === event.profileId &&
          (event.status !== "ACTIVE" || (roleFollowsProfile(viewer) && event.role !== viewer.role)),
        "profile changed",
      ),
    ),
    // Any other change of a bearer key (locked, re-granted…): re-read it rather than trust the socket.
    events.subscribe("key.invalidate", (event) => {
      const affected = [...viewers.values()].filter(
        (viewer) => viewer.key !== null && event.keyIds.includes(viewer.key.id),
      );
      if (affected.length > 0) void revalidateViewers(affected);
    }),
  ];

  async function revalidateViewers(candidates: readonly Viewer[]): Promise<void> {
    let ended: Set<Viewer>;
    try {
      ended = await endedPrincipals(prisma, clock, candidates);
    } catch (error) {
      // The database is away: keep the sockets; events still close them, and the next round retries.
      logger.warn({ err: error }, "could not re-check live sockets");
      return;
    }
    if (ended.size > 0) closeWhere((viewer) => ended.has(viewer), "principal no longer valid");
  }

  const interval = setInterval(() => {
    if (viewers.size > 0) void revalidateViewers([...viewers.values()]);
  }, options.revalidateEveryMs ?? 60_000);
  interval.unref();

  return {
    add(socket, viewer) {
      viewers.set(socket, viewer);
      const expiresAt = viewer.key?.expiresAt ?? null;
      if (expiresAt !== null) {
        // setTimeout overflows past ~24.8 days; the periodic check covers keys expiring later.
        const delay = expiresAt.getTime() - clock.now().getTime();
        if (delay < 2 ** 31 - 1) {
          const timer = setTimeout(
            () => closeWhere((other) => other === viewer, "key expired"),
            Math.max(0, delay),
          );
          timer.unref();
          expiryTimers.set(socket, timer);
        }
      }
      return () => forget(socket);
    },
    revalidate: () => revalidateViewers([...viewers.values()]),
    get size() {
      return viewers.size;
    },
    close() {
      clearInterval(interval);
      for (const stop of stops) stop();
      for (const socket of [...viewers.keys()]) {
        forget(socket);
        socket.close(1001, "Server shutting down");
      }
    },
  };
}
