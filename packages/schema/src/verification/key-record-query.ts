import { type PlainSqlDatabase, plainQueryRow } from "../database/plain-sql.ts";
import { type KeyRecord, type KeyRecordRow, toKeyRecord } from "./key-record.ts";

/** Where key records are read: see PlainSqlDatabase (the verifier's hot path). */
export type KeyRecordDatabase = PlainSqlDatabase;

/**
 * A key by token hash with its workspaces, in exactly one SQL statement (a nested Prisma include
 * would issue one per relation). Workspaces of another account are never returned. The expiry is
 * read as UTC ISO text so that no driver's time-zone handling of `timestamp` can shift it.
 *
 * The row is one JSON text column: the driver then describes, converts and copies one field
 * instead of thirteen (enum and text arrays, booleans, integers, the workspace list each had a
 * parser of their own), and the client parses it with one native JSON.parse.
 */
const KEY_RECORD_BY_HASH = `
  SELECT json_build_object(
    'id', k."id", 'accountId', k."accountId", 'ownerId', k."ownerId",
    'status', k."status", 'environment', k."environment",
    'permissions', k."permissions", 'scopes', k."scopes", 'module', k."module",
    'expiresAt', to_char(k."expiresAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'locked', k."lockedAt" IS NOT NULL, 'ipAllowlist', k."ipAllowlist",
    'rateLimitPerMinute', k."rateLimitPerMinute",
    'workspaces', COALESCE((
      SELECT json_agg(json_build_object('id', w."id", 'slug', w."slug") ORDER BY w."slug")
      FROM "ApiKeyWorkspace" aw
      JOIN "Workspace" w ON w."id" = aw."workspaceId" AND w."accountId" = k."accountId"
      WHERE aw."apiKeyId" = k."id"
    ), '[]'::json)
  )::text AS "record"
  FROM "ApiKey" k
  WHERE k."hash" = $1`;

/** Loads a key by token hash (one statement); null when no key has this hash. */
export async function findKeyRecordByHash(
  database: KeyRecordDatabase,
  hash: string,
): Promise<KeyRecord | null> {
  const row = await plainQueryRow<{ record: string }>(
    database,
    KEY_RECORD_BY_HASH,
    [hash],
    "keyward_key_record_json_by_hash",
  );
  return row === null ? null : toKeyRecord(JSON.parse(row.record) as KeyRecordRow);
}
