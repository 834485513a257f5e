import type { AlertKind } from "../generated/prisma/enums.ts";

/** The events an endpoint can subscribe to (an endpoint with none subscribed receives all). */
export const webhookEventTypes = [
  "key.created",
  "key.first_used",
  "key.rotated",
  "key.revoked",
  "key.requested",
  "key.approved",
  "key.rejected",
  "key.expiring",
  "key.expired",
  "key.rotation_due",
  "key.denied_burst",
  "key.suspicious_activity",
  "key.new_ip",
  "key.environment_mismatch",
  "key.locked",
  "key.leaked",
  "key.policy_violation",
  "account.usage_pressure",
] as const;

export type WebhookEventType = (typeof webhookEventTypes)[number];

/** Which webhook event each alert kind becomes. */
export const alertEventTypes: Record<AlertKind, WebhookEventType> = {
  EXPIRING: "key.expiring",
  EXPIRED: "key.expired",
  ROTATION_DUE: "key.rotation_due",
  FAILED_AUTH_BURST: "key.denied_burst",
  SUSPICIOUS_ACTIVITY: "key.suspicious_activity",
  NEW_IP: "key.new_ip",
  ENVIRONMENT_MISMATCH: "key.environment_mismatch",
  KEY_LOCKED: "key.locked",
  KEY_LEAKED: "key.leaked",
  POLICY_VIOLATION: "key.policy_violation",
  USAGE_PRESSURE: "account.usage_pressure",
};
