import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createInProcessEventBus, type KeyActivityEvent } from "../events/index.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { testEngines } from "../test-support/index.ts";
import { type ActivityDatabase, createActivityWriter } from "./activity-writer.ts";
import {
  activityEvent,
  type LoggedDatabase,
  openLoggedDatabase,
  type SeededAccount,
  type SeededKey,
  seedAccount,
  seedKey,
} from "./test-fixtures.ts";

/** Prisma whose $transaction fails while `failing()` says so, counting every attempt. */
function flakyPrisma(prisma: PrismaClient, failing: () => boolean) {
  const attempts = { count: 0 };
  const database: ActivityDatabase = {
    $executeRawUnsafe: prisma.$executeRawUnsafe.bind(prisma),
    $transaction: ((statements: Parameters<PrismaClient["$transaction"]>[0]) => {
      attempts.count++;
      if (failing()) return Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
      return prisma.$transaction(statements as never);
    }) as unknown as PrismaClient["$transaction"],
  };
  return { database, attempts };
}

const minute = (offset: number) => new Date(Date.UTC(2026, 0, 1, 10, offset, 0));

describe.each(testEngines())("activity writer [%s]", (engine) => {
  let database: LoggedDatabase;
  let prisma: PrismaClient;
  let account: SeededAccount;

  beforeAll(async () => {
    database = await openLoggedDatabase(engine);
    prisma = database.prisma;
    account = await seedAccount(prisma);
  });

  afterAll(async () => {
    await database.close();
  });

  let key: SeededKey;
  beforeEach(async () => {
    key = await seedKey(prisma, account);
    database.queries.length = 0;
  });

  const event = (overrides: Partial<KeyActivityEvent> = {}) =>
    activityEvent({ accountId: account.accountId, keyId: key.id, ownerId: account.ownerId, ...overrides });
  const storedEvents = () => prisma.keyEvent.count({ where: { apiKeyId: key.id } });

  it("writes N events in a few batched transactions, never one per event", async () => {
    const { database: counted, attempts } = flakyPrisma(prisma, () => false);
    const writer = createActivityWriter({ prisma: counted, batchSize: 100, flushIntervalMs: 60_000 });
    // A hundred events at a time, each hundred written before the next arrives (no backlog).
    for (let round = 1; round <= 10; round++) {
      for (let index = 0; index < 100; index++) {
        expect(writer.record(event({ occurredAt: minute(index % 3) }))).toBe(true);
      }
      expect(writer.stats().buffered).toBe(100);
      await vi.waitFor(() => expect(writer.stats().flushed).toBe(round * 100), { timeout: 10_000 });
    }
    expect(attempts.count).toBe(10);
    expect(writer.stats()).toMatchObject({ batches: 10, buffered: 0, dropped: 0, failedFlushes: 0 });
    expect(writer.stats().lastFlushLagMs).toBeGreaterThan(0);
    expect(await storedEvents()).toBe(1_000);
    // Each flush: one multi-row event insert, one rollup upsert, one last-used update.
    const statements = database.queries.filter((query) => /^\s*(INSERT|UPDATE)/i.test(query));
    expect(statements).toHaveLength(30);
    await writer.close();
  });

  it("writes a backlog of ready batches in fewer, larger transactions of at most 5 000 events", async () => {
    const { database: counted, attempts } = flakyPrisma(prisma, () => false);
    const writer = createActivityWriter({ prisma: counted, batchSize: 1_000, flushIntervalMs: 60_000 });
    // Twelve batches ready before the writer gets to run: 5 000 + 5 000 + 2 000.
    for (let index = 0; index < 12_000; index++) writer.record(event({ occurredAt: minute(index % 2) }));
    await writer.flush();
    expect(attempts.count).toBe(3);
    expect(writer.stats()).toMatchObject({ flushed: 12_000, batches: 3, buffered: 0, dropped: 0 });
    expect(await storedEvents()).toBe(12_000);
    const rollups = await prisma.usageRollup.findMany({
      where: { apiKeyId: key.id },
      orderBy: { minute: "asc" },
    });
    expect(rollups.map((rollup) => rollup.count)).toEqual([6_000, 6_000]);
    await writer.close();
  });

  it("flushes a partial batch on the interval", async () => {
    const writer = createActivityWriter({ prisma, batchSize: 500, flushIntervalMs: 20 });
    writer.record(event());
    writer.record(event());
    writer.record(event());
    await vi.waitFor(() => expect(writer.stats().flushed).toBe(3), { timeout: 5_000 });
    expect(writer.stats().batches).toBe(1);
    expect(await storedEvents()).toBe(3);
    await writer.close();
  });

  // Prisma, and the plain `pg` pool the API uses on PostgreSQL (no Prisma on the hot path): same rows.
  describe.each(["prisma", "sql"] as const)("through %s", (backend) => {
    const target = () => (backend === "prisma" ? prisma : database.sql);

    it("stores each event's fields", async () => {
      const writer = createActivityWriter({ prisma: target(), flushIntervalMs: 60_000 });
      writer.record(
        event({
          presentedHint: "kw_prd_abcd…012345",
          workspaceId: "workspace-1",
          module: "SANDBOX",
          result: "IP_DENIED",
          ip: "192.0.2.1",
          permission: "EXECUTE",
          scope: "runs:manage",
          occurredAt: minute(7),
        }),
      );
      writer.record(event({ occurredAt: minute(8) }));
      await writer.flush();
      const [stored, withoutRequirements] = await prisma.keyEvent.findMany({
        where: { apiKeyId: key.id },
        orderBy: { occurredAt: "asc" },
      });
      expect(stored).toMatchObject({
        accountId: account.accountId,
        presentedHint: "kw_prd_abcd…012345",
        workspaceId: "workspace-1",
        module: "SANDBOX",
        action: "verify",
        result: "IP_DENIED",
        ip: "192.0.2.1",
        permission: "EXECUTE",
        scope: "runs:manage",
        occurredAt: minute(7),
      });
      // Events from producers that ask for no permission or scope store nulls.
      expect(withoutRequirements).toMatchObject({ permission: null, scope: null });
      await writer.close();
    });

    it("aggregates rollups per key, minute and result and adds to existing counts", async () => {
      const other = await seedKey(prisma, account);
      const writer = createActivityWriter({ prisma: target(), flushIntervalMs: 60_000 });
      for (let index = 0; index < 3; index++)
        writer.record(event({ occurredAt: new Date(minute(0).getTime() + index * 1000) }));
      writer.record(event({ result: "FORBIDDEN", occurredAt: minute(0) }));
      writer.record(event({ occurredAt: minute(1) }));
      writer.record(event({ occurredAt: new Date(minute(1).getTime() + 59_999) }));
      writer.record(event({ keyId: other.id, occurredAt: minute(0) }));
      writer.record(event({ keyId: null, result: "NOT_FOUND", occurredAt: minute(0) }));
      await writer.flush();
      for (let index = 0; index < 2; index++) writer.record(event({ occurredAt: minute(0) }));
      await writer.flush();
      const rollups = await prisma.usageRollup.findMany({
        where: { apiKeyId: { in: [key.id, other.id] } },
        orderBy: [{ apiKeyId: "asc" }, { minute: "asc" }, { result: "asc" }],
      });
      const summary = rollups.map((rollup) => [
        rollup.apiKeyId === key.id ? "key" : "other",
        rollup.minute.toISOString(),
        rollup.result,
        rollup.count,
      ]);
      expect(summary).toEqual(
        expect.arrayContaining([
          ["key", minute(0).toISOString(), "FORBIDDEN", 1],
          ["key", minute(0).toISOString(), "VALID", 5],
          ["key", minute(1).toISOString(), "VALID", 2],
          ["other", minute(0).toISOString(), "VALID", 1],
        ]),
      );
      expect(summary).toHaveLength(4);
      expect(rollups.every((rollup) => rollup.accountId === account.accountId)).toBe(true);
      await writer.close();
    });

    it("updates lastUsedAt/lastUsedIp from the latest successful use of the batch", async () => {
      const writer = createActivityWriter({ prisma: target(), flushIntervalMs: 60_000 });
      writer.record(event({ occurredAt: minute(1), ip: "192.0.2.1" }));
      writer.record(event({ occurredAt: minute(3), ip: "192.0.2.3" }));
      writer.record(event({ occurredAt: minute(2), ip: "192.0.2.2" }));
      writer.record(event({ occurredAt: minute(9), ip: "192.0.2.9", result: "FORBIDDEN" }));
      await writer.flush();
      const lastUse = async () => {
        const stored = await prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
        return [stored.lastUsedAt?.toISOString(), stored.lastUsedIp];
      };
      expect(await lastUse()).toEqual([minute(3).toISOString(), "192.0.2.3"]);
      // A late, older event never moves lastUsedAt back.
      writer.record(event({ occurredAt: minute(0), ip: "192.0.2.100" }));
      await writer.flush();
      expect(await lastUse()).toEqual([minute(3).toISOString(), "192.0.2.3"]);
      writer.record(event({ occurredAt: minute(4), ip: null }));
      await writer.flush();
      expect(await lastUse()).toEqual([minute(4).toISOString(), null]);
      await writer.close();
    });

    it("isolates events the database refuses for good and writes the rest", async () => {
      // Batches of three, merged into one write of ten, then halved down to the refused event: the
      // ten, then the halves of five, three and two holding it, then the event alone — five
      // refusals (unmerged batches of three would have taken two).
      const writer = createActivityWriter({ prisma: target(), batchSize: 3, flushIntervalMs: 60_000 });
      for (let index = 0; index < 5; index++) writer.record(event());
      writer.record(event({ keyId: "00000000-0000-7000-8000-000000000000" }));
      for (let index = 0; index < 4; index++) writer.record(event());
      await writer.flush();
      expect(writer.stats()).toMatchObject({ flushed: 9, dropped: 1, buffered: 0, failedFlushes: 5 });
      expect(await storedEvents()).toBe(9);
      await writer.close();
    });
  });

  it("stores the first of equal coalescing uses per batch and counts every one in rollups and last use", async () => {
    const bus = createInProcessEventBus();
    const published: KeyActivityEvent[] = [];
    bus.subscribe("key.activity", (activity) => published.push(activity));
    const writer = createActivityWriter({ prisma, events: bus, flushIntervalMs: 60_000 });
    const use = (second: number, overrides: Partial<KeyActivityEvent> = {}) =>
      event({
        action: "verify.caller",
        coalesce: true,
        ip: "192.0.2.1",
        scope: "keys:verify",
        occurredAt: new Date(minute(0).getTime() + second * 1000),
        ...overrides,
      });
    for (let second = 0; second < 5; second++) writer.record(use(second));
    writer.record(use(5, { ip: "192.0.2.9" }));
    writer.record(use(6, { scope: "other:scope" }));
    // A refusal never coalesces, nor does an event that does not ask to.
    writer.record(use(7, { coalesce: undefined, result: "IP_DENIED" }));
    writer.record(use(8, { coalesce: undefined }));
    writer.record(use(9, { ip: "192.0.2.9" }));
    await writer.flush();
    const rows = await prisma.keyEvent.findMany({
      where: { apiKeyId: key.id },
      orderBy: { occurredAt: "asc" },
    });
    expect(rows.map((row) => [row.occurredAt.getUTCSeconds(), row.ip, row.scope, row.result])).toEqual([
      [0, "192.0.2.1", "keys:verify", "VALID"],
      [5, "192.0.2.9", "keys:verify", "VALID"],
      [6, "192.0.2.1", "other:scope", "VALID"],
      [7, "192.0.2.1", "keys:verify", "IP_DENIED"],
      [8, "192.0.2.1", "keys:verify", "VALID"],
    ]);
    const rollups = await prisma.usageRollup.findMany({ where: { apiKeyId: key.id } });
    expect(Object.fromEntries(rollups.map((row) => [row.result, row.count]))).toEqual({
      VALID: 9,
      IP_DENIED: 1,
    });
    const stored = await prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect([stored.lastUsedAt?.getUTCSeconds(), stored.lastUsedIp]).toEqual([9, "192.0.2.9"]);
    expect(published).toHaveLength(10);
    expect(writer.stats()).toMatchObject({ flushed: 10, dropped: 0 });
    await writer.close();
  });

  it("keeps a key's written activity when the key row is deleted (the log holds no foreign keys)", async () => {
    const writer = createActivityWriter({ prisma, flushIntervalMs: 60_000 });
    for (let index = 0; index < 3; index++) writer.record(event());
    await writer.flush();
    await prisma.apiKey.delete({ where: { id: key.id } });
    expect(await storedEvents()).toBe(3);
    expect(await prisma.usageRollup.count({ where: { apiKeyId: key.id } })).toBe(0);
    await writer.close();
  });

  it("close() writes everything still buffered, then refuses new events", async () => {
    const writer = createActivityWriter({ prisma, batchSize: 500, flushIntervalMs: 60_000 });
    for (let index = 0; index < 1_234; index++) writer.record(event());
    await writer.close();
    expect(await storedEvents()).toBe(1_234);
    expect(writer.stats()).toMatchObject({ flushed: 1_234, buffered: 0, dropped: 0 });
    expect(writer.record(event())).toBe(false);
    expect(writer.stats().dropped).toBe(1);
  });

  it("keeps a failed batch and retries it with back-off; events arriving meanwhile still buffer", async () => {
    let failuresLeft = 2;
    const { database: flaky, attempts } = flakyPrisma(prisma, () => failuresLeft-- > 0);
    const writer = createActivityWriter({
      prisma: flaky,
      batchSize: 5,
      flushIntervalMs: 60_000,
      retryBaseMs: 150,
    });
    for (let index = 0; index < 5; index++) writer.record(event());
    await vi.waitFor(() => expect(writer.stats().failedFlushes).toBe(1), { timeout: 5_000, interval: 5 });
    expect(writer.stats()).toMatchObject({ buffered: 5, flushed: 0 });
    for (let index = 0; index < 3; index++) expect(writer.record(event())).toBe(true);
    await vi.waitFor(() => expect(writer.stats().flushed).toBe(5), { timeout: 5_000 });
    expect(writer.stats().failedFlushes).toBe(2);
    await writer.close();
    expect(writer.stats()).toMatchObject({ flushed: 8, dropped: 0, buffered: 0 });
    expect(attempts.count).toBe(4);
    expect(await storedEvents()).toBe(8);
  });

  it("flush() rejects on a database error and keeps the events", async () => {
    let down = true;
    const { database: flaky } = flakyPrisma(prisma, () => down);
    const writer = createActivityWriter({ prisma: flaky, flushIntervalMs: 60_000, retryBaseMs: 60_000 });
    writer.record(event());
    writer.record(event());
    await expect(writer.flush()).rejects.toThrow("ECONNREFUSED");
    expect(writer.stats()).toMatchObject({ buffered: 2, failedFlushes: 1, flushed: 0 });
    down = false;
    await writer.flush();
    expect(writer.stats()).toMatchObject({ buffered: 0, flushed: 2 });
    expect(await storedEvents()).toBe(2);
    await writer.close();
  });

  it("drops and counts new events when the buffer is full, keeping the buffered ones", async () => {
    let down = true;
    const { database: flaky } = flakyPrisma(prisma, () => down);
    const writer = createActivityWriter({
      prisma: flaky,
      batchSize: 5,
      maxBuffered: 10,
      flushIntervalMs: 60_000,
      retryBaseMs: 60_000,
    });
    const accepted = Array.from({ length: 15 }, () => writer.record(event()));
    expect(accepted.filter(Boolean)).toHaveLength(10);
    expect(accepted.slice(10)).toEqual([false, false, false, false, false]);
    expect(writer.stats()).toMatchObject({ buffered: 10, dropped: 5 });
    down = false;
    await writer.close();
    expect(writer.stats()).toMatchObject({ buffered: 0, dropped: 5, flushed: 10 });
    expect(await storedEvents()).toBe(10);
  });

  it("close() gives up after its timeout when the database stays down and counts the loss", async () => {
    const { database: flaky } = flakyPrisma(prisma, () => true);
    const writer = createActivityWriter({
      prisma: flaky,
      flushIntervalMs: 60_000,
      retryBaseMs: 10,
      closeTimeoutMs: 100,
    });
    writer.record(event());
    writer.record(event());
    await writer.close();
    expect(writer.stats()).toMatchObject({ buffered: 0, dropped: 2, flushed: 0 });
    expect(writer.stats().failedFlushes).toBeGreaterThan(1);
  });

  it("publishes key.activity only after the batch commits", async () => {
    const bus = createInProcessEventBus();
    const published: KeyActivityEvent[] = [];
    bus.subscribe("key.activity", (payload) => published.push(payload));
    let down = true;
    const { database: flaky } = flakyPrisma(prisma, () => down);
    const writer = createActivityWriter({
      prisma: flaky,
      events: bus,
      flushIntervalMs: 60_000,
      retryBaseMs: 60_000,
    });
    const first = event({ ip: "192.0.2.50" });
    writer.record(first);
    await expect(writer.flush()).rejects.toThrow();
    expect(published).toEqual([]);
    down = false;
    await writer.flush();
    expect(published).toEqual([first]);
    await writer.close();
  });
});
