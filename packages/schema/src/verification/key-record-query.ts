import type { PrismaClient } from "../generated/prisma/client.ts";
import { type KeyRecord, type KeyRecordRow, toKeyRecord } from "./key-record.ts";

/** The part of Prisma the key lookup uses. */
export type KeyRecordDatabase = Pick<PrismaClient, "$queryRaw">;

/**
 * Loads a key by token hash with its workspaces in exactly one SQL statement (a nested Prisma
 * include would issue one per relation). Workspaces of another account are never returned.
 */
export async function findKeyRecordByHash(
  prisma: KeyRecordDatabase,
  hash: string,
): Promise<KeyRecord | null> {
  const rows = await prisma.$queryRaw<KeyRecordRow[]>`
    SELECT k."id", k."accountId", k."ownerId", k."status"::text AS "status",
      k."environment"::text AS "environment", k."permissions"::text[] AS "permissions", k."scopes",
      k."module"::text AS "module", k."expiresAt", k."lockedAt", k."ipAllowlist", k."rateLimitPerMinute",
      COALESCE((
        SELECT json_agg(json_build_object('id', w."id", 'slug', w."slug") ORDER BY w."slug")
        FROM "ApiKeyWorkspace" aw
        JOIN "Workspace" w ON w."id" = aw."workspaceId" AND w."accountId" = k."accountId"
        WHERE aw."apiKeyId" = k."id"
      ), '[]'::json) AS "workspaces"
    FROM "ApiKey" k
    WHERE k."hash" = ${hash}`;
  const row = rows[0];
  return row === undefined ? null : toKeyRecord(row);
}
