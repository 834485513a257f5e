import { type AuditActor, actorOf } from "../audit/audit-actor.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { DomainError, notFound } from "../errors/index.ts";
import type { ApiKey, Prisma } from "../generated/prisma/client.ts";
import type { Actor } from "../identity/viewer.ts";
import { publishKeyChanges } from "../keys/publish-key-changes.ts";
import type { PolicyDependencies } from "./policy-dependencies.ts";

/**
 * Locks an active key (the verifier answers REVOKED for it) with a conditional update, so that
 * of several instances detecting the same incident exactly one locks and audits. Null when the
 * key was not active or already locked. The caller publishes the change after commit.
 */
export async function lockKeyInTransaction(
  tx: Prisma.TransactionClient,
  actor: AuditActor,
  keyId: string,
  reason: Record<string, unknown>,
  now: Date,
): Promise<ApiKey | null> {
  const updated = await tx.apiKey.updateMany({
    where: { id: keyId, accountId: actor.accountId, status: "ACTIVE", lockedAt: null },
    data: { lockedAt: now },
  });
  if (updated.count === 0) return null;
  const key = await tx.apiKey.findUniqueOrThrow({ where: { id: keyId } });
  await recordAuditEvent(
    tx,
    actor,
    {
      action: "apiKey.locked",
      targetType: "ApiKey",
      targetId: keyId,
      cause: "SUSPICIOUS_ACTIVITY",
      data: { ownerId: key.ownerId, ...reason },
    },
    now,
  );
  return key;
}

/** Lifts an automatic lock after an admin has looked at the incident (audited). */
export async function unlockApiKey(deps: PolicyDependencies, actor: Actor, keyId: string): Promise<ApiKey> {
  const now = deps.clock.now();
  const key = await deps.prisma.$transaction(async (tx) => {
    const current = await tx.apiKey.findFirst({ where: { id: keyId, accountId: actor.accountId } });
    if (!current) throw notFound("API key");
    const updated = await tx.apiKey.updateMany({
      where: { id: keyId, lockedAt: { not: null } },
      data: { lockedAt: null },
    });
    if (updated.count === 0) throw new DomainError("INVALID_STATE", "This key is not locked");
    await recordAuditEvent(
      tx,
      actorOf(actor, actor.ip),
      {
        action: "apiKey.unlocked",
        targetType: "ApiKey",
        targetId: keyId,
        data: { ownerId: current.ownerId, lockedAt: current.lockedAt?.toISOString() ?? null },
      },
      now,
    );
    return tx.apiKey.findUniqueOrThrow({ where: { id: keyId } });
  });
  // Every instance reloads the key: its cached record still says "locked".
  publishKeyChanges(deps.events, [key], "UNLOCKED");
  return key;
}
