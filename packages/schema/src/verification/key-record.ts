import type { Environment, KeyModule, KeyStatus, Permission } from "../generated/prisma/enums.ts";
import { createIpAllowlist, type IpAllowlist } from "./ip-allowlist.ts";
import type { KeyWorkspace, VerifyResult } from "./verify-result.ts";

/** The key as the verifier's single SQL statement returns it (one JSON object; enums as their names). */
export interface KeyRecordRow {
  id: string;
  accountId: string;
  ownerId: string;
  status: string;
  environment: string;
  permissions: string[] | null;
  scopes: string[] | null;
  module: string;
  /** UTC ISO 8601 text. */
  expiresAt: string | null;
  locked: boolean;
  ipAllowlist: string[] | null;
  rateLimitPerMinute: number | null;
  workspaces: KeyWorkspace[] | string | null;
}

/**
 * A key as the verifier needs it, with everything a request checks precomputed once per cache fill
 * (permission and scope sets, workspace lookup, compiled allowlist, the VALID response).
 */
export interface KeyRecord {
  readonly id: string;
  readonly accountId: string;
  readonly ownerId: string;
  readonly status: KeyStatus;
  readonly environment: Environment;
  readonly module: KeyModule;
  /** Permissions granted, ADMIN expanded to READ/WRITE/EXECUTE. */
  readonly grantedPermissions: ReadonlySet<Permission>;
  readonly scopes: ReadonlySet<string>;
  /** Workspace by id and by slug (ids take precedence). */
  readonly workspaces: ReadonlyMap<string, KeyWorkspace>;
  /** Epoch milliseconds; null when the key never expires. */
  readonly expiresAtMs: number | null;
  readonly locked: boolean;
  readonly ipAllowlist: IpAllowlist | null;
  readonly rateLimitPerMinute: number | null;
  /** The frozen VALID response (without rate-limit state), shared by every request. */
  readonly validResult: VerifyResult;
}

const ADMIN_IMPLIES: readonly Permission[] = ["READ", "WRITE", "EXECUTE", "ADMIN"];

/** Builds the cached record from the database row. */
export function toKeyRecord(row: KeyRecordRow): KeyRecord {
  const permissions = (row.permissions ?? []) as Permission[];
  const scopes = row.scopes ?? [];
  const workspaceList = parseWorkspaces(row.workspaces);
  const grantedPermissions = new Set<Permission>(permissions.includes("ADMIN") ? ADMIN_IMPLIES : permissions);
  const workspaces = new Map<string, KeyWorkspace>();
  for (const workspace of workspaceList) workspaces.set(workspace.slug, workspace);
  for (const workspace of workspaceList) workspaces.set(workspace.id, workspace);
  const environment = row.environment as Environment;
  const expiresAt = row.expiresAt === null ? null : new Date(row.expiresAt);
  const validResult: VerifyResult = Object.freeze({
    valid: true,
    code: "VALID",
    keyId: row.id,
    ownerId: row.ownerId,
    environment,
    permissions: Object.freeze([...permissions]),
    scopes: Object.freeze([...scopes]),
    workspaces: Object.freeze(workspaceList),
    expiresAt: expiresAt === null ? null : expiresAt.toISOString(),
  });
  return {
    id: row.id,
    accountId: row.accountId,
    ownerId: row.ownerId,
    status: row.status as KeyStatus,
    environment,
    module: row.module as KeyModule,
    grantedPermissions,
    scopes: new Set(scopes),
    workspaces,
    expiresAtMs: expiresAt === null ? null : expiresAt.getTime(),
    locked: row.locked === true,
    ipAllowlist: createIpAllowlist(row.ipAllowlist ?? []),
    rateLimitPerMinute: row.rateLimitPerMinute,
    validResult,
  };
}

function parseWorkspaces(value: KeyRecordRow["workspaces"]): KeyWorkspace[] {
  // json_agg arrives parsed from some drivers and as text from others.
  const list: unknown = typeof value === "string" ? JSON.parse(value) : value;
  if (!Array.isArray(list)) return [];
  return list.map((item: { id: string; slug: string }) => Object.freeze({ id: item.id, slug: item.slug }));
}
