import type { Prisma } from "../generated/prisma/client.ts";
import type { AuditActor } from "./audit-actor.ts";
import { auditEventHash, GENESIS_HASH } from "./audit-hash.ts";

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string | null;
  cause?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Appends an event to the account's hash chain inside the caller's transaction, so the change
 * and its audit record commit or fail together. A transaction-scoped advisory lock per account
 * orders concurrent writers (each sees the previous hash).
 */
export async function recordAuditEvent(
  tx: Prisma.TransactionClient,
  actor: AuditActor,
  entry: AuditEntry,
  occurredAt: Date,
): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`audit:${actor.accountId}`}, 0))`;
  const last = await tx.auditEvent.findFirst({
    where: { accountId: actor.accountId },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const data = entry.data ?? {};
  const fields = {
    accountId: actor.accountId,
    seq,
    actorId: actor.actorId,
    actorKind: actor.actorKind,
    viaKeyId: actor.viaKeyId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    cause: entry.cause ?? null,
    data,
    ip: actor.ip,
    occurredAt,
  };
  await tx.auditEvent.create({
    data: {
      ...fields,
      data: data as Prisma.InputJsonValue,
      prevHash,
      hash: auditEventHash(prevHash, fields),
    },
  });
}
