import type { ApiKeyChangedEvent, KeyRequestChangedEvent } from "../events/index.ts";
import type { WebhookEventType } from "./webhook-event-types.ts";

/** The webhook event a key change becomes, if any (the bus carries more changes than webhooks do). */
export function keyChangeEventType(event: ApiKeyChangedEvent): WebhookEventType | null {
  if (event.status === "REVOKED") return "key.revoked";
  if (event.change === "FIRST_USED") return "key.first_used";
  if (event.status !== "ACTIVE") return null;
  if (event.change === "ROTATED" || event.change === "REGENERATED") return "key.rotated";
  // CREATED: issued directly; ISSUED: a tool request issued at once; CLAIMED: an approved request's secret minted.
  if (event.change === "CREATED" || event.change === "ISSUED" || event.change === "CLAIMED")
    return "key.created";
  return null;
}

/** The webhook event a key-request change becomes, if any. */
export function keyRequestEventType(event: KeyRequestChangedEvent): WebhookEventType | null {
  if (event.status === "APPROVED") return "key.approved";
  if (event.status === "REJECTED") return "key.rejected";
  if (event.status === "PENDING") return "key.requested";
  return null;
}
