import { actorOf } from "../audit/audit-actor.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { DomainError, notFound } from "../errors/index.ts";
import { parseInput } from "../errors/parse-input.ts";
import type { Prisma, Role } from "../generated/prisma/client.ts";
import { type OffboardResult, offboardUser } from "../keys/offboard-user.ts";
import { offboardUserInput, setUserRoleInput, setUserStatusInput } from "./identity-input.ts";
import type { IdentityDependencies } from "./identity-services.ts";
import type { ProfileSummary } from "./profile-summary.ts";
import {
  createServiceAccount,
  type ProfileChange,
  type ServiceAccountInput,
  setUserRole,
  setUserStatus,
} from "./profiles.ts";
import type { Actor } from "./viewer.ts";

type AdminDependencies = Pick<IdentityDependencies, "prisma" | "clock" | "events">;

/**
 * Only a super_admin may create or act on a super_admin: otherwise a user_admin could promote
 * itself through a second account, or lock the super_admins out.
 */
function assertMayManage(actor: Actor, targetRole: Role, grantedRole: Role | null = null): void {
  if (actor.role === "SUPER_ADMIN") return;
  if (grantedRole === "SUPER_ADMIN") {
    throw new DomainError("PRIVILEGE_ESCALATION", "Only a super admin can grant the super admin role");
  }
  if (targetRole === "SUPER_ADMIN") {
    throw new DomainError("PRIVILEGE_ESCALATION", "Only a super admin can change a super admin");
  }
}

async function findTarget(prisma: Prisma.TransactionClient, actor: Actor, profileId: string) {
  const target = await prisma.profile.findFirst({
    where: { id: profileId, accountId: actor.accountId },
    select: { id: true, role: true, status: true },
  });
  if (target === null) throw notFound("User");
  return target;
}

/** After commit: the Users surface updates live, and the target's sockets are re-checked or closed. */
function publishProfileChange(deps: AdminDependencies, change: ProfileChange, name: string): void {
  if (!change.changed) return;
  deps.events.publish("user.changed", {
    accountId: change.profile.accountId,
    profileId: change.profile.id,
    role: change.profile.role,
    status: change.profile.status,
    change: name,
  });
  deps.events.publish("principal.ended", {
    sessionIds: change.endedSessionIds,
    keyIds: [],
    profileIds: [change.profile.id],
  });
}

/** Changes a user's role, audited; the user's sessions end (they sign in again with the new role). */
export async function changeUserRole(
  deps: AdminDependencies,
  actor: Actor,
  rawInput: unknown,
): Promise<ProfileSummary> {
  const input = parseInput(setUserRoleInput, rawInput);
  const now = deps.clock.now();
  const change = await deps.prisma.$transaction(async (tx) => {
    const target = await findTarget(tx, actor, input.userId);
    assertMayManage(actor, target.role, input.role);
    const changed = await setUserRole({ prisma: tx, clock: deps.clock }, actor, target.id, input.role);
    if (changed.changed) {
      await recordAuditEvent(
        tx,
        actorOf(actor, actor.ip),
        {
          action: "user.roleChanged",
          targetType: "Profile",
          targetId: target.id,
          data: { from: target.role, to: input.role, endedSessions: changed.endedSessionIds.length },
        },
        now,
      );
    }
    return changed;
  });
  publishProfileChange(deps, change, "ROLE_CHANGED");
  return change.profile;
}

/** Activates or deactivates a user, audited; deactivation ends the user's sessions. */
export async function changeUserStatus(
  deps: AdminDependencies,
  actor: Actor,
  rawInput: unknown,
): Promise<ProfileSummary> {
  const input = parseInput(setUserStatusInput, rawInput);
  const now = deps.clock.now();
  const change = await deps.prisma.$transaction(async (tx) => {
    const target = await findTarget(tx, actor, input.userId);
    assertMayManage(actor, target.role);
    const changed = await setUserStatus({ prisma: tx, clock: deps.clock }, actor, target.id, input.status);
    if (changed.changed) {
      await recordAuditEvent(
        tx,
        actorOf(actor, actor.ip),
        {
          action: input.status === "INACTIVE" ? "user.deactivated" : "user.reactivated",
          targetType: "Profile",
          targetId: target.id,
          data: { from: target.status, to: input.status, endedSessions: changed.endedSessionIds.length },
        },
        now,
      );
    }
    return changed;
  });
  publishProfileChange(deps, change, input.status === "INACTIVE" ? "DEACTIVATED" : "REACTIVATED");
  return change.profile;
}

/**
 * The leaver flow (keys/offboard-user.ts: keys revoked first, then the profile deactivated and its
 * sessions ended, one audited transaction), behind the same rules as the other user changes.
 */
export async function offboardProfile(
  deps: AdminDependencies,
  actor: Actor,
  rawInput: unknown,
): Promise<OffboardResult> {
  const input = parseInput(offboardUserInput, rawInput);
  const target = await findTarget(deps.prisma, actor, input.userId);
  assertMayManage(actor, target.role);
  return offboardUser(deps, actor, target.id, input.reason);
}

/** Creates a service account (a non-human principal that can own keys), audited. */
export async function addServiceAccount(
  deps: AdminDependencies,
  actor: Actor,
  input: ServiceAccountInput,
): Promise<ProfileSummary> {
  const now = deps.clock.now();
  const profile = await deps.prisma.$transaction(async (tx) => {
    const created = await createServiceAccount({ prisma: tx, clock: deps.clock }, actor.accountId, input);
    await recordAuditEvent(
      tx,
      actorOf(actor, actor.ip),
      {
        action: "serviceAccount.created",
        targetType: "Profile",
        targetId: created.id,
        data: { displayName: created.displayName, orgUnit: created.orgUnit },
      },
      now,
    );
    return created;
  });
  deps.events.publish("user.changed", {
    accountId: profile.accountId,
    profileId: profile.id,
    role: profile.role,
    status: profile.status,
    change: "CREATED",
  });
  return profile;
}
