import { actorOf } from "../audit/audit-actor.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { DomainError, notFound } from "../errors/index.ts";
import { parseInput } from "../errors/parse-input.ts";
import type { ApiKey, Prisma } from "../generated/prisma/client.ts";
import type { Actor } from "../identity/viewer.ts";
import type { KeyDependencies } from "../keys/key-dependencies.ts";
import { publishRequestChange } from "./publish-request-changes.ts";
import { rejectKeyRequestInput } from "./request-input.ts";
import { requestStateError } from "./request-state.ts";

// Read through the transaction: on the embedded engine it holds the only connection.
async function refusal(tx: Prisma.TransactionClient, actor: Actor, keyId: string, step: string) {
  const current = await tx.apiKey.findFirst({ where: { id: keyId, accountId: actor.accountId } });
  if (!current) return notFound("Key request");
  if (current.status === "PENDING" && current.ownerId === actor.profileId) {
    return new DomainError("SELF_APPROVAL", "Another admin must review your own request");
  }
  return requestStateError(current, step);
}

/**
 * PENDING → APPROVED: a conditional update, so two reviewers cannot both decide. The secret is
 * not minted here; the requester claims it once. Nobody approves their own request.
 */
export async function approveKeyRequest(deps: KeyDependencies, actor: Actor, keyId: string): Promise<ApiKey> {
  const now = deps.clock.now();
  const key = await deps.prisma.$transaction(async (tx) => {
    const updated = await tx.apiKey.updateMany({
      where: { id: keyId, accountId: actor.accountId, status: "PENDING", ownerId: { not: actor.profileId } },
      data: { status: "APPROVED", reviewedById: actor.profileId, reviewedAt: now },
    });
    if (updated.count === 0) throw await refusal(tx, actor, keyId, "approved");
    const approved = await tx.apiKey.findUniqueOrThrow({ where: { id: keyId } });
    await recordAuditEvent(
      tx,
      actorOf(actor, actor.ip),
      {
        action: "keyRequest.approved",
        targetType: "ApiKey",
        targetId: keyId,
        data: { ownerId: approved.ownerId, toolId: approved.toolId, environment: approved.environment },
      },
      now,
    );
    return approved;
  });
  publishRequestChange(deps.events, key, "APPROVED");
  return key;
}

/** PENDING → REJECTED with a reason the requester sees on their row. */
export async function rejectKeyRequest(
  deps: KeyDependencies,
  actor: Actor,
  keyId: string,
  rawInput: unknown,
): Promise<ApiKey> {
  const input = parseInput(rejectKeyRequestInput, rawInput);
  const now = deps.clock.now();
  const key = await deps.prisma.$transaction(async (tx) => {
    const updated = await tx.apiKey.updateMany({
      where: { id: keyId, accountId: actor.accountId, status: "PENDING" },
      data: {
        status: "REJECTED",
        reviewedById: actor.profileId,
        reviewedAt: now,
        reviewReason: input.reason,
      },
    });
    if (updated.count === 0) throw await refusal(tx, actor, keyId, "rejected");
    const rejected = await tx.apiKey.findUniqueOrThrow({ where: { id: keyId } });
    await recordAuditEvent(
      tx,
      actorOf(actor, actor.ip),
      {
        action: "keyRequest.rejected",
        targetType: "ApiKey",
        targetId: keyId,
        cause: input.reason,
        data: { ownerId: rejected.ownerId, toolId: rejected.toolId, environment: rejected.environment },
      },
      now,
    );
    return rejected;
  });
  publishRequestChange(deps.events, key, "REJECTED");
  return key;
}
