import type {
  AuditEvent,
  Environment,
  KeyModule,
  Permission,
  RevocationCause,
} from "../../generated/prisma/client.ts";
import { keyStatusView } from "../../keys/key-status.ts";
import { canonicalJson } from "../audit-hash.ts";
import type { ExportTable } from "./export-encoding.ts";

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * Audit-log rows exactly as chained, hashes included: with the account id, an unfiltered export
 * can be re-verified offline with the same algorithm as `auditChainStatus`.
 */
export const auditLogTable: ExportTable<AuditEvent> = {
  columns: [
    "seq",
    "occurredAt",
    "action",
    "actorKind",
    "actorId",
    "viaKeyId",
    "targetType",
    "targetId",
    "cause",
    "ip",
    "data",
    "prevHash",
    "hash",
  ],
  cells: (event) => [
    String(event.seq),
    event.occurredAt.toISOString(),
    event.action,
    event.actorKind,
    event.actorId,
    event.viaKeyId,
    event.targetType,
    event.targetId,
    event.cause,
    event.ip,
    canonicalJson(event.data),
    event.prevHash,
    event.hash,
  ],
  json: (event) => ({
    seq: event.seq,
    occurredAt: event.occurredAt.toISOString(),
    action: event.action,
    actorKind: event.actorKind,
    actorId: event.actorId,
    viaKeyId: event.viaKeyId,
    targetType: event.targetType,
    targetId: event.targetId,
    cause: event.cause,
    ip: event.ip,
    // Canonical (sorted keys), so the bytes depend only on the stored value.
    data: JSON.parse(canonicalJson(event.data)) as unknown,
    prevHash: event.prevHash,
    hash: event.hash,
  }),
};

/** A key as exported: never its hash, never anything secret. */
export interface RegistryRow {
  id: string;
  name: string;
  owner: { email: string | null };
  displayHint: string | null;
  status: string;
  expiresAt: Date | null;
  environment: Environment;
  module: KeyModule;
  permissions: Permission[];
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revocationCause: RevocationCause | null;
}

/** The registry columns; the status is the one shown at the export's snapshot time (EXPIRED is derived). */
export function keyRegistryTable(snapshotAt: Date): ExportTable<RegistryRow> {
  return {
    columns: [
      "id",
      "name",
      "ownerEmail",
      "displayHint",
      "status",
      "environment",
      "module",
      "permissions",
      "scopes",
      "createdAt",
      "expiresAt",
      "lastUsedAt",
      "revokedAt",
      "revocationCause",
    ],
    cells: (key) => [
      key.id,
      key.name,
      key.owner.email,
      key.displayHint,
      keyStatusView(key, snapshotAt),
      key.environment,
      key.module,
      key.permissions.join(" "),
      key.scopes.join(" "),
      key.createdAt.toISOString(),
      iso(key.expiresAt),
      iso(key.lastUsedAt),
      iso(key.revokedAt),
      key.revocationCause,
    ],
    json: (key) => ({
      id: key.id,
      name: key.name,
      ownerEmail: key.owner.email,
      displayHint: key.displayHint,
      status: keyStatusView(key, snapshotAt),
      environment: key.environment,
      module: key.module,
      permissions: key.permissions,
      scopes: key.scopes,
      createdAt: key.createdAt.toISOString(),
      expiresAt: iso(key.expiresAt),
      lastUsedAt: iso(key.lastUsedAt),
      revokedAt: iso(key.revokedAt),
      revocationCause: key.revocationCause,
    }),
  };
}

/** The columns read for the registry: a select, so the hash is never even loaded. */
export const registrySelect = {
  id: true,
  name: true,
  owner: { select: { email: true } },
  displayHint: true,
  status: true,
  expiresAt: true,
  environment: true,
  module: true,
  permissions: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  revocationCause: true,
} as const;
