import { usagePressureWarnings } from "../analytics/usage-pressure.ts";
import { actorOf } from "../audit/audit-actor.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { notFound } from "../errors/index.ts";
import type { Actor } from "../identity/viewer.ts";
import { type IssuedKey, policyLimits } from "../keys/create-api-key.ts";
import type { KeyDependencies } from "../keys/key-dependencies.ts";
import { generateToken } from "../keys/token-format.ts";
import { publishRequestChange } from "./publish-request-changes.ts";
import { requestStateError } from "./request-state.ts";
import { checkedToolKeySettings } from "./tool-key-settings.ts";

/**
 * The requester claims an approved key: the secret is minted now and returned once. The update
 * is conditional on APPROVED and unclaimed, so of two claims exactly one gets the token and the
 * other ALREADY_CLAIMED.
 */
export async function claimApiKey(deps: KeyDependencies, actor: Actor, keyId: string): Promise<IssuedKey> {
  const now = deps.clock.now();
  const current = await deps.prisma.apiKey.findFirst({ where: { id: keyId, accountId: actor.accountId } });
  // Someone else's request is "not found" here; the GraphQL layer already refuses non-owners.
  if (!current || current.ownerId !== actor.profileId) throw notFound("Key request");
  if (current.status !== "APPROVED") throw requestStateError(current, "claimed");
  // The policy may have tightened while the request waited: hold the key to today's rules.
  const { expiresAt } = checkedToolKeySettings(
    actor,
    {
      name: current.name,
      environment: current.environment,
      ipAllowlist: current.ipAllowlist,
      purpose: current.purpose,
    },
    now,
    await policyLimits(deps.prisma, actor.accountId),
  );
  const generated = generateToken(current.environment);
  const key = await deps.prisma.$transaction(async (tx) => {
    const updated = await tx.apiKey.updateMany({
      where: { id: keyId, ownerId: actor.profileId, status: "APPROVED", claimedAt: null },
      data: {
        status: "ACTIVE",
        hash: generated.hash,
        displayHint: generated.displayHint,
        claimedAt: now,
        expiresAt,
      },
    });
    if (updated.count === 0) {
      const raced = await tx.apiKey.findUniqueOrThrow({ where: { id: keyId } });
      throw requestStateError(raced, "claimed");
    }
    const claimed = await tx.apiKey.findUniqueOrThrow({ where: { id: keyId } });
    await recordAuditEvent(
      tx,
      actorOf(actor, actor.ip),
      {
        action: "keyRequest.claimed",
        targetType: "ApiKey",
        targetId: keyId,
        data: { ownerId: claimed.ownerId, expiresAt: claimed.expiresAt?.toISOString() ?? null },
      },
      now,
    );
    return claimed;
  });
  publishRequestChange(deps.events, key, "CLAIMED");
  return {
    key,
    token: generated.token,
    warnings: await usagePressureWarnings(deps.prisma, actor.accountId, now),
  };
}
