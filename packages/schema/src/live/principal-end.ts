import type { EventBus } from "../events/index.ts";
import type { Viewer } from "../identity/viewer.ts";

/**
 * Calls `onEnd` once when the viewer's principal can no longer be trusted: its session or key
 * ended, its key left ACTIVE, its profile was deactivated, or the role it acts with changed.
 * Returns the function that stops listening.
 */
export function watchPrincipalEnd(events: EventBus, viewer: Viewer, onEnd: () => void): () => void {
  let ended = false;
  // A method, not a named arrow function: tsx (esbuild keepNames) would define a `name` on it per call.
  const once = {
    end(): void {
      if (ended) return;
      ended = true;
      onEnd();
    },
  };
  const keyId = viewer.key?.id ?? null;
  // A key without ADMIN acts as USER whatever its owner's role; otherwise the role is the owner's.
  const roleFollowsProfile = viewer.key === null || viewer.key.permissions.has("ADMIN");
  const stops = [
    events.subscribe("principal.ended", (event) => {
      if (
        (viewer.sessionId !== null && event.sessionIds.includes(viewer.sessionId)) ||
        (keyId !== null && event.keyIds.includes(keyId)) ||
        event.profileIds.includes(viewer.profileId)
      ) {
        once.end();
      }
    }),
    events.subscribe("user.changed", (event) => {
      if (event.profileId !== viewer.profileId) return;
      if (event.status !== "ACTIVE" || (roleFollowsProfile && event.role !== viewer.role)) once.end();
    }),
  ];
  if (keyId !== null) {
    stops.push(
      events.subscribe("key.changed", (event) => {
        if (event.keyId === keyId && event.status !== "ACTIVE") once.end();
      }),
    );
  }
  return () => {
    for (const stop of stops) stop();
  };
}
