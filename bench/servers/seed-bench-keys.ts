import { randomUUID } from "node:crypto";
import type { Database } from "@keyward/schema/database";
import { generateToken } from "@keyward/schema/keys";

export interface BenchKey {
  id: string;
  token: string;
}

const CHUNK = 5_000;

/**
 * Active DEVELOPMENT keys (READ/WRITE, one scope, one workspace, no allowlist, no rate limit)
 * inserted in bulk with two statements per chunk: seeding 100 000 keys one Prisma create at a
 * time would take minutes.
 */
export async function seedBenchKeys(
  prisma: Database["prisma"],
  options: { accountId: string; ownerId: string; workspaceId: string; count: number },
): Promise<BenchKey[]> {
  const keys: BenchKey[] = [];
  for (let start = 0; start < options.count; start += CHUNK) {
    const ids: string[] = [];
    const hashes: string[] = [];
    const hints: string[] = [];
    for (let index = start; index < Math.min(options.count, start + CHUNK); index++) {
      const generated = generateToken("DEVELOPMENT");
      const id = randomUUID();
      ids.push(id);
      hashes.push(generated.hash);
      hints.push(generated.displayHint);
      keys.push({ id, token: generated.token });
    }
    await prisma.$transaction([
      prisma.$executeRawUnsafe(
        `INSERT INTO "ApiKey" ("id", "accountId", "name", "ownerId", "createdById", "displayHint", "hash",
           "environment", "permissions", "scopes", "module", "ipAllowlist", "rateLimitPerMinute", "status",
           "purpose", "updatedAt")
         SELECT k.id, $4, 'bench key', $5, $5, k.hint, k.hash, 'DEVELOPMENT'::"Environment",
           ARRAY['READ', 'WRITE']::"Permission"[], ARRAY['runs:write'], 'AGENTS_EXECUTION'::"KeyModule",
           ARRAY[]::text[], NULL, 'ACTIVE'::"KeyStatus", 'benchmarks', now()
         FROM unnest($1::text[], $2::text[], $3::text[]) AS k(id, hash, hint)`,
        ids,
        hashes,
        hints,
        options.accountId,
        options.ownerId,
      ),
      prisma.$executeRawUnsafe(
        `INSERT INTO "ApiKeyWorkspace" ("apiKeyId", "workspaceId") SELECT id, $2 FROM unnest($1::text[]) AS id`,
        ids,
        options.workspaceId,
      ),
    ]);
  }
  return keys;
}
