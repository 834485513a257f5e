import { type AuditActor, actorOf } from "../audit/audit-actor.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { isBusyDatabase } from "../database/busy-database.ts";
import { DomainError, notFound } from "../errors/index.ts";
import { parseInput } from "../errors/parse-input.ts";
import type { ApiKey, Prisma, RevocationCause } from "../generated/prisma/client.ts";
import type { Actor } from "../identity/viewer.ts";
import { KEY_CHANGE_TRANSACTION, keyChangeBusy } from "./key-change-transaction.ts";
import type { KeyDependencies } from "./key-dependencies.ts";
import { revokeKeyInput } from "./key-input.ts";
import { publishKeyChanges } from "./publish-key-changes.ts";

const revocable = ["ACTIVE", "APPROVED", "PENDING"] as const;

/** Who revokes: a person or key principal, or the system (then no operator is recorded). */
export interface Revoker {
  accountId: string;
  /** The operator kept on the key (`revokedBy`); null for the system. */
  profileId: string | null;
  audit: AuditActor;
}

export const revokerOf = (actor: Actor): Revoker => ({
  accountId: actor.accountId,
  profileId: actor.profileId,
  audit: actorOf(actor, actor.ip),
});

/**
 * Revokes inside a transaction: a conditional update, so of two concurrent revokes (or a revoke
 * and a rotation) exactly one wins. Revocation is permanent (the database refuses any later
 * status change).
 */
export async function revokeKeyAs(
  tx: Prisma.TransactionClient,
  revoker: Revoker,
  keyId: string,
  cause: RevocationCause,
  note: string | null,
  now: Date,
): Promise<ApiKey> {
  const updated = await tx.apiKey.updateMany({
    where: { id: keyId, accountId: revoker.accountId, status: { in: [...revocable] } },
    data: {
      status: "REVOKED",
      revokedAt: now,
      revokedById: revoker.profileId,
      revocationCause: cause,
      revocationNote: note,
    },
  });
  if (updated.count === 0) {
    const current = await tx.apiKey.findFirst({ where: { id: keyId, accountId: revoker.accountId } });
    if (!current) throw notFound("API key");
    if (current.status === "REVOKED") throw new DomainError("KEY_REVOKED", "This key is already revoked");
    throw new DomainError("INVALID_STATE", `A ${current.status.toLowerCase()} key cannot be revoked`);
  }
  const key = await tx.apiKey.findUniqueOrThrow({ where: { id: keyId } });
  await recordAuditEvent(
    tx,
    revoker.audit,
    {
      action: "apiKey.revoked",
      targetType: "ApiKey",
      targetId: keyId,
      cause,
      data: { note, ownerId: key.ownerId },
    },
    now,
  );
  return key;
}

/** Revokes as the calling person or key principal (see revokeKeyAs). */
export function revokeInTransaction(
  tx: Prisma.TransactionClient,
  actor: Actor,
  keyId: string,
  cause: RevocationCause,
  note: string | null,
  now: Date,
): Promise<ApiKey> {
  return revokeKeyAs(tx, revokerOf(actor), keyId, cause, note, now);
}

/** Revokes a key immediately and permanently, audited with operator and cause. */
export async function revokeApiKey(deps: KeyDependencies, actor: Actor, keyId: string, rawInput: unknown) {
  const input = parseInput(revokeKeyInput, rawInput);
  const now = deps.clock.now();
  let key: ApiKey;
  try {
    key = await deps.prisma.$transaction(
      (tx) => revokeInTransaction(tx, actor, keyId, input.cause, input.note ?? null, now),
      KEY_CHANGE_TRANSACTION,
    );
  } catch (error) {
    if (isBusyDatabase(error)) throw keyChangeBusy();
    throw error;
  }
  publishKeyChanges(deps.events, [key], "REVOKED");
  return key;
}
