import { createHash } from "node:crypto";
import type { SqlRunner } from "../database/sql-runner.ts";
import type { Clock } from "../runtime/clock.ts";

export interface JobContext {
  now: Date;
  /** When the job last ran on any instance (null the first time). */
  previousRunAt: Date | null;
}

export interface ScheduledJob {
  /** Unique name: the SchedulerRun row and the advisory lock are per name. */
  name: string;
  /** A job runs at most once per interval across all instances. */
  intervalMs: number;
  /** Returns a small summary stored in SchedulerRun.result. */
  run(context: JobContext): Promise<Record<string, unknown>>;
}

export type JobOutcome =
  | { job: string; status: "RAN"; result: Record<string, unknown> }
  | { job: string; status: "FAILED"; error: string }
  /** Another instance holds the job's lock right now. */
  | { job: string; status: "LOCKED" }
  /** The job ran (here or elsewhere) less than its interval ago. */
  | { job: string; status: "NOT_DUE" };

export interface SchedulerOptions {
  /** Plain SQL on connections of its own: session advisory locks need one connection per run. */
  sql: SqlRunner;
  clock: Clock;
  jobs: readonly ScheduledJob[];
  /** Recorded in SchedulerRun.instanceId. */
  instanceId: string;
  /** How often due jobs are looked for. Default 60 s. */
  tickMs?: number;
  /** First look after start(). Default 10 s (start-up is not slowed down by jobs). */
  initialDelayMs?: number;
  onOutcome?: (outcome: JobOutcome) => void;
}

export interface Scheduler {
  start(): void;
  /** Stops ticking and waits for a run in progress. */
  stop(): Promise<void>;
  /** Runs every due job once, one after another (what each tick does). */
  runDueJobs(): Promise<JobOutcome[]>;
}

/** A stable 64-bit advisory-lock id per job name (signed, as PostgreSQL's bigint wants it). */
export function jobLockId(name: string): string {
  return createHash("sha256").update(`keyward:scheduler:${name}`).digest().readBigInt64BE(0).toString();
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Runs periodic jobs on every instance without doing the work twice: a job runs under its
 * PostgreSQL advisory lock (pg_try_advisory_lock: an instance that finds it held skips), and
 * only when SchedulerRun says no instance started it within its interval. The run is claimed
 * with a conditional upsert of SchedulerRun before it starts, so even two schedulers sharing
 * one database connection (embedded PGlite, where advisory locks are re-entrant) run it once.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const tickMs = options.tickMs ?? 60_000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<JobOutcome[]> | null = null;
  let stopped = false;

  async function claim(connection: SqlRunner, job: ScheduledJob, now: Date): Promise<JobContext | null> {
    // Times travel as UTC text and come back as epoch milliseconds: the column has no time zone,
    // and neither driver may apply the process's local zone to it.
    const previous = await connection.query<{ lastRunMs: number | string }>(
      `SELECT (extract(epoch FROM "lastRunAt") * 1000)::float8 AS "lastRunMs" FROM "SchedulerRun" WHERE job = $1`,
      [job.name],
    );
    const claimed = await connection.query<{ job: string }>(
      `INSERT INTO "SchedulerRun" (job, "lastRunAt", "instanceId", result)
       VALUES ($1, $2::timestamptz AT TIME ZONE 'UTC', $3, '{"status":"RUNNING"}')
       ON CONFLICT (job) DO UPDATE
         SET "lastRunAt" = EXCLUDED."lastRunAt", "instanceId" = EXCLUDED."instanceId", result = EXCLUDED.result
         WHERE "SchedulerRun"."lastRunAt" <= $4::timestamptz AT TIME ZONE 'UTC'
       RETURNING job`,
      [
        job.name,
        now.toISOString(),
        options.instanceId,
        new Date(now.getTime() - job.intervalMs).toISOString(),
      ],
    );
    if (claimed.length === 0) return null;
    const lastRunMs = previous[0]?.lastRunMs;
    return { now, previousRunAt: lastRunMs === undefined ? null : new Date(Number(lastRunMs)) };
  }

  async function runJob(job: ScheduledJob): Promise<JobOutcome> {
    return options.sql.withConnection(async (connection) => {
      const lockId = jobLockId(job.name);
      const [lock] = await connection.query<{ locked: boolean }>(
        "SELECT pg_try_advisory_lock($1) AS locked",
        [lockId],
      );
      if (!lock?.locked) return { job: job.name, status: "LOCKED" };
      try {
        const context = await claim(connection, job, options.clock.now());
        if (context === null) return { job: job.name, status: "NOT_DUE" };
        let outcome: JobOutcome;
        try {
          outcome = { job: job.name, status: "RAN", result: await job.run(context) };
        } catch (error) {
          // A failed run still counts as the interval's run: no instance retries it in a hot loop.
          outcome = { job: job.name, status: "FAILED", error: errorText(error) };
        }
        const stored = outcome.status === "RAN" ? { status: "RAN", ...outcome.result } : outcome;
        await connection.query(`UPDATE "SchedulerRun" SET result = $2 WHERE job = $1`, [
          job.name,
          JSON.stringify(stored),
        ]);
        return outcome;
      } finally {
        await connection.query("SELECT pg_advisory_unlock($1)", [lockId]);
      }
    });
  }

  async function runDueJobs(): Promise<JobOutcome[]> {
    const outcomes: JobOutcome[] = [];
    for (const job of options.jobs) {
      if (stopped) break;
      let outcome: JobOutcome;
      try {
        outcome = await runJob(job);
      } catch (error) {
        // The database is unreachable: the next tick tries again.
        outcome = { job: job.name, status: "FAILED", error: errorText(error) };
      }
      options.onOutcome?.(outcome);
      outcomes.push(outcome);
    }
    return outcomes;
  }

  function tick(): void {
    if (running !== null || stopped) return;
    running = runDueJobs().finally(() => {
      running = null;
    });
  }

  return {
    start() {
      if (timer !== null || stopped) return;
      timer = setTimeout(function next() {
        tick();
        timer = setTimeout(next, tickMs);
        timer.unref();
      }, options.initialDelayMs ?? 10_000);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      if (running !== null) await running;
    },
    runDueJobs,
  };
}
