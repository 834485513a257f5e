import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testEngines } from "../test-support/index.ts";
import { systemActor } from "./audit-actor.ts";
import { recordAuditEvent } from "./record-audit-event.ts";
import { verifyAuditChain } from "./verify-audit-chain.ts";

describe.each(testEngines())("audit chain [%s]", (engine) => {
  let db: TestDatabase;
  let accountId: string;
  beforeAll(async () => {
    db = await createTestDatabase(engine);
    accountId = (await db.prisma.account.create({ data: { slug: "audit", name: "Audit" } })).id;
  });
  afterAll(async () => {
    await db.close();
  });

  const append = (action: string, data: Record<string, unknown> = {}) =>
    db.prisma.$transaction((tx) =>
      recordAuditEvent(
        tx,
        systemActor(accountId),
        { action, targetType: "Test", targetId: null, data },
        new Date(),
      ),
    );

  it("chains concurrent writers without gaps or forks", async () => {
    await Promise.all(Array.from({ length: 12 }, (_, index) => append("concurrent", { index })));
    const events = await db.prisma.auditEvent.findMany({ where: { accountId }, orderBy: { seq: "asc" } });
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
    expect(await verifyAuditChain(db.prisma, accountId)).toMatchObject({ valid: true, events: 12 });
  });

  it("rolls the audit event back with the change it describes", async () => {
    const before = await db.prisma.auditEvent.count({ where: { accountId } });
    await expect(
      db.prisma.$transaction(async (tx) => {
        await recordAuditEvent(
          tx,
          systemActor(accountId),
          { action: "doomed", targetType: "Test", targetId: null },
          new Date(),
        );
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.prisma.auditEvent.count({ where: { accountId } })).toBe(before);
  });

  it("detects an edited row at that row", async () => {
    await append("to-be-edited", { amount: 1 });
    const target = await db.prisma.auditEvent.findFirstOrThrow({
      where: { accountId, action: "to-be-edited" },
    });
    // An attacker with database access bypasses the append-only trigger.
    await db.sql.withConnection(async (connection) => {
      await connection.exec("SET session_replication_role = replica");
      await connection.query(`UPDATE "AuditEvent" SET data = '{"amount": 1000}' WHERE id = $1`, [target.id]);
      await connection.exec("SET session_replication_role = DEFAULT");
    });
    expect(await verifyAuditChain(db.prisma, accountId)).toMatchObject({
      valid: false,
      brokenAtSeq: target.seq,
      reason: "HASH_MISMATCH",
    });
  });

  it("detects a deleted row", async () => {
    const other = (await db.prisma.account.create({ data: { slug: "audit-delete", name: "Delete" } })).id;
    for (const action of ["a", "b", "c"]) {
      await db.prisma.$transaction((tx) =>
        recordAuditEvent(tx, systemActor(other), { action, targetType: "Test", targetId: null }, new Date()),
      );
    }
    await db.sql.withConnection(async (connection) => {
      await connection.exec("SET session_replication_role = replica");
      await connection.query(`DELETE FROM "AuditEvent" WHERE "accountId" = $1 AND seq = 2`, [other]);
      await connection.exec("SET session_replication_role = DEFAULT");
    });
    expect(await verifyAuditChain(db.prisma, other)).toMatchObject({
      valid: false,
      brokenAtSeq: 2,
      reason: "MISSING_EVENT",
    });
  });
});
