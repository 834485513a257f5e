import type { AuditActor } from "../audit/audit-actor.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { DomainError } from "../errors/index.ts";
import type { EventBus } from "../events/index.ts";
import { Prisma, type PrismaClient, type Session } from "../generated/prisma/client.ts";
import type { Role } from "../generated/prisma/enums.ts";
import type { Clock } from "../runtime/clock.ts";
import type { IdentityDatabase } from "./identity-database.ts";
import { type ProfileSummary, profileSummarySelect } from "./profile-summary.ts";
import { createSession, endProfileSessions, publishEndedSessions } from "./sessions.ts";
import { type SsoIdentity, ssoIdentityFromClaims } from "./sso-claims.ts";
import { resolveSsoRole, type SsoRoleMap } from "./sso-role-map.ts";

export interface SsoSignInDependencies {
  prisma: PrismaClient;
  clock: Clock;
  events: EventBus;
}

/** The operator's SSO settings (validated once at start-up). */
export interface SsoSettings {
  /** Slug of the account new SSO users are created in. */
  accountSlug: string;
  /** Claim holding the user's groups or roles; a dotted path reaches nested claims. */
  roleClaim: string;
  roleMap: SsoRoleMap;
}

export interface SsoSignInInput {
  /** Claims of an ID token the caller has already verified (signature, issuer, audience, nonce). */
  claims: Readonly<Record<string, unknown>>;
  ip: string | null;
  userAgent: string | null;
}

export interface SsoSignInResult {
  /** Goes into the HttpOnly session cookie; never stored. */
  token: string;
  session: Session;
  profile: ProfileSummary;
  /** TOTP is enabled: the session may only verify a code (or sign out) until it passes. */
  mfaRequired: boolean;
  /** This sign-in created the profile. */
  created: boolean;
  /** The role the mapping applied, when it differs from the stored one (null otherwise). */
  roleChange: { from: Role; to: Role } | null;
}

type Attempt =
  | { result: SsoSignInResult; endedSessionIds: string[] }
  /** The profile exists but is deactivated: nothing was written. */
  | { inactive: ProfileSummary };

/**
 * Signs in a user the identity provider vouched for. The first sign-in creates the USER profile
 * (SSO-managed) in the configured account; every sign-in reapplies the role mapping, which wins
 * over manual edits (audited as "user.roleMappedBySso", and the user's other sessions end, as for
 * any role change), and refreshes email and display name. Refuses an INACTIVE profile
 * (ACCOUNT_INACTIVE) and never takes over a profile it did not create (SSO_ACCOUNT_CONFLICT).
 */
export async function signInWithSso(
  deps: SsoSignInDependencies,
  settings: SsoSettings,
  input: SsoSignInInput,
): Promise<SsoSignInResult> {
  const identity = ssoIdentityFromClaims(input.claims, settings.roleClaim);
  const role = resolveSsoRole(settings.roleMap, identity.roleClaimValues);
  const account = await deps.prisma.account.findUnique({
    where: { slug: settings.accountSlug },
    select: { id: true },
  });
  if (account === null) {
    throw new DomainError(
      "SSO_NOT_CONFIGURED",
      `Single sign-on users join the account "${settings.accountSlug}", which does not exist`,
    );
  }

  let attempt: Attempt;
  try {
    attempt = await signInAttempt(deps, account.id, identity, role, input);
  } catch (error) {
    // Two first sign-ins of one user raced and the other created the profile: sign in to it.
    if (!isUniqueViolation(error) && !(error instanceof ConcurrentFirstSignIn)) throw error;
    attempt = await signInAttempt(deps, account.id, identity, role, input);
  }
  if ("inactive" in attempt) throw inactive(deps, attempt.inactive, input.ip);
  publishEndedSessions(deps.events, attempt.endedSessionIds);
  const { profile, created, roleChange } = attempt.result;
  if (created || roleChange !== null) {
    deps.events.publish("user.changed", {
      accountId: profile.accountId,
      profileId: profile.id,
      role: profile.role,
      status: profile.status,
      change: created ? "createdBySso" : "roleMappedBySso",
    });
  }
  return attempt.result;
}

