import type { EventBus } from "../events/index.ts";
import type { ApiKey } from "../generated/prisma/client.ts";
import { publishKeyChanges } from "../keys/publish-key-changes.ts";

export type KeyRequestChange = "REQUESTED" | "ISSUED" | "APPROVED" | "REJECTED" | "CLAIMED";

/** After commit: the requester and the admins' queue see the flip live; key subscribers too. */
export function publishRequestChange(events: EventBus, key: ApiKey, change: KeyRequestChange): void {
  events.publish("keyRequest.changed", {
    accountId: key.accountId,
    keyId: key.id,
    requesterId: key.ownerId,
    status: key.status,
    change,
  });
  publishKeyChanges(events, [key], change);
}
