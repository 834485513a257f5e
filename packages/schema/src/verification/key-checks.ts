import type { Environment, Permission } from "../generated/prisma/enums.ts";
import type { KeyRecord } from "./key-record.ts";
import type { VerifyCode } from "./verify-result.ts";

/**
 * The conditions a request may put on a key (everything of `POST /v1/keys/verify` except the token
 * and the rate limit). Pure: the verifier and "what can this key do?" share these checks.
 */
export interface KeyConditions {
  /** Workspace id or slug the key must reach. */
  workspace?: string | undefined;
  /** ADMIN satisfies READ, WRITE and EXECUTE; otherwise exact. */
  permission?: Permission | undefined;
  scope?: string | undefined;
  environment?: Environment | undefined;
  /** Client address (checked against the key's allowlist). */
  ip?: string | undefined;
}

/** One check a key goes through, in the order the verifier applies them. */
export type KeyCheck =
  | "STATUS"
  | "LOCK"
  | "EXPIRY"
  | "ENVIRONMENT"
  | "IP_ALLOWLIST"
  | "WORKSPACE"
  | "PERMISSION"
  | "SCOPE";

export interface KeyCheckOutcome {
  check: KeyCheck;
  /** The verify code this check alone would answer; null when it passes. */
  denial: VerifyCode | null;
}

function statusDenial(record: KeyRecord): VerifyCode | null {
  switch (record.status) {
    case "ACTIVE":
      return null;
    case "PENDING":
    case "APPROVED":
      return "PENDING";
    case "REJECTED":
      return "REJECTED";
    default:
      return "REVOKED";
  }
}

// A locked key (suspicious activity) is refused exactly like a revoked one.
const lockDenial = (record: KeyRecord): VerifyCode | null => (record.locked ? "REVOKED" : null);

const expiryDenial = (record: KeyRecord, nowMs: number): VerifyCode | null =>
  record.expiresAtMs !== null && record.expiresAtMs <= nowMs ? "EXPIRED" : null;

const environmentDenial = (record: KeyRecord, conditions: KeyConditions): VerifyCode | null =>
  conditions.environment !== undefined && conditions.environment !== record.environment
    ? "ENVIRONMENT_MISMATCH"
    : null;

const ipDenial = (record: KeyRecord, conditions: KeyConditions): VerifyCode | null =>
  record.ipAllowlist !== null && !record.ipAllowlist.allows(conditions.ip) ? "IP_DENIED" : null;

const workspaceDenial = (record: KeyRecord, conditions: KeyConditions): VerifyCode | null =>
  conditions.workspace !== undefined && !record.workspaces.has(conditions.workspace)
    ? "WORKSPACE_DENIED"
    : null;

const permissionDenial = (record: KeyRecord, conditions: KeyConditions): VerifyCode | null =>
  conditions.permission !== undefined && !record.grantedPermissions.has(conditions.permission)
    ? "FORBIDDEN"
    : null;

const scopeDenial = (record: KeyRecord, conditions: KeyConditions): VerifyCode | null =>
  conditions.scope !== undefined && !record.scopes.has(conditions.scope) ? "FORBIDDEN" : null;

/**
 * The verifier's decision without the rate limit: the first failing check in DESIGN order, null
 * when every check passes. Allocation-free (this runs on every verification).
 */
export function keyDenial(record: KeyRecord, conditions: KeyConditions, nowMs: number): VerifyCode | null {
  return (
    statusDenial(record) ??
    lockDenial(record) ??
    expiryDenial(record, nowMs) ??
    environmentDenial(record, conditions) ??
    ipDenial(record, conditions) ??
    workspaceDenial(record, conditions) ??
    permissionDenial(record, conditions) ??
    scopeDenial(record, conditions)
  );
}

/**
 * Every check that applies to these conditions with its own outcome (not only the first failure):
 * checks of conditions that were not asked are left out, except the key's own state and allowlist.
 */
export function keyCheckOutcomes(
  record: KeyRecord,
  conditions: KeyConditions,
  nowMs: number,
): KeyCheckOutcome[] {
  const outcomes: KeyCheckOutcome[] = [
    { check: "STATUS", denial: statusDenial(record) },
    { check: "LOCK", denial: lockDenial(record) },
    { check: "EXPIRY", denial: expiryDenial(record, nowMs) },
  ];
  if (conditions.environment !== undefined) {
    outcomes.push({ check: "ENVIRONMENT", denial: environmentDenial(record, conditions) });
  }
  if (record.ipAllowlist !== null)
    outcomes.push({ check: "IP_ALLOWLIST", denial: ipDenial(record, conditions) });
  if (conditions.workspace !== undefined) {
    outcomes.push({ check: "WORKSPACE", denial: workspaceDenial(record, conditions) });
  }
  if (conditions.permission !== undefined) {
    outcomes.push({ check: "PERMISSION", denial: permissionDenial(record, conditions) });
  }
  if (conditions.scope !== undefined)
    outcomes.push({ check: "SCOPE", denial: scopeDenial(record, conditions) });
  return outcomes;
}
