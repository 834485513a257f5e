import { createHash } from "node:crypto";

/** The chain starts from this hash for every account. */
export const GENESIS_HASH = "0".repeat(64);

export interface AuditHashInput {
  accountId: string;
  seq: number;
  actorId: string | null;
  actorKind: string;
  viaKeyId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  cause: string | null;
  data: unknown;
  ip: string | null;
  occurredAt: Date;
}

/** JSON with object keys sorted at every depth: one encoding for one value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, entry]) => entry !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(",")}}`;
}

/** SHA-256 over the previous hash and the canonical encoding of the event. */
export function auditEventHash(prevHash: string, event: AuditHashInput): string {
  const body = canonicalJson({ ...event, occurredAt: event.occurredAt.toISOString() });
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}
