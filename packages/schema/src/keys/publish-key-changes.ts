import type { EventBus } from "../events/index.ts";
import type { ApiKey } from "../generated/prisma/client.ts";

/** After commit: live updates for subscribers and cache invalidation on every instance. */
export function publishKeyChanges(events: EventBus, keys: readonly ApiKey[], change: string): void {
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
  if (keys.length > 0) events.publish("key.invalidate", { keyIds: keys.map((key) => key.id) });
}
