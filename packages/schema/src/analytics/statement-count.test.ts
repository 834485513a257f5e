import { randomUUID } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../database/migrate.ts";
import { createPgliteSqlRunner } from "../database/sql-runner.ts";
import { PrismaClient } from "../generated/prisma/client.ts";
import {
  createSchemaHarness,
  createTestDatabase,
  dataOf,
  type SchemaHarness,
  type SeededAccount,
  seedAccount,
  sessionViewer,
  type TestDatabase,
  testEngines,
} from "../test-support/index.ts";

const log = [{ emit: "event" as const, level: "query" as const }];

type LoggingClient = PrismaClient<"query", never>;

/** The client logs every SQL statement it sends (after Prisma's own batching of findUnique). */
function counted(prisma: LoggingClient, onStatement: () => void): PrismaClient {
  prisma.$on("query", onStatement);
  return prisma as unknown as PrismaClient;
}

/** A fresh database behind a client that counts its SQL statements. */
async function countingDatabase(
  engine: "pglite" | "postgres",
  onStatement: () => void,
): Promise<TestDatabase> {
  if (engine === "postgres") {
    const db = await createTestDatabase(engine);
    const prisma = counted(
      new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }), log }),
      onStatement,
    );
    return {
      ...db,
      prisma,
      async close() {
        await prisma.$disconnect();
        await db.close();
      },
    };
  }
  const pglite = new PGlite("memory://");
  const sql = createPgliteSqlRunner(pglite);
  await applyMigrations(sql);
  const prisma = counted(new PrismaClient({ adapter: new PrismaPGlite(pglite), log }), onStatement);
  return {
    engine,
    prisma,
    sql,
    url: undefined,
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

// Lists cost a fixed number of SQL statements whatever their length (never one per row).
describe.each(testEngines())("analytics and readiness statements per query [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let seeded: SeededAccount;
  let statements = 0;
  const now = new Date("2026-07-01T12:00:00Z");

  async function addWorkspacesWithKeys(count: number) {
    const rows = Array.from({ length: count }, (_, index) => ({
      workspaceId: randomUUID(),
      keyId: randomUUID(),
      count: index + 1,
    }));
    const accountId = seeded.accountId;
    await db.prisma.workspace.createMany({
      data: rows.map((row) => ({ id: row.workspaceId, accountId, slug: row.workspaceId, name: "W" })),
    });
    await db.prisma.apiKey.createMany({
      data: rows.map((row) => ({
        id: row.keyId,
        accountId,
        ownerId: seeded.profiles.owner!.id,
        name: `key ${row.count}`,
        hash: row.keyId,
        environment: "DEVELOPMENT",
        module: "AGENTS_EXECUTION",
        permissions: ["READ"],
        scopes: ["runs:write"],
        status: "ACTIVE",
      })),
    });
    await db.prisma.apiKeyWorkspace.createMany({
      data: rows.map((row) => ({ apiKeyId: row.keyId, workspaceId: row.workspaceId })),
    });
    await db.prisma.usageRollup.createMany({
      data: rows.map((row) => ({
        accountId,
        apiKeyId: row.keyId,
        minute: now,
        result: "VALID",
        count: row.count,
      })),
    });
    await db.prisma.keyEvent.createMany({
      data: rows.map((row) => ({
        accountId,
        apiKeyId: row.keyId,
        action: "verify",
        result: "VALID",
        occurredAt: now,
      })),
    });
  }

  async function statementsOf(document: string, variables: Record<string, unknown> = {}) {
    statements = 0;
    const result = await harness.run(document, sessionViewer(seeded.profiles.admin!), variables);
    return { statements, result };
  }

  beforeAll(async () => {
    db = await countingDatabase(engine, () => {
      statements += 1;
    });
    harness = createSchemaHarness(db, now);
    seeded = await seedAccount(db.prisma, { admin: "SUPER_ADMIN", owner: "USER" });
    await addWorkspacesWithKeys(25);
  });
  afterAll(async () => {
    await db.close();
  });

  it.each([
    {
      name: "activityLog with each event's key and its owner",
      document: `query($size: Int) { activityLog(first: $size) { edges { node { apiKey { name owner { displayName } } } } } }`,
      length: (data: { activityLog: { edges: unknown[] } }) => data.activityLog.edges.length,
    },
    {
      name: "usage.executionsPerKey with each key",
      document: `query($size: Int!) { usage { executionsPerKey(first: $size) { count apiKey { name } } } }`,
      length: (data: { usage: { executionsPerKey: unknown[] } }) => data.usage.executionsPerKey.length,
    },
  ])("$name", async ({ document, length }) => {
    const few = await statementsOf(document, { size: 3 });
    const many = await statementsOf(document, { size: 25 });
    expect(few.result.errors).toBeUndefined();
    expect(length(few.result.data as never)).toBe(3);
    expect(length(many.result.data as never)).toBe(25);
    expect(many.statements).toBe(few.statements);
  });

  it("workspaces with their readiness", async () => {
    const document = `{ workspaces { slug readiness { blockers activeKeyCount recommendedScopes } } }`;
    const before = await statementsOf(document);
    expect(dataOf<unknown[]>(before.result, "workspaces")).toHaveLength(26);
    await addWorkspacesWithKeys(10);
    const after = await statementsOf(document);
    expect(dataOf<unknown[]>(after.result, "workspaces")).toHaveLength(36);
    expect(after.statements).toBe(before.statements);
  });
});
