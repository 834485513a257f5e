import { type PlainSqlDatabase, plainQueryRow } from "../database/plain-sql.ts";
import type { ProfileStatus, Role } from "../generated/prisma/enums.ts";

/** What a bearer key's owner must be for the key to authenticate: in the account, ACTIVE, and its role. */
export interface ProfileStanding {
  accountId: string;
  role: Role;
  status: ProfileStatus;
}

// Read on every bearer-authenticated GraphQL request, never cached: a suspension or a role change
// applies to the owner's keys from the next request on.
const PROFILE_STANDING = `
  SELECT "accountId", "role"::text AS "role", "status"::text AS "status"
  FROM "Profile"
  WHERE "id" = $1`;

/** A profile's account, role and status (one statement); null when there is no such profile. */
export function findProfileStanding(
  database: PlainSqlDatabase,
  profileId: string,
): Promise<ProfileStanding | null> {
  return plainQueryRow<ProfileStanding>(database, PROFILE_STANDING, [profileId], "keyward_profile_standing");
}
