import { actorOf } from "../audit/audit-actor.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { DomainError } from "../errors/index.ts";
import { parseInput } from "../errors/parse-input.ts";
import type { IdentityDatabase } from "./identity-database.ts";
import { totpCodeInput } from "./identity-input.ts";
import type { IdentityDependencies } from "./identity-services.ts";
import { profileSummarySelect } from "./profile-summary.ts";
import { viewerOfSession } from "./resolve-viewer.ts";
import { markMfaVerified } from "./sessions.ts";
import { beginEnrollment, confirmEnrollment, type TotpEnrollment, verifyTotp } from "./totp.ts";
import type { Actor, Viewer } from "./viewer.ts";

const totpDependencies = (deps: IdentityDependencies, prisma: IdentityDatabase = deps.prisma) => ({
  prisma,
  clock: deps.clock,
  secretBox: deps.identity.secretBox,
  limiter: deps.identity.totpLimiter,
});

const sessionOf = (actor: Actor): string => {
  if (actor.sessionId === null) {
    throw new DomainError("INVALID_STATE", "Two-factor verification belongs to a signed-in session");
  }
  return actor.sessionId;
};

/** The caller's Viewer after the session passed TOTP just now. */
async function verifiedViewer(deps: IdentityDependencies, sessionId: string): Promise<Viewer> {
  const session = await markMfaVerified(deps, sessionId);
  const profile =
    session === null
      ? null
      : await deps.prisma.profile.findUnique({
          where: { id: session.profileId },
          select: profileSummarySelect,
        });
  if (session === null || profile === null) {
    throw new DomainError("INVALID_STATE", "The session ended meanwhile; sign in again");
  }
  return viewerOfSession(session, profile, deps.clock.now());
}

/** Starts TOTP enrolment for the caller: the secret for the authenticator app (not enabled yet). */
export function beginTotpEnrollment(deps: IdentityDependencies, actor: Actor): Promise<TotpEnrollment> {
  return beginEnrollment(totpDependencies(deps), actor.profileId);
}

/**
 * Enables TOTP once a code proves the app has the secret; returns the recovery codes (shown
 * once). The code also counts as this session's verification, so enrolling does not lock the
 * enrolling session out as "MFA pending".
 */
export async function confirmTotpEnrollment(
  deps: IdentityDependencies,
  actor: Actor,
  rawInput: unknown,
): Promise<{ recoveryCodes: string[]; viewer: Viewer }> {
  const input = parseInput(totpCodeInput, rawInput);
  const sessionId = sessionOf(actor);
  const now = deps.clock.now();
  const { recoveryCodes } = await deps.prisma.$transaction(async (tx) => {
    const confirmed = await confirmEnrollment(totpDependencies(deps, tx), actor.profileId, input.code);
    await recordAuditEvent(
      tx,
      actorOf(actor, actor.ip),
      {
        action: "user.mfaEnabled",
        targetType: "Profile",
        targetId: actor.profileId,
        data: { method: "TOTP" },
      },
      now,
    );
    return confirmed;
  });
  const viewer = await verifiedViewer(deps, sessionId);
  deps.events.publish("user.changed", {
    accountId: actor.accountId,
    profileId: actor.profileId,
    role: viewer.role,
    status: "ACTIVE",
    change: "MFA_ENABLED",
  });
  return { recoveryCodes, viewer };
}

/**
 * Checks a TOTP or recovery code for the caller's session: completes a sign-in that is "MFA
 * pending", or refreshes step-up (mfaVerified for the next 30 minutes).
 */
export async function verifySessionTotp(
  deps: IdentityDependencies,
  actor: Actor,
  rawInput: unknown,
): Promise<{ viewer: Viewer; recoveryCodesRemaining: number }> {
  const input = parseInput(totpCodeInput, rawInput);
  const sessionId = sessionOf(actor);
  const verification = await verifyTotp(totpDependencies(deps), actor.profileId, input.code);
  const viewer = await verifiedViewer(deps, sessionId);
  return { viewer, recoveryCodesRemaining: verification.recoveryCodesRemaining };
}
