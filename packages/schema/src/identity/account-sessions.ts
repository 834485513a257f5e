import { actorOf } from "../audit/audit-actor.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { DomainError } from "../errors/index.ts";
import { parseInput } from "../errors/parse-input.ts";
import type { Session } from "../generated/prisma/client.ts";
import { changePasswordInput, signInInput } from "./identity-input.ts";
import type { IdentityDependencies } from "./identity-services.ts";
import { changePassword } from "./profiles.ts";
import { viewerOfSession } from "./resolve-viewer.ts";
import {
  endProfileSessions,
  invalidateSession,
  publishEndedSessions,
  type SessionClient,
} from "./sessions.ts";
import { signIn } from "./sign-in.ts";
import type { Actor, Viewer } from "./viewer.ts";

export interface PasswordSignIn {
  /** For the HttpOnly cookie only. */
  token: string;
  session: Session;
  viewer: Viewer;
  mfaRequired: boolean;
}

/**
 * Password sign-in (see sign-in.ts for the failure rules). The browser's previous session, if
 * any, ends: its cookie is about to be replaced, so nothing could use it again.
 */
export async function signInWithPassword(
  deps: IdentityDependencies,
  rawInput: unknown,
  client: SessionClient,
  previousSessionId: string | null,
): Promise<PasswordSignIn> {
  const input = parseInput(signInInput, rawInput);
  const signedIn = await signIn(
    { prisma: deps.prisma, clock: deps.clock, events: deps.events, limiter: deps.identity.signInLimiter },
    { ...input, ...client },
  );
  if (previousSessionId !== null && previousSessionId !== signedIn.session.id) {
    await invalidateSession(deps, previousSessionId);
  }
  return {
    token: signedIn.token,
    session: signedIn.session,
    viewer: viewerOfSession(signedIn.session, signedIn.profile, deps.clock.now()),
    mfaRequired: signedIn.mfaRequired,
  };
}

const sessionOf = (actor: Actor): string => {
  if (actor.sessionId === null) {
    throw new DomainError("INVALID_STATE", "An API key has no session to sign out of");
  }
  return actor.sessionId;
};

/** Ends the caller's session ("principal.ended" is published). Returns how many ended (0 or 1). */
export async function signOutSession(deps: IdentityDependencies, actor: Actor): Promise<number> {
  return (await invalidateSession(deps, sessionOf(actor))) ? 1 : 0;
}

/** Ends every session of the caller, this one included (a lost laptop, a shared computer). */
export async function signOutEverywhere(deps: IdentityDependencies, actor: Actor): Promise<number> {
  sessionOf(actor);
  const now = deps.clock.now();
  const ended = await deps.prisma.$transaction(async (tx) => {
    const ids = await endProfileSessions(tx, actor.profileId);
    await recordAuditEvent(
      tx,
      actorOf(actor, actor.ip),
      {
        action: "user.signedOutEverywhere",
        targetType: "Profile",
        targetId: actor.profileId,
        data: { endedSessions: ids.length },
      },
      now,
    );
    return ids;
  });
  publishEndedSessions(deps.events, ended);
  return ended.length;
}

/**
 * Changes the caller's password. Guesses of the current password share the sign-in limiter's
 * budget (per email and IP), so a stolen session cannot be used to brute-force the password.
 * Every other session ends; this one stays signed in.
 */
export async function changeOwnPassword(
  deps: IdentityDependencies,
  actor: Actor,
  rawInput: unknown,
): Promise<number> {
  const input = parseInput(changePasswordInput, rawInput);
  const profile = await deps.prisma.profile.findUnique({
    where: { id: actor.profileId },
    select: { email: true },
  });
  if (profile?.email == null) {
    throw new DomainError("INVALID_STATE", "Only people who sign in with a password can change it");
  }
  const attempt = { email: profile.email, ip: actor.ip ?? "unknown" };
  const decision = await deps.identity.signInLimiter.consume(attempt);
  if (!decision.allowed) {
    throw new DomainError(
      "RATE_LIMITED",
      `Too many password attempts; try again in ${decision.retryAfterSeconds} seconds`,
    );
  }
  const now = deps.clock.now();
  const { endedSessionIds } = await deps.prisma.$transaction(async (tx) => {
    const changed = await changePassword(
      { prisma: tx, clock: deps.clock },
      { ...input, profileId: actor.profileId, currentSessionId: actor.sessionId },
    );
    await recordAuditEvent(
      tx,
      actorOf(actor, actor.ip),
      {
        action: "user.passwordChanged",
        targetType: "Profile",
        targetId: actor.profileId,
        data: { endedSessions: changed.endedSessionIds.length },
      },
      now,
    );
    return changed;
  });
  await deps.identity.signInLimiter.reset(attempt);
  publishEndedSessions(deps.events, endedSessionIds);
  return endedSessionIds.length;
}
