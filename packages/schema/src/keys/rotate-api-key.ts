import { actorOf } from "../audit/audit-actor.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { isBusyDatabase } from "../database/busy-database.ts";
import { isUniqueViolation } from "../database/unique-violation.ts";
import { DomainError, notFound } from "../errors/index.ts";
import type { Actor } from "../identity/viewer.ts";
import type { IssuedKey } from "./create-api-key.ts";
import { KEY_CHANGE_TRANSACTION, keyChangeBusy } from "./key-change-transaction.ts";
import type { KeyDependencies } from "./key-dependencies.ts";
import { needsStepUp } from "./key-power.ts";
import { publishKeyChanges } from "./publish-key-changes.ts";
import { revokeInTransaction } from "./revoke-api-key.ts";
import { generateToken } from "./token-format.ts";

/**
 * Rotation (routine rollover) and regeneration (lost secret): the replacement gets the same
 * settings and workspaces, and the previous key is revoked in the same transaction. The
 * successor link is unique, so concurrent rotations leave exactly one active successor.
 */
export async function rotateApiKey(
  deps: KeyDependencies,
  actor: Actor,
  keyId: string,
  cause: "ROTATED" | "REGENERATED" = "ROTATED",
): Promise<IssuedKey> {
  const now = deps.clock.now();
  const previous = await deps.prisma.apiKey.findFirst({
    where: { id: keyId, accountId: actor.accountId },
    include: { workspaces: { select: { workspaceId: true } } },
  });
  if (!previous) throw notFound("API key");
  if (previous.status !== "ACTIVE") {
    if (previous.status === "REVOKED") {
      throw new DomainError("KEY_REVOKED", "A revoked key cannot be rotated: create a new key instead");
    }
    throw new DomainError("KEY_NOT_ACTIVE", `A ${previous.status.toLowerCase()} key cannot be rotated`);
  }
  if (needsStepUp(previous.permissions) && !actor.key && !actor.mfaVerified) {
    throw new DomainError("MFA_REQUIRED", "Rotating an Execute or Admin key needs a recent MFA verification");
  }
  const generated = generateToken(previous.environment);
  const lifetime = previous.expiresAt ? previous.expiresAt.getTime() - previous.createdAt.getTime() : null;
  try {
    const [revoked, successor] = await deps.prisma.$transaction(async (tx) => {
      const revokedKey = await revokeInTransaction(tx, actor, keyId, cause, null, now);
      const created = await tx.apiKey.create({
        data: {
          accountId: previous.accountId,
          name: previous.name,
          description: previous.description,
          ownerId: previous.ownerId,
          createdById: actor.profileId,
          displayHint: generated.displayHint,
          hash: generated.hash,
          environment: previous.environment,
          permissions: previous.permissions,
          scopes: previous.scopes,
          module: previous.module,
          expiresAt: lifetime === null ? null : new Date(now.getTime() + lifetime),
          ipAllowlist: previous.ipAllowlist,
          rateLimitPerMinute: previous.rateLimitPerMinute,
          purpose: previous.purpose,
          toolId: previous.toolId,
          status: "ACTIVE",
          rotatedFromId: previous.id,
          workspaces: {
            create: previous.workspaces.map((grant) => ({
              workspaceId: grant.workspaceId,
              grantedById: actor.profileId,
            })),
          },
        },
      });
      await recordAuditEvent(
        tx,
        actorOf(actor, actor.ip),
        {
          action: cause === "ROTATED" ? "apiKey.rotated" : "apiKey.regenerated",
          targetType: "ApiKey",
          targetId: created.id,
          cause,
          data: { previousKeyId: previous.id, ownerId: created.ownerId },
        },
        now,
      );
      return [revokedKey, created] as const;
    }, KEY_CHANGE_TRANSACTION);
    publishKeyChanges(deps.events, [revoked, successor], cause);
    return { key: successor, token: generated.token, warnings: [] };
  } catch (error) {
    // The unique successor link lost a race with a concurrent rotation.
    if (isUniqueViolation(error)) {
      throw new DomainError("KEY_ALREADY_ROTATED", "This key was rotated by another request");
    }
    if (isBusyDatabase(error)) throw keyChangeBusy();
    throw error;
  }
}
