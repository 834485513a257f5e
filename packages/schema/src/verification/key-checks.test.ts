import { describe, expect, it } from "vitest";
import { keyCheckOutcomes, keyDenial } from "./key-checks.ts";
import { type KeyRecordRow, toKeyRecord } from "./key-record.ts";

const now = Date.parse("2026-03-01T12:00:00Z");

function record(overrides: Partial<KeyRecordRow> = {}) {
  return toKeyRecord({
    id: "key-1",
    accountId: "account-1",
    ownerId: "owner-1",
    status: "ACTIVE",
    environment: "PRODUCTION",
    permissions: ["READ"],
    scopes: ["runs:write"],
    module: "SANDBOX",
    expiresAt: "2026-06-01T00:00:00Z",
    locked: false,
    ipAllowlist: ["10.0.0.0/8"],
    rateLimitPerMinute: null,
    workspaces: [{ id: "ws-1", slug: "alpha" }],
    ...overrides,
  });
}

describe("key checks", () => {
  it("passes a key that meets every condition", () => {
    const conditions = {
      permission: "READ",
      scope: "runs:write",
      workspace: "alpha",
      environment: "PRODUCTION",
      ip: "10.1.2.3",
    } as const;
    expect(keyDenial(record(), conditions, now)).toBeNull();
    expect(keyCheckOutcomes(record(), conditions, now)).toEqual([
      { check: "STATUS", denial: null },
      { check: "LOCK", denial: null },
      { check: "EXPIRY", denial: null },
      { check: "ENVIRONMENT", denial: null },
      { check: "IP_ALLOWLIST", denial: null },
      { check: "WORKSPACE", denial: null },
      { check: "PERMISSION", denial: null },
      { check: "SCOPE", denial: null },
    ]);
  });

  it("answers the first failure in the verifier's order but lists every failure", () => {
    const conditions = {
      permission: "WRITE",
      scope: "mcp:call",
      workspace: "beta",
      environment: "STAGING",
      ip: "192.0.2.1",
    } as const;
    const expired = record({ expiresAt: "2026-01-01T00:00:00Z" });
    expect(keyDenial(expired, conditions, now)).toBe("EXPIRED");
    expect(keyCheckOutcomes(expired, conditions, now).filter((outcome) => outcome.denial !== null)).toEqual([
      { check: "EXPIRY", denial: "EXPIRED" },
      { check: "ENVIRONMENT", denial: "ENVIRONMENT_MISMATCH" },
      { check: "IP_ALLOWLIST", denial: "IP_DENIED" },
      { check: "WORKSPACE", denial: "WORKSPACE_DENIED" },
      { check: "PERMISSION", denial: "FORBIDDEN" },
      { check: "SCOPE", denial: "FORBIDDEN" },
    ]);
  });

  it("refuses a locked key as revoked and maps the stored statuses", () => {
    expect(keyDenial(record({ locked: true }), {}, now)).toBe("REVOKED");
    expect(keyDenial(record({ status: "REVOKED" }), {}, now)).toBe("REVOKED");
    expect(keyDenial(record({ status: "APPROVED" }), {}, now)).toBe("PENDING");
    expect(keyDenial(record({ status: "REJECTED" }), {}, now)).toBe("REJECTED");
  });

  it("lets ADMIN satisfy the other permissions, and leaves out conditions that were not asked", () => {
    const admin = record({ permissions: ["ADMIN"], ipAllowlist: [] });
    expect(keyDenial(admin, { permission: "EXECUTE" }, now)).toBeNull();
    expect(keyCheckOutcomes(admin, {}, now).map((outcome) => outcome.check)).toEqual([
      "STATUS",
      "LOCK",
      "EXPIRY",
    ]);
  });
});
