import { z } from "zod";
import { DomainError, notFound, parseInput } from "../errors/index.ts";
import type { ProfileStatus, Role } from "../generated/prisma/enums.ts";
import type { Clock } from "../runtime/clock.ts";
import type { IdentityDatabase } from "./identity-database.ts";
import { hashPassword, verifyPassword } from "./password-hashing.ts";
import { assertPasswordPolicy } from "./password-policy.ts";
import { type ProfileSummary, profileSummarySelect } from "./profile-summary.ts";
import { endProfileSessions } from "./sessions.ts";

/**
 * Profile operations for the GraphQL layer, which decides who may call them; these enforce the
 * domain rules only. Pass an interactive transaction's client as `prisma` to write the audit
 * event in the same transaction, then publish "user.changed" / "principal.ended" after commit
 * from what is returned.
 */
export interface ProfileDependencies {
  prisma: IdentityDatabase;
  clock: Clock;
}

/** Who is acting (a GraphQL `Viewer` fits). Targets outside the actor's account are not found. */
export interface ProfileActor {
  profileId: string;
  accountId: string;
}

export interface ProfileChange {
  profile: ProfileSummary;
  /** False when the profile already had the requested value (nothing written). */
  changed: boolean;
  /** Sessions deleted by the change: publish them as "principal.ended" after commit. */
  endedSessionIds: string[];
}

export interface ChangePasswordInput {
  profileId: string;
  currentPassword: string;
  newPassword: string;
  /** The session making the change stays signed in; every other session ends. */
  currentSessionId?: string | null | undefined;
}

/** Input of createServiceAccount; also usable by the GraphQL layer to validate its input. */
export const serviceAccountInputSchema = z.object({
  displayName: z.string().trim().min(1, "Enter a name").max(200, "Use at most 200 characters"),
  orgUnit: z
    .string()
    .trim()
    .max(200, "Use at most 200 characters")
    .nullish()
    .transform((orgUnit) => (orgUnit ? orgUnit : null)),
});

export type ServiceAccountInput = z.input<typeof serviceAccountInputSchema>;

async function findInAccount(prisma: IdentityDatabase, actor: ProfileActor, profileId: string) {
  const profile = await prisma.profile.findFirst({
    where: { id: profileId, accountId: actor.accountId },
    select: profileSummarySelect,
  });
  if (profile === null) throw notFound("Profile");
  return profile;
}

/**
 * Refuses a change that would leave the account without an active super_admin who can sign in.
 * The account's super_admin rows are locked so two concurrent demotions cannot both pass.
 */
export async function assertAnotherSuperAdmin(
  prisma: IdentityDatabase,
  accountId: string,
  leavingId: string,
) {
  const superAdmins = await prisma.$queryRaw<Array<{ id: string }>>`
    SELECT "id" FROM "Profile"
    WHERE "accountId" = ${accountId} AND "role" = 'SUPER_ADMIN' AND "status" = 'ACTIVE' AND "kind" = 'USER'
    ORDER BY "id"
    FOR UPDATE`;
  if (!superAdmins.some((admin) => admin.id !== leavingId)) {
    throw new DomainError(
      "SELF_LOCKOUT",
      "The account must keep at least one active super admin; promote someone else first",
    );
  }
}

const isActiveSuperAdmin = (profile: ProfileSummary) =>
  profile.role === "SUPER_ADMIN" && profile.status === "ACTIVE" && profile.kind === "USER";

/**
 * Changes a profile's role and ends its sessions. Refuses SSO-managed users (SSO_MANAGED_ROLE),
 * the actor's own role and demoting the last super_admin (SELF_LOCKOUT).
 */
