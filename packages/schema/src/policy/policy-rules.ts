import type { ApiKey, OrgPolicy } from "../generated/prisma/client.ts";

export const DAY_MS = 86_400_000;

/** What an existing key can violate under the organisation's policy (DESIGN §8). */
export const policyRules = [
  "ROTATION_DUE",
  "ROTATION_OVERDUE",
  "EXPIRING_SOON",
  "EXPIRED",
  "NO_EXPIRY_IN_PRODUCTION",
  "EXPIRY_BEYOND_MAXIMUM",
  "MISSING_IP_ALLOWLIST_IN_PRODUCTION",
] as const;

export type PolicyRule = (typeof policyRules)[number];

export type PolicyLimits = Pick<
  OrgPolicy,
  | "maxExpiryDays"
  | "rotationAgeDays"
  | "rotationGraceDays"
  | "expiryAlertDays"
  | "requireIpAllowlistInProduction"
>;

export type EvaluatedKey = Pick<ApiKey, "createdAt" | "expiresAt" | "environment" | "ipAllowlist">;

/** When the key becomes rotation-due (its age reaches rotationAgeDays); null without auto rotation. */
export function rotationDueDate(key: Pick<ApiKey, "createdAt">, policy: PolicyLimits): Date | null {
  if (policy.rotationAgeDays === null) return null;
  return new Date(key.createdAt.getTime() + policy.rotationAgeDays * DAY_MS);
}

/**
 * The rules an ACTIVE key breaks at `now`, in the order of `policyRules`. An expired key reports
 * EXPIRED only: nothing else about it matters any more.
 */
export function keyViolations(key: EvaluatedKey, policy: PolicyLimits, now: Date): PolicyRule[] {
  const nowMs = now.getTime();
  const expiresMs = key.expiresAt?.getTime() ?? null;
  if (expiresMs !== null && expiresMs <= nowMs) return ["EXPIRED"];
  const rules: PolicyRule[] = [];
  const dueAt = rotationDueDate(key, policy);
  if (dueAt !== null && dueAt.getTime() <= nowMs) {
    rules.push("ROTATION_DUE");
    if (dueAt.getTime() + policy.rotationGraceDays * DAY_MS <= nowMs) rules.push("ROTATION_OVERDUE");
  }
  if (
    expiresMs !== null &&
    policy.expiryAlertDays > 0 &&
    expiresMs - nowMs <= policy.expiryAlertDays * DAY_MS
  ) {
    rules.push("EXPIRING_SOON");
  }
  const production = key.environment === "PRODUCTION";
  if (production && expiresMs === null) rules.push("NO_EXPIRY_IN_PRODUCTION");
  // Whole days: an expiry chosen at exactly the maximum must not trip over clock differences
  // between the application (expiry) and the database (creation time).
  if (
    expiresMs !== null &&
    Math.floor((expiresMs - key.createdAt.getTime()) / DAY_MS) > policy.maxExpiryDays
  ) {
    rules.push("EXPIRY_BEYOND_MAXIMUM");
  }
  if (production && policy.requireIpAllowlistInProduction && key.ipAllowlist.length === 0) {
    rules.push("MISSING_IP_ALLOWLIST_IN_PRODUCTION");
  }
  return rules;
}
