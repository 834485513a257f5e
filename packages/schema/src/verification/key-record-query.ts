import { type PlainSqlDatabase, plainQueryRow } from "../database/plain-sql.ts";
import { type KeyRecord, type KeyRecordRow, toKeyRecord } from "./key-record.ts";

/** Where key records are read: see PlainSqlDatabase (the verifier's hot path). */
export type KeyRecordDatabase = PlainSqlDatabase;

/**
 * A key by token hash with its workspaces, in exactly one SQL statement (a nested Prisma include
 * would issue one per relation). Workspaces of another account are never returned. The expiry is
 * read as UTC ISO text so that no driver's time-zone handling of `timestamp` can shift it.
 */
const KEY_RECORD_BY_HASH = `
  SELECT k."id", k."accountId", k."ownerId", k."status"::text AS "status",
    k."environment"::text AS "environment", k."permissions"::text[] AS "permissions", k."scopes",
    k."module"::text AS "module",
    to_char(k."expiresAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "expiresAt",
    (k."lockedAt" IS NOT NULL) AS "locked", k."ipAllowlist", k."rateLimitPerMinute",
    COALESCE((
      SELECT json_agg(json_build_object('id', w."id", 'slug', w."slug") ORDER BY w."slug")
      FROM "ApiKeyWorkspace" aw
      JOIN "Workspace" w ON w."id" = aw."workspaceId" AND w."accountId" = k."accountId"
      WHERE aw."apiKeyId" = k."id"
    ), '[]'::json) AS "workspaces"
  FROM "ApiKey" k
  WHERE k."hash" = $1`;

/** Loads a key by token hash (one statement); null when no key has this hash. */
export async function findKeyRecordByHash(
  database: KeyRecordDatabase,
  hash: string,
): Promise<KeyRecord | null> {
  const row = await plainQueryRow<KeyRecordRow>(
    database,
    KEY_RECORD_BY_HASH,
    [hash],
    "keyward_key_record_by_hash",
  );
  return row === null ? null : toKeyRecord(row);
}
