import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresSqlRunner, type SqlRunner } from "../database/sql-runner.ts";
import { createInProcessEventBus } from "../events/index.ts";
import type { Profile } from "../generated/prisma/client.ts";
import { createManualClock } from "../runtime/clock.ts";
import {
  createTestDatabase,
  seedAccount,
  seedKey,
  type TestDatabase,
  testEngines,
} from "../test-support/index.ts";
import { createPolicyJobs } from "./policy-jobs.ts";
import { DAY_MS } from "./policy-rules.ts";
import { createScheduler, type JobContext, type JobOutcome, type ScheduledJob } from "./scheduler.ts";

const MINUTE = 60_000;

function deferred<T = void>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe.each(testEngines())("scheduler [%s]", (engine) => {
  let db: TestDatabase;
  /** One connection source per scheduler: two instances sharing one database. */
  let connections: [SqlRunner, SqlRunner];
  const clock = createManualClock(new Date("2026-05-01T00:00:00Z"));

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    connections =
      engine === "postgres" && db.url
        ? [createPostgresSqlRunner(db.url), createPostgresSqlRunner(db.url)]
        : [db.sql, db.sql];
  });
  afterAll(async () => {
    if (engine === "postgres") await Promise.all(connections.map((connection) => connection.close()));
    await db.close();
  });

  const countingJob = (name: string, intervalMs = 10 * MINUTE) => {
    const runs: JobContext[] = [];
    const job: ScheduledJob = {
      name,
      intervalMs,
      async run(context) {
        runs.push(context);
        return { run: runs.length };
      },
    };
    return { job, runs };
  };
  const schedulers = (jobs: ScheduledJob[]) =>
    [0, 1].map((index) =>
      createScheduler({ sql: connections[index] as SqlRunner, clock, jobs, instanceId: `instance-${index}` }),
    );

  it("runs a job once per interval across instances", async () => {
    const { job, runs } = countingJob("test.interval");
    const [first, second] = schedulers([job]);
    const startedAt = clock.now();
    expect(await first?.runDueJobs()).toEqual([{ job: "test.interval", status: "RAN", result: { run: 1 } }]);
    expect(await second?.runDueJobs()).toEqual([{ job: "test.interval", status: "NOT_DUE" }]);
    clock.advance(10 * MINUTE - 1);
    expect(await second?.runDueJobs()).toEqual([{ job: "test.interval", status: "NOT_DUE" }]);
    clock.advance(1);
    expect(await second?.runDueJobs()).toEqual([{ job: "test.interval", status: "RAN", result: { run: 2 } }]);
    expect(runs.map((run) => run.previousRunAt)).toEqual([null, startedAt]);
    const [row] = await db.sql.query<{ instanceId: string; result: unknown }>(
      `SELECT "instanceId", result FROM "SchedulerRun" WHERE job = 'test.interval'`,
    );
    expect(row).toEqual({ instanceId: "instance-1", result: { status: "RAN", run: 2 } });
  });

  it("runs a job once when two instances reach it at the same time", async () => {
    const started = deferred();
    const release = deferred();
    let runs = 0;
    const job: ScheduledJob = {
      name: "test.concurrent",
      intervalMs: MINUTE,
      async run() {
        runs++;
        started.resolve();
        await release.promise;
        return {};
      },
    };
    const [first, second] = schedulers([job]);
    const firstRun = first?.runDueJobs();
    await started.promise;
    const [secondOutcome] = (await second?.runDueJobs()) ?? [];
    // PostgreSQL: the other connection holds the advisory lock. PGlite (one connection, where
    // advisory locks are re-entrant): the SchedulerRun claim already says the job ran.
    expect(secondOutcome?.status).toBe(engine === "postgres" ? "LOCKED" : "NOT_DUE");
    release.resolve();
    expect((await firstRun)?.[0]?.status).toBe("RAN");
    expect(runs).toBe(1);
    // The lock was released: once due, the other instance runs it.
    clock.advance(MINUTE);
    expect((await second?.runDueJobs())?.[0]?.status).toBe("RAN");
    expect(runs).toBe(2);
  });

  it("records a failed run and does not retry it within the interval", async () => {
    const job: ScheduledJob = {
      name: "test.failing",
      intervalMs: MINUTE,
      async run() {
        throw new Error("database on fire");
      },
    };
    const [first, second] = schedulers([job]);
    expect(await first?.runDueJobs()).toEqual([
      { job: "test.failing", status: "FAILED", error: "database on fire" },
    ]);
    expect((await second?.runDueJobs())?.[0]?.status).toBe("NOT_DUE");
    const [row] = await db.sql.query<{ result: unknown }>(
      `SELECT result FROM "SchedulerRun" WHERE job = 'test.failing'`,
    );
    expect(row?.result).toMatchObject({ status: "FAILED", error: "database on fire" });
  });

  it("ticks after start() and waits for the run in progress on stop()", async () => {
    const { job, runs } = countingJob("test.ticking");
    const outcome = deferred<JobOutcome>();
    const scheduler = createScheduler({
      sql: connections[0],
      clock,
      jobs: [job],
      instanceId: "ticking",
      initialDelayMs: 0,
      tickMs: 60 * MINUTE,
      onOutcome: outcome.resolve,
    });
    scheduler.start();
    expect(await outcome.promise).toMatchObject({ job: "test.ticking", status: "RAN" });
    await scheduler.stop();
    expect(runs).toHaveLength(1);
    expect(await scheduler.runDueJobs()).toEqual([]);
  });

  it("runs the policy jobs: enforcement expires an overdue key, the scan finds a burst", async () => {
    const seeded = await seedAccount(db.prisma, { owner: "USER" });
    const owner = seeded.profiles.owner as Profile;
    await db.prisma.orgPolicy.update({
      where: { accountId: seeded.accountId },
      data: { failedAuthBurstThreshold: 2, failedAuthBurstWindowSecs: 60 },
    });
    const overdue = (await seedKey(db.prisma, { accountId: seeded.accountId, ownerId: owner.id })).key;
    await db.prisma.apiKey.update({
      where: { id: overdue.id },
      data: { createdAt: new Date(clock.now().getTime() - 200 * DAY_MS) },
    });
    const attacked = (await seedKey(db.prisma, { accountId: seeded.accountId, ownerId: owner.id })).key;
    const failedAt = new Date(clock.now().getTime() - 3 * MINUTE);
    await db.prisma.keyEvent.createMany({
      data: ["192.0.2.1", "192.0.2.2"].map((ip, index) => ({
        accountId: seeded.accountId,
        apiKeyId: attacked.id,
        action: "verify",
        result: "FORBIDDEN",
        ip,
        occurredAt: new Date(failedAt.getTime() + index * 1000),
      })),
    });
    const deps = { prisma: db.prisma, clock, events: createInProcessEventBus() };
    const jobs = createPolicyJobs(deps, { scanIntervalMs: 10 * MINUTE });
    const [first, second] = schedulers(jobs);
    const outcomes = (await first?.runDueJobs()) ?? [];
    expect(outcomes.map((outcome) => [outcome.job, outcome.status])).toEqual([
      ["policy.enforce", "RAN"],
      ["policy.alerts", "RAN"],
      ["anomaly.scan", "RAN"],
    ]);
    expect(((await second?.runDueJobs()) ?? []).map((outcome) => outcome.status)).toEqual([
      "NOT_DUE",
      "NOT_DUE",
      "NOT_DUE",
    ]);
    const stored = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: overdue.id } });
    expect(stored.expiresAt).toEqual(clock.now());
    const alerts = await db.prisma.alert.findMany({ where: { accountId: seeded.accountId } });
    expect(alerts.map((alert) => [alert.kind, alert.apiKeyId]).sort()).toEqual(
      [
        ["EXPIRED", overdue.id],
        ["FAILED_AUTH_BURST", attacked.id],
      ].sort(),
    );
  });
});
