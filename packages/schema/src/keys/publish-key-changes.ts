import type { EventBus } from "../events/index.ts";
import type { ApiKey } from "../generated/prisma/client.ts";

/**
 * After commit: cache invalidation on every instance first (a revoked key must stop verifying
 * before anything else happens), then live updates for subscribers.
 */
export function publishKeyChanges(events: EventBus, keys: readonly ApiKey[], change: string): void {
  if (keys.length > 0) events.publish("key.invalidate", { keyIds: keys.map((key) => key.id) });
  for (const key of keys) {
    events.publish("key.changed", {
      accountId: key.accountId,
      keyId: key.id,
      ownerId: key.ownerId,
      status: key.status,
      environment: key.environment,
      change,
    });
  }
}
