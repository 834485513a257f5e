// The data of the GraphQL list and fan-out benchmarks, identical for Keyward and its baselines:
// one account, a SUPER_ADMIN with an ADMIN+READ bearer key, and a registry of keys spread over
// owners and workspaces. The bearer token goes to a 0600 file (never printed).
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Database } from "@keyward/schema/database";
import { seedAccount, seedKey, seedKeyRegistry } from "@keyward/schema/test-support";
import pg from "pg";

export const registrySize = { keys: 400, owners: 40, workspaces: 6 };

/** A fresh folder for PGlite data and the tokens file. */
export const benchDataDir = () => mkdtempSync(path.join(tmpdir(), "keyward-bench-"));

/**
 * BENCH_DATABASE_URL (a PostgreSQL maintenance database): a fresh database for this process,
 * dropped by the returned `drop`. Unset: null (embedded PGlite).
 */
export async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) return null;
  const name = `keyward_bench_${randomBytes(6).toString("hex")}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export interface RegistryFixture {
  accountId: string;
  adminId: string;
  adminKeyId: string;
  /** A registry key whose activity the fan-out subscribers watch, and its owner. */
  watchedKey: { id: string; ownerId: string };
  tokensFile: string;
}

export async function seedRegistryFixture(
  prisma: Database["prisma"],
  dataDir: string,
): Promise<RegistryFixture> {
  const seeded = await seedAccount(prisma, { admin: "SUPER_ADMIN" });
  const admin = seeded.profiles.admin;
  if (!admin) throw new Error("seedAccount returned no admin");
  const { key, token } = await seedKey(prisma, {
    accountId: seeded.accountId,
    ownerId: admin.id,
    permissions: ["ADMIN", "READ"],
  });
  await prisma.apiKey.update({ where: { id: key.id }, data: { ipAllowlist: [], rateLimitPerMinute: null } });
  const registry = await seedKeyRegistry(prisma, { accountId: seeded.accountId, ...registrySize });
  const tokensFile = path.join(dataDir, "bench-tokens.json");
  writeFileSync(tokensFile, JSON.stringify({ gateway: token, tokens: [token] }), { mode: 0o600 });
  const watchedKey = { id: registry.keyIds[0] ?? "", ownerId: registry.ownerIds[0] ?? "" };
  return { accountId: seeded.accountId, adminId: admin.id, adminKeyId: key.id, watchedKey, tokensFile };
}
