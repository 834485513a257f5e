import { actorOf } from "../audit/audit-actor.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { DomainError, notFound } from "../errors/index.ts";
import type { ApiKey } from "../generated/prisma/client.ts";
import { assertAnotherSuperAdmin } from "../identity/profiles.ts";
import type { Actor } from "../identity/viewer.ts";
import type { KeyDependencies } from "./key-dependencies.ts";
import { publishKeyChanges } from "./publish-key-changes.ts";
import { revokeInTransaction } from "./revoke-api-key.ts";

export interface OffboardResult {
  revokedKeys: ApiKey[];
  endedSessionIds: string[];
}

/**
 * The leaver flow (seed 002, step 5), as one audited operation: revoke every key the profile
 * owns first (so automation using them is cut off), then deactivate the profile and end its
 * sessions.
 */
export async function offboardUser(
  deps: KeyDependencies,
  actor: Actor,
  profileId: string,
  reason: string | null,
): Promise<OffboardResult> {
  if (profileId === actor.profileId) throw new DomainError("SELF_LOCKOUT", "You cannot offboard yourself");
  const profile = await deps.prisma.profile.findFirst({
    where: { id: profileId, accountId: actor.accountId },
  });
  if (!profile) throw notFound("User");
  const now = deps.clock.now();
  const result = await deps.prisma.$transaction(async (tx) => {
    // Two super_admins offboarding each other at once must not leave the account without one.
    if (profile.role === "SUPER_ADMIN") await assertAnotherSuperAdmin(tx, profile.accountId, profile.id);
    const keys = await tx.apiKey.findMany({
      where: { ownerId: profileId, status: { in: ["ACTIVE", "APPROVED", "PENDING"] } },
      select: { id: true },
      orderBy: { createdAt: "asc" },
    });
    const revokedKeys: ApiKey[] = [];
    for (const { id } of keys)
      revokedKeys.push(await revokeInTransaction(tx, actor, id, "LEAVER", reason, now));
    await tx.profile.update({ where: { id: profileId }, data: { status: "INACTIVE" } });
    const sessions = await tx.session.findMany({ where: { profileId }, select: { id: true } });
    await tx.session.deleteMany({ where: { profileId } });
    await recordAuditEvent(
      tx,
      actorOf(actor, actor.ip),
      {
        action: "user.offboarded",
        targetType: "Profile",
        targetId: profileId,
        cause: reason,
        data: { revokedKeyIds: revokedKeys.map((key) => key.id), status: "INACTIVE" },
      },
      now,
    );
    return { revokedKeys, endedSessionIds: sessions.map((session) => session.id) };
  });
  publishKeyChanges(deps.events, result.revokedKeys, "REVOKED");
  deps.events.publish("user.changed", {
    accountId: profile.accountId,
    profileId,
    role: profile.role,
    status: "INACTIVE",
    change: "OFFBOARDED",
  });
  deps.events.publish("principal.ended", {
    sessionIds: result.endedSessionIds,
    keyIds: result.revokedKeys.map((key) => key.id),
    profileIds: [profileId],
  });
  return result;
}
