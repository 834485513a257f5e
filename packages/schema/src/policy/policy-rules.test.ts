import { describe, expect, it } from "vitest";
import { orgPolicyDefaults } from "./org-policy.ts";
import {
  DAY_MS,
  type EvaluatedKey,
  keyViolations,
  type PolicyLimits,
  rotationDueDate,
} from "./policy-rules.ts";

const now = new Date("2026-06-01T00:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
const inDays = (days: number) => new Date(now.getTime() + days * DAY_MS);

const policy: PolicyLimits = {
  ...orgPolicyDefaults,
  rotationAgeDays: 90,
  rotationGraceDays: 14,
  expiryAlertDays: 14,
  maxExpiryDays: 365,
  requireIpAllowlistInProduction: true,
};

const key = (overrides: Partial<EvaluatedKey> = {}): EvaluatedKey => ({
  createdAt: daysAgo(10),
  expiresAt: inDays(50),
  environment: "PRODUCTION",
  ipAllowlist: ["10.0.0.0/8"],
  ...overrides,
});

describe("policy rules", () => {
  it("finds nothing wrong with a young, bounded, allowlisted production key", () => {
    expect(keyViolations(key(), policy, now)).toEqual([]);
  });

  it("flags ROTATION_DUE at rotationAgeDays and ROTATION_OVERDUE after the grace window", () => {
    expect(keyViolations(key({ createdAt: daysAgo(89) }), policy, now)).toEqual([]);
    expect(keyViolations(key({ createdAt: daysAgo(90) }), policy, now)).toEqual(["ROTATION_DUE"]);
    expect(keyViolations(key({ createdAt: daysAgo(103) }), policy, now)).toEqual(["ROTATION_DUE"]);
    expect(keyViolations(key({ createdAt: daysAgo(104) }), policy, now)).toEqual([
      "ROTATION_DUE",
      "ROTATION_OVERDUE",
    ]);
    expect(rotationDueDate(key({ createdAt: daysAgo(100) }), policy)).toEqual(daysAgo(10));
  });

  it("never flags rotation when auto rotation is off", () => {
    const off = { ...policy, rotationAgeDays: null };
    expect(keyViolations(key({ createdAt: daysAgo(1000), expiresAt: inDays(30) }), off, now)).not.toContain(
      "ROTATION_DUE",
    );
    expect(rotationDueDate(key(), off)).toBeNull();
  });

  it("flags EXPIRING_SOON within expiryAlertDays, not when alerts are off", () => {
    expect(keyViolations(key({ expiresAt: inDays(14) }), policy, now)).toEqual(["EXPIRING_SOON"]);
    expect(keyViolations(key({ expiresAt: inDays(15) }), policy, now)).toEqual([]);
    expect(keyViolations(key({ expiresAt: inDays(1) }), { ...policy, expiryAlertDays: 0 }, now)).toEqual([]);
  });

  it("reports an expired key as EXPIRED only", () => {
    expect(
      keyViolations(key({ createdAt: daysAgo(500), expiresAt: daysAgo(1), ipAllowlist: [] }), policy, now),
    ).toEqual(["EXPIRED"]);
    expect(keyViolations(key({ expiresAt: now }), policy, now)).toEqual(["EXPIRED"]);
  });

  it("flags production keys without expiry, and only production keys", () => {
    expect(keyViolations(key({ expiresAt: null }), policy, now)).toEqual(["NO_EXPIRY_IN_PRODUCTION"]);
    expect(keyViolations(key({ expiresAt: null, environment: "STAGING" }), policy, now)).toEqual([]);
  });

  it("flags lifetimes beyond maxExpiryDays, in whole days", () => {
    const created = daysAgo(10);
    const at = (days: number) => new Date(created.getTime() + days * DAY_MS);
    expect(keyViolations(key({ createdAt: created, expiresAt: at(365) }), policy, now)).toEqual([]);
    expect(keyViolations(key({ createdAt: created, expiresAt: at(365.5) }), policy, now)).toEqual([]);
    expect(keyViolations(key({ createdAt: created, expiresAt: at(366) }), policy, now)).toEqual([
      "EXPIRY_BEYOND_MAXIMUM",
    ]);
  });

  it("flags production keys without an IP allowlist only when the policy requires one", () => {
    expect(keyViolations(key({ ipAllowlist: [] }), policy, now)).toEqual([
      "MISSING_IP_ALLOWLIST_IN_PRODUCTION",
    ]);
    expect(
      keyViolations(key({ ipAllowlist: [] }), { ...policy, requireIpAllowlistInProduction: false }, now),
    ).toEqual([]);
    expect(keyViolations(key({ ipAllowlist: [], environment: "SANDBOX" }), policy, now)).toEqual([]);
  });
});
