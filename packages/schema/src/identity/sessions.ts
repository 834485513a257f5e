import type { PlainSqlDatabase } from "../database/plain-sql.ts";
import type { EventBus } from "../events/index.ts";
import type { PrismaClient, Session } from "../generated/prisma/client.ts";
import type { Clock } from "../runtime/clock.ts";
import type { IdentityDatabase } from "./identity-database.ts";
import type { ProfileSummary } from "./profile-summary.ts";
import { findSessionWithProfile } from "./session-lookup.ts";
import { generateSessionToken, sessionIdFromToken, sessionTokenLength } from "./session-tokens.ts";

const day = 24 * 60 * 60 * 1000;
/** A session lives 30 days from its last renewal. */
export const sessionLifetimeMs = 30 * day;
/** A session used with less than this left is extended to a full lifetime again. */
export const sessionRenewalThresholdMs = 15 * day;

/** What creating a session writes with. */
export interface SessionWriteDependencies {
  prisma: IdentityDatabase;
  clock: Clock;
}

/** What validating and ending sessions need: they publish "principal.ended" after their writes. */
export interface SessionDependencies {
  prisma: PrismaClient;
  clock: Clock;
  events: EventBus;
  /** Where a session is looked up on every request (plainSqlOf the database); default `prisma`. */
  sessionReads?: PlainSqlDatabase;
}

export interface SessionClient {
  ip: string | null;
  userAgent: string | null;
}

export interface CreatedSession {
  /** Goes into the HttpOnly cookie; returned once and never stored. */
  token: string;
  session: Session;
}

export interface ValidatedSession {
  session: Session;
  profile: ProfileSummary;
  /** The expiry was extended by this validation: send the cookie again with the new expiry. */
  renewed: boolean;
}

/** Starts a session for a profile (pass a transaction client to create it with other writes). */
export async function createSession(
  deps: SessionWriteDependencies,
  profileId: string,
  client: SessionClient,
): Promise<CreatedSession> {
  const token = generateSessionToken();
  const session = await deps.prisma.session.create({
    data: {
      id: sessionIdFromToken(token),
      profileId,
      expiresAt: new Date(deps.clock.now().getTime() + sessionLifetimeMs),
      ip: client.ip,
      userAgent: client.userAgent,
    },
  });
  return { token, session };
}

/**
 * Resolves a cookie token to its session and profile, or null when it is unknown, expired
 * (the row is then deleted) or belongs to a profile that may not sign in. Renews the expiry
 * when less than half the lifetime remains.
 */
export async function validateSessionToken(
  deps: SessionDependencies,
  token: string,
): Promise<ValidatedSession | null> {
  if (token.length !== sessionTokenLength) return null;
  const id = sessionIdFromToken(token);
  const found = await findSessionWithProfile(deps.sessionReads ?? deps.prisma, id);
  if (found === null) return null;
  const { profile, session } = found;
  const now = deps.clock.now().getTime();
  if (now >= session.expiresAt.getTime()) {
    await invalidateSession(deps, id);
    return null;
  }
  if (profile.status !== "ACTIVE" || profile.kind !== "USER") return null;
  if (session.expiresAt.getTime() - now < sessionRenewalThresholdMs) {
    const expiresAt = new Date(now + sessionLifetimeMs);
    const renewed = await deps.prisma.session.updateMany({ where: { id }, data: { expiresAt } });
    if (renewed.count === 0) return null;
    session.expiresAt = expiresAt;
    return { session, profile, renewed: true };
  }
  return { session, profile, renewed: false };
}

/** Ends one session (sign-out). Returns whether it existed. */
export async function invalidateSession(deps: SessionDependencies, sessionId: string): Promise<boolean> {
  const deleted = await deps.prisma.session.deleteMany({ where: { id: sessionId } });
  if (deleted.count === 0) return false;
  publishEndedSessions(deps.events, [sessionId]);
  return true;
}

/**
 * Deletes a profile's sessions, except `except`, without publishing: for use inside a caller's
 * transaction (the caller publishes "principal.ended" after commit). Returns the ended ids.
 */
export async function endProfileSessions(
  prisma: IdentityDatabase,
  profileId: string,
  options: { except?: string | undefined } = {},
): Promise<string[]> {
  const where = {
    profileId,
    ...(options.except === undefined ? {} : { id: { not: options.except } }),
  };
  const sessions = await prisma.session.findMany({ where, select: { id: true } });
  if (sessions.length === 0) return [];
  const ids = sessions.map((session) => session.id);
  await prisma.session.deleteMany({ where: { id: { in: ids } } });
  return ids;
}

/** Ends every session of a profile, except `except` (e.g. the caller's own), and publishes them. */
export async function invalidateProfileSessions(
  deps: SessionDependencies,
  profileId: string,
  options: { except?: string | undefined } = {},
): Promise<string[]> {
  const ids = await endProfileSessions(deps.prisma, profileId, options);
  publishEndedSessions(deps.events, ids);
  return ids;
}

/** Records that the session passed TOTP (after sign-in or as step-up). Null when the session is gone. */
export async function markMfaVerified(
  deps: SessionWriteDependencies,
  sessionId: string,
): Promise<Session | null> {
  const mfaVerifiedAt = deps.clock.now();
  const updated = await deps.prisma.session.updateMany({ where: { id: sessionId }, data: { mfaVerifiedAt } });
  if (updated.count === 0) return null;
  return deps.prisma.session.findUnique({ where: { id: sessionId } });
}

/** Publishes ended sessions so live sockets authenticated by them are closed. */
export function publishEndedSessions(events: EventBus, sessionIds: string[]): void {
  if (sessionIds.length === 0) return;
  events.publish("principal.ended", { sessionIds, keyIds: [], profileIds: [] });
}
