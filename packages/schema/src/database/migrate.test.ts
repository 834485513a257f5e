import { cp, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testEngines } from "../test-support/index.ts";
import {
  applyMigrations,
  MigrationChecksumError,
  migrationsAreApplied,
  migrationsDirectory,
} from "./migrate.ts";

describe.each(testEngines())("migrations [%s]", (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await db.close();
  });

  it("records every shipped migration, and a re-run applies nothing", async () => {
    expect(await migrationsAreApplied(db.sql)).toBe(true);
    const rerun = await applyMigrations(db.sql);
    expect(rerun.applied).toEqual([]);
  });

  it("refuses to start when an applied migration was edited", async () => {
    const copy = await mkdtemp(path.join(tmpdir(), "keyward-migrations-"));
    try {
      await cp(migrationsDirectory, copy, { recursive: true });
      const [first] = (await readdir(copy, { withFileTypes: true })).filter((entry) => entry.isDirectory());
      if (!first) throw new Error("no migration");
      await writeFile(path.join(copy, first.name, "migration.sql"), "-- edited\nSELECT 1;");
      const attempt = applyMigrations(db.sql, () => {}, copy);
      await expect(attempt).rejects.toBeInstanceOf(MigrationChecksumError);
      await expect(attempt).rejects.toThrow(/was changed after it was applied/);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it("makes REVOKED terminal in the database itself", async () => {
    const account = await db.prisma.account.create({ data: { slug: `guard-${engine}`, name: "Guard" } });
    const owner = await db.prisma.profile.create({
      data: { accountId: account.id, displayName: "Owner", email: `guard-${engine}@example.test` },
    });
    const key = await db.prisma.apiKey.create({
      data: {
        accountId: account.id,
        ownerId: owner.id,
        name: "k",
        environment: "DEVELOPMENT",
        module: "SANDBOX",
        permissions: ["READ"],
        status: "REVOKED",
        hash: "a".repeat(64),
      },
    });
    await expect(
      db.prisma.apiKey.update({ where: { id: key.id }, data: { status: "ACTIVE" } }),
    ).rejects.toThrow(/revoked keys cannot change status/);
    await expect(
      db.prisma.apiKey.update({ where: { id: key.id }, data: { hash: "b".repeat(64) } }),
    ).rejects.toThrow(/revoked/);
    const stored = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(stored.status).toBe("REVOKED");
    // Metadata that is not a status change stays writable (activity on a revoked key is recorded).
    await db.prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedIp: "10.0.0.1" } });
  });

  it("indexes no last-use column of ApiKey and leaves room on its pages, so a last-use update can be heap-only", async () => {
    // The activity writer updates lastUsedAt/lastUsedIp of every key used in a batch; an indexed
    // column among them would make each update a new row version plus an entry in every index.
    const indexed = await db.prisma.$queryRaw<Array<{ index: string; column: string }>>`
      SELECT i.relname::text AS "index", a.attname::text AS "column"
      FROM pg_index x
      JOIN pg_class i ON i.oid = x.indexrelid
      JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = ANY (x.indkey)
      WHERE x.indrelid = '"ApiKey"'::regclass`;
    expect(indexed.length).toBeGreaterThan(0);
    expect(indexed.filter((row) => row.column.startsWith("lastUsed"))).toEqual([]);
    expect(indexed).toContainEqual({ index: "ApiKey_accountId_status_idx", column: "status" });
    const [table] = await db.prisma.$queryRaw<Array<{ options: string[] | null }>>`
      SELECT reloptions::text[] AS "options" FROM pg_class WHERE oid = '"ApiKey"'::regclass`;
    expect(table?.options).toContain("fillfactor=80");
  });

  it("keeps the audit log append-only", async () => {
    const account = await db.prisma.account.create({ data: { slug: `audit-${engine}`, name: "Audit" } });
    const event = await db.prisma.auditEvent.create({
      data: {
        accountId: account.id,
        seq: 1,
        actorKind: "SYSTEM",
        action: "test",
        targetType: "Account",
        prevHash: "0",
        hash: "1",
      },
    });
    await expect(
      db.prisma.auditEvent.update({ where: { id: event.id }, data: { action: "x" } }),
    ).rejects.toThrow(/append-only/);
    await expect(db.prisma.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/);
  });
});
