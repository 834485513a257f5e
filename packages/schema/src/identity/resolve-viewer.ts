import type { Session } from "../generated/prisma/client.ts";
import type { ProfileSummary } from "./profile-summary.ts";
import { type SessionDependencies, validateSessionToken } from "./sessions.ts";
import type { Viewer } from "./viewer.ts";

/**
 * Step-up freshness: a TOTP verification counts as `mfaVerified` for 30 minutes. After that the
 * session stays signed in (MFA is no longer pending) but sensitive operations that need step-up
 * (Execute/Admin keys) ask for a new code, as banks and cloud consoles do.
 */
export const mfaFreshnessMs = 30 * 60 * 1000;

/** The Viewer of a session at `now`: role from the profile, MFA state from the session. */
export function viewerOfSession(session: Session, profile: ProfileSummary, now: Date): Viewer {
  const verifiedAt = session.mfaVerifiedAt?.getTime() ?? null;
  return {
    accountId: profile.accountId,
    profileId: profile.id,
    role: profile.role,
    via: "session",
    sessionId: session.id,
    mfaVerified: verifiedAt !== null && now.getTime() - verifiedAt < mfaFreshnessMs,
    mfaPending: profile.totpEnabledAt !== null && verifiedAt === null,
    key: null,
  };
}

export interface ResolvedSessionViewer {
  viewer: Viewer;
  session: Session;
  /** The session's expiry moved (sliding expiry): the cookie must be sent again. */
  renewed: boolean;
}

/**
 * Resolves a session cookie's token to its Viewer, or null when the token is unknown, expired, or
 * its profile may not sign in (inactive, service account).
 */
export async function resolveSessionViewer(
  deps: SessionDependencies,
  token: string,
): Promise<ResolvedSessionViewer | null> {
  const validated = await validateSessionToken(deps, token);
  if (validated === null) return null;
  return {
    viewer: viewerOfSession(validated.session, validated.profile, deps.clock.now()),
    session: validated.session,
    renewed: validated.renewed,
  };
}