export async function setUserRole(
  deps: ProfileDependencies,
  actor: ProfileActor,
  profileId: string,
  role: Role,
): Promise<ProfileChange> {
  const target = await findInAccount(deps.prisma, actor, profileId);
  if (target.ssoManaged) {
    throw new DomainError(
      "SSO_MANAGED_ROLE",
      `${target.displayName}'s role comes from single sign-on and is reapplied at every sign-in; ` +
        "change the role mapping in the identity provider instead",
    );
  }
  if (target.id === actor.profileId) {
    throw new DomainError("SELF_LOCKOUT", "You cannot change your own role; ask another administrator");
  }
  if (target.role === role) return { profile: target, changed: false, endedSessionIds: [] };
  if (isActiveSuperAdmin(target)) await assertAnotherSuperAdmin(deps.prisma, actor.accountId, target.id);

  const profile = await deps.prisma.profile.update({
    where: { id: target.id },
    data: { role },
    select: profileSummarySelect,
  });
  const endedSessionIds = await endProfileSessions(deps.prisma, target.id);
  return { profile, changed: true, endedSessionIds };
}

/**
 * Activates or deactivates a profile; deactivation ends its sessions. Refuses deactivating
 * oneself or the last active super_admin (SELF_LOCKOUT).
 */
export async function setUserStatus(
  deps: ProfileDependencies,
  actor: ProfileActor,
  profileId: string,
  status: ProfileStatus,
): Promise<ProfileChange> {
  const target = await findInAccount(deps.prisma, actor, profileId);
  if (target.status === status) return { profile: target, changed: false, endedSessionIds: [] };
  if (status === "INACTIVE") {
    if (target.id === actor.profileId) {
      throw new DomainError("SELF_LOCKOUT", "You cannot deactivate yourself; ask another administrator");
    }
    if (isActiveSuperAdmin(target)) await assertAnotherSuperAdmin(deps.prisma, actor.accountId, target.id);
  }

  const profile = await deps.prisma.profile.update({
    where: { id: target.id },
    data: { status },
    select: profileSummarySelect,
  });
  const endedSessionIds = status === "INACTIVE" ? await endProfileSessions(deps.prisma, target.id) : [];
  return { profile, changed: true, endedSessionIds };
}

/**
 * Replaces a password after checking the current one (INVALID_CREDENTIALS) and the policy
 * (VALIDATION_FAILED on `newPassword`); ends every session but the current one.
 */
export async function changePassword(
  deps: ProfileDependencies,
  input: ChangePasswordInput,
): Promise<{ endedSessionIds: string[] }> {
  const profile = await deps.prisma.profile.findUnique({
    where: { id: input.profileId },
    select: { id: true, kind: true, passwordHash: true },
  });
  const passwordHash = profile?.kind === "USER" ? profile.passwordHash : null;
  const currentMatches = await verifyPassword(passwordHash, input.currentPassword);
  if (profile === null || !currentMatches) {
    throw new DomainError("INVALID_CREDENTIALS", "The current password is incorrect");
  }
  assertPasswordPolicy(input.newPassword, "newPassword");
  if (input.newPassword === input.currentPassword) {
    throw new DomainError("VALIDATION_FAILED", "The new password is the current one", [
      { path: "newPassword", message: "Choose a password different from the current one" },
    ]);
  }

  await deps.prisma.profile.update({
    where: { id: profile.id },
    data: { passwordHash: await hashPassword(input.newPassword), passwordChangedAt: deps.clock.now() },
  });
  const endedSessionIds = await endProfileSessions(deps.prisma, profile.id, {
    except: input.currentSessionId ?? undefined,
  });
  return { endedSessionIds };
}

/** Creates a non-human principal: no email, no password, cannot sign in; it can own API keys. */
export async function createServiceAccount(
  deps: ProfileDependencies,
  accountId: string,
  input: ServiceAccountInput,
): Promise<ProfileSummary> {
  const parsed = parseInput(serviceAccountInputSchema, input);
  const account = await deps.prisma.account.findUnique({ where: { id: accountId }, select: { id: true } });
  if (account === null) throw notFound("Account");
  return deps.prisma.profile.create({
    data: {
      accountId,
      kind: "SERVICE_ACCOUNT",
      displayName: parsed.displayName,
      orgUnit: parsed.orgUnit,
      role: "USER",
    },
    select: profileSummarySelect,
  });
}
