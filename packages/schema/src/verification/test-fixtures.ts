import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { applyMigrations } from "../database/migrate.ts";
import { createPgliteSqlRunner, type SqlRunner } from "../database/sql-runner.ts";
import type { KeyActivityEvent } from "../events/index.ts";
import { PrismaClient } from "../generated/prisma/client.ts";
import type { Environment, KeyModule, KeyStatus, Permission } from "../generated/prisma/enums.ts";
import { generateToken } from "../keys/token-format.ts";
import { createTestDatabase } from "../test-support/index.ts";

/** Test-only helpers of the verification suites (seed rows, count SQL statements). */

export interface LoggedDatabase {
  prisma: PrismaClient;
  /** Every SQL statement Prisma sent, in order (Prisma query events). */
  queries: string[];
  /** Plain SQL on the same database, outside Prisma (the hot path's `pg` pool on PostgreSQL). */
  sql: SqlRunner;
  close(): Promise<void>;
}

/** A fresh migrated database whose Prisma client reports every SQL statement it sends. */
export async function openLoggedDatabase(engine: "pglite" | "postgres"): Promise<LoggedDatabase> {
  const queries: string[] = [];
  if (engine === "postgres") {
    const database = await createTestDatabase("postgres");
    const prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: database.url, max: 5 }),
      log: [{ emit: "event", level: "query" }],
    });
    prisma.$on("query", (event) => queries.push(event.query));
    return {
      prisma,
      queries,
      sql: database.sql,
      async close() {
        await prisma.$disconnect();
        await database.close();
      },
    };
  }
  const pglite = new PGlite("memory://");
  const sql = createPgliteSqlRunner(pglite);
  await applyMigrations(sql);
  const prisma = new PrismaClient({
    adapter: new PrismaPGlite(pglite),
    log: [{ emit: "event", level: "query" }],
  });
  prisma.$on("query", (event) => queries.push(event.query));
  return {
    prisma,
    queries,
    sql,
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

export interface SeededAccount {
  accountId: string;
  ownerId: string;
  workspaces: Array<{ id: string; slug: string }>;
}

let sequence = 0;

/** An account with one owner profile and the named workspaces. */
export async function seedAccount(
  prisma: PrismaClient,
  workspaceSlugs: string[] = [],
): Promise<SeededAccount> {
  sequence++;
  const account = await prisma.account.create({
    data: { slug: `account-${sequence}`, name: `Account ${sequence}` },
  });
  const owner = await prisma.profile.create({
    data: {
      accountId: account.id,
      displayName: `Owner ${sequence}`,
      email: `owner-${sequence}@example.test`,
    },
  });
  const workspaces = [];
  for (const slug of workspaceSlugs) {
    const workspace = await prisma.workspace.create({ data: { accountId: account.id, slug, name: slug } });
    workspaces.push({ id: workspace.id, slug: workspace.slug });
  }
  return { accountId: account.id, ownerId: owner.id, workspaces };
}

export interface KeySeed {
  environment?: Environment;
  status?: KeyStatus;
  permissions?: Permission[];
  scopes?: string[];
  module?: KeyModule;
  expiresAt?: Date | null;
  ipAllowlist?: string[];
  rateLimitPerMinute?: number | null;
  lockedAt?: Date | null;
  workspaceIds?: string[];
}

export interface SeededKey {
  id: string;
  token: string;
  hash: string;
  displayHint: string;
}

/** A key with a real token (only its hash is stored) and its workspace grants. */
export async function seedKey(
  prisma: PrismaClient,
  account: SeededAccount,
  seed: KeySeed = {},
): Promise<SeededKey> {
  const environment = seed.environment ?? "PRODUCTION";
  const { token, hash, displayHint } = generateToken(environment);
  const key = await prisma.apiKey.create({
    data: {
      accountId: account.accountId,
      name: `key-${hash.slice(0, 8)}`,
      ownerId: account.ownerId,
      hash,
      displayHint,
      environment,
      status: seed.status ?? "ACTIVE",
      permissions: seed.permissions ?? ["READ"],
      scopes: seed.scopes ?? [],
      module: seed.module ?? "INTEGRATIONS",
      expiresAt: seed.expiresAt === undefined ? new Date("2027-01-01T00:00:00Z") : seed.expiresAt,
      ipAllowlist: seed.ipAllowlist ?? [],
      rateLimitPerMinute: seed.rateLimitPerMinute ?? null,
      lockedAt: seed.lockedAt ?? null,
      workspaces: { create: (seed.workspaceIds ?? []).map((workspaceId) => ({ workspaceId })) },
    },
  });
  return { id: key.id, token, hash, displayHint };
}

/** An activity event for writer tests. */
export function activityEvent(
  overrides: Partial<KeyActivityEvent> & { accountId: string },
): KeyActivityEvent {
  return {
    keyId: null,
    ownerId: null,
    presentedHint: null,
    workspaceId: null,
    module: null,
    action: "verify",
    result: "VALID",
    ip: null,
    occurredAt: new Date("2026-01-01T00:00:00Z"),
    ...overrides,
  };
}
