import { type PlainSqlDatabase, plainQueryRow } from "../database/plain-sql.ts";
import type { Session } from "../generated/prisma/client.ts";
import type { ProfileKind, ProfileStatus, Role } from "../generated/prisma/enums.ts";
import type { ProfileSummary } from "./profile-summary.ts";

/** A `timestamp` column (UTC without a zone) as UTC ISO text: no driver's time-zone handling can shift it. */
const utc = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// Read on every request that carries a session cookie: one statement, outside Prisma's per-call
// query compilation (PGlite through Prisma's raw query shifted zoned timestamps off UTC, hence the
// text). The profile's columns are exactly profileSummarySelect's: never the password hash, TOTP
// secret or recovery codes.
const SESSION_WITH_PROFILE = `
  SELECT s."id", s."profileId", ${utc('s."expiresAt"')} AS "expiresAt",
    ${utc('s."mfaVerifiedAt"')} AS "mfaVerifiedAt", ${utc('s."createdAt"')} AS "createdAt",
    s."ip", s."userAgent",
    p."accountId" AS "profileAccountId", p."kind"::text AS "profileKind", p."email" AS "profileEmail",
    p."displayName" AS "profileDisplayName", p."role"::text AS "profileRole",
    p."orgUnit" AS "profileOrgUnit", p."status"::text AS "profileStatus",
    ${utc('p."lastSignInAt"')} AS "profileLastSignInAt", p."ssoManaged" AS "profileSsoManaged",
    ${utc('p."totpEnabledAt"')} AS "profileTotpEnabledAt", ${utc('p."createdAt"')} AS "profileCreatedAt",
    ${utc('p."updatedAt"')} AS "profileUpdatedAt"
  FROM "Session" s
  JOIN "Profile" p ON p."id" = s."profileId"
  WHERE s."id" = $1`;

interface SessionRow {
  id: string;
  profileId: string;
  expiresAt: string;
  mfaVerifiedAt: string | null;
  createdAt: string;
  ip: string | null;
  userAgent: string | null;
  profileAccountId: string;
  profileKind: ProfileKind;
  profileEmail: string | null;
  profileDisplayName: string;
  profileRole: Role;
  profileOrgUnit: string | null;
  profileStatus: ProfileStatus;
  profileLastSignInAt: string | null;
  profileSsoManaged: boolean;
  profileTotpEnabledAt: string | null;
  profileCreatedAt: string;
  profileUpdatedAt: string;
}

const instant = (text: string) => new Date(text);
const optionalInstant = (text: string | null) => (text === null ? null : new Date(text));

/** A session by id with its profile's summary (one statement); null when there is no such session. */
export async function findSessionWithProfile(
  database: PlainSqlDatabase,
  sessionId: string,
): Promise<{ session: Session; profile: ProfileSummary } | null> {
  const row = await plainQueryRow<SessionRow>(
    database,
    SESSION_WITH_PROFILE,
    [sessionId],
    "keyward_session_with_profile",
  );
  if (row === null) return null;
  return {
    session: {
      id: row.id,
      profileId: row.profileId,
      expiresAt: instant(row.expiresAt),
      mfaVerifiedAt: optionalInstant(row.mfaVerifiedAt),
      createdAt: instant(row.createdAt),
      ip: row.ip,
      userAgent: row.userAgent,
    },
    profile: {
      id: row.profileId,
      accountId: row.profileAccountId,
      kind: row.profileKind,
      email: row.profileEmail,
      displayName: row.profileDisplayName,
      role: row.profileRole,
      orgUnit: row.profileOrgUnit,
      status: row.profileStatus,
      lastSignInAt: optionalInstant(row.profileLastSignInAt),
      ssoManaged: row.profileSsoManaged,
      totpEnabledAt: optionalInstant(row.profileTotpEnabledAt),
      createdAt: instant(row.profileCreatedAt),
      updatedAt: instant(row.profileUpdatedAt),
    },
  };
}
