import { type PlainSqlDatabase, plainQueryRows } from "../database/plain-sql.ts";
import { type KeyRecord, type KeyRecordRow, toKeyRecord } from "./key-record.ts";

/** Where key records are read: see PlainSqlDatabase (the verifier's hot path). */
export type KeyRecordDatabase = PlainSqlDatabase;

/**
 * Keys by token hash with their workspaces, in exactly one SQL statement however many hashes are
 * asked for (a nested Prisma include would issue one per relation, a loop one per key). Workspaces
 * of another account are never returned. The expiry is read as UTC ISO text so that no driver's
 * time-zone handling of `timestamp` can shift it.
 *
 * Each record is one JSON text column: the driver then describes, converts and copies one field
 * instead of thirteen (enum and text arrays, booleans, integers, the workspace list each had a
 * parser of their own), and the client parses it with one native JSON.parse.
 */
const KEY_RECORDS_BY_HASHES = `
  SELECT k."hash", json_build_object(
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
  WHERE k."hash" = ANY($1::text[])`;

/** Loads the keys of these token hashes (one statement): by hash; a hash no key has is absent. */
export async function findKeyRecordsByHashes(
  database: KeyRecordDatabase,
  hashes: readonly string[],
): Promise<Map<string, KeyRecord>> {
  const rows = await plainQueryRows<{ hash: string; record: string }>(
    database,
    KEY_RECORDS_BY_HASHES,
    [hashes],
    "keyward_key_records_json_by_hashes",
  );
  return new Map(rows.map((row) => [row.hash, toKeyRecord(JSON.parse(row.record) as KeyRecordRow)]));
}