function signInAttempt(
  deps: SsoSignInDependencies,
  accountId: string,
  identity: SsoIdentity,
  role: Role,
  input: SsoSignInInput,
): Promise<Attempt> {
  const now = deps.clock.now();
  const client = { ip: input.ip, userAgent: input.userAgent };
  // The mapping, not a person, decides the role: audited as the system, from the user's address.
  const actor: AuditActor = { accountId, actorId: null, actorKind: "SYSTEM", viaKeyId: null, ip: input.ip };
  return deps.prisma.$transaction(async (tx) => {
    const existing = await tx.profile.findUnique({
      where: { accountId_ssoSubject: { accountId, ssoSubject: identity.subject } },
      select: profileSummarySelect,
    });
    if (existing === null) {
      await assertEmailFree(tx, identity.email, null, { accountId, subject: identity.subject });
      const profile = await tx.profile.create({
        data: {
          accountId,
          kind: "USER",
          email: identity.email,
          displayName: identity.displayName,
          role,
          ssoManaged: true,
          ssoSubject: identity.subject,
          lastSignInAt: now,
        },
        select: profileSummarySelect,
      });
      await recordAuditEvent(
        tx,
        actor,
        {
          action: "user.createdBySso",
          targetType: "Profile",
          targetId: profile.id,
          data: { email: profile.email, role, claimValues: identity.roleClaimValues },
        },
        now,
      );
      const { token, session } = await createSession({ prisma: tx, clock: deps.clock }, profile.id, client);
      const result = { token, session, profile, mfaRequired: false, created: true, roleChange: null };
      return { result, endedSessionIds: [] };
    }

    if (existing.status !== "ACTIVE") return { inactive: existing };
    if (existing.email !== identity.email) await assertEmailFree(tx, identity.email, existing.id);
    const roleChange = existing.role === role ? null : { from: existing.role, to: role };
    const profile = await tx.profile.update({
      where: { id: existing.id },
      data: {
        email: identity.email,
        displayName: identity.displayName,
        role,
        ssoManaged: true,
        lastSignInAt: now,
      },
      select: profileSummarySelect,
    });
    let endedSessionIds: string[] = [];
    if (roleChange !== null) {
      await recordAuditEvent(
        tx,
        actor,
        {
          action: "user.roleMappedBySso",
          targetType: "Profile",
          targetId: profile.id,
          data: { from: roleChange.from, to: roleChange.to, claimValues: identity.roleClaimValues },
        },
        now,
      );
      // Sessions end on every role change; the new one below carries the new role.
      endedSessionIds = await endProfileSessions(tx, profile.id);
    }
    const { token, session } = await createSession({ prisma: tx, clock: deps.clock }, profile.id, client);
    const mfaRequired = profile.totpEnabledAt !== null;
    return { result: { token, session, profile, mfaRequired, created: false, roleChange }, endedSessionIds };
  });
}

/** The same person's first sign-in committed meanwhile: sign in again to the profile it created. */
class ConcurrentFirstSignIn extends Error {}

/** Emails are unique platform-wide; SSO never takes over a profile it did not create. */
async function assertEmailFree(
  tx: IdentityDatabase,
  email: string,
  ownId: string | null,
  self?: { accountId: string; subject: string },
) {
  const owner = await tx.profile.findUnique({
    where: { email },
    select: { id: true, accountId: true, ssoSubject: true },
  });
  if (owner !== null && self && owner.accountId === self.accountId && owner.ssoSubject === self.subject) {
    throw new ConcurrentFirstSignIn();
  }
  if (owner !== null && owner.id !== ownId) {
    throw new DomainError(
      "SSO_ACCOUNT_CONFLICT",
      "Another Keyward user already has this email address; single sign-on does not take over " +
        "existing users, so ask an administrator to change or remove that user first",
    );
  }
}

/** Reports the refused sign-in like a password one (feeds suspicious-activity detection). */
function inactive(deps: SsoSignInDependencies, profile: ProfileSummary, ip: string | null): DomainError {
  deps.events.publish("auth.failure", {
    accountId: profile.accountId,
    kind: "SIGN_IN",
    code: "ACCOUNT_INACTIVE",
    keyId: null,
    ownerId: profile.id,
    presentedHint: null,
    email: profile.email,
    ip,
    occurredAt: deps.clock.now(),
  });
  return new DomainError(
    "ACCOUNT_INACTIVE",
    "This account is deactivated; ask an administrator to reactivate it",
  );
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
