import { describe, expect, it } from "vitest";
import type { ApiKeyChangedEvent } from "../events/index.ts";
import { keyChangeEventType, keyRequestEventType } from "./webhook-event-mapping.ts";

const change = (status: ApiKeyChangedEvent["status"], name: string): ApiKeyChangedEvent => ({
  accountId: "a",
  keyId: "k",
  ownerId: "o",
  status,
  environment: "DEVELOPMENT",
  change: name,
});

describe("webhook event mapping", () => {
  it.each([
    ["ACTIVE", "CREATED", "key.created"],
    ["ACTIVE", "ISSUED", "key.created"],
    ["ACTIVE", "CLAIMED", "key.created"],
    ["ACTIVE", "ROTATED", "key.rotated"],
    ["ACTIVE", "REGENERATED", "key.rotated"],
    ["REVOKED", "ROTATED", "key.revoked"],
    ["REVOKED", "REVOKED", "key.revoked"],
    ["ACTIVE", "FIRST_USED", "key.first_used"],
    ["ACTIVE", "WORKSPACE_GRANTED", null],
    ["PENDING", "REQUESTED", null],
    ["APPROVED", "APPROVED", null],
  ] as const)("key.changed %s/%s → %s", (status, name, expected) => {
    expect(keyChangeEventType(change(status, name))).toBe(expected);
  });

  it.each([
    ["PENDING", "key.requested"],
    ["APPROVED", "key.approved"],
    ["REJECTED", "key.rejected"],
    ["ACTIVE", null],
  ] as const)("keyRequest.changed %s → %s", (status, expected) => {
    expect(
      keyRequestEventType({ accountId: "a", keyId: "k", requesterId: "o", status, change: status }),
    ).toBe(expected);
  });
});
