import {
  type Clock,
  createAnomalyDetector,
  createPolicyJobs,
  createScheduler,
  type EventBus,
} from "@keyward/schema";
import type { Database } from "@keyward/schema/database";
import type { Logger } from "../logger.ts";

export interface PolicyRuntimeOptions {
  database: Database;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  instanceId: string;
  /** Delay before the scheduler's first run (the scheduler's default when undefined). */
  jobsDelayMs?: number | undefined;
}

export interface PolicyRuntime {
  /** Stops the scheduler (waiting for a job in progress) and the live detector. */
  stop(): Promise<void>;
}

/**
 * Starts live suspicious-activity detection and the scheduler of the policy jobs on this
 * instance. Every instance runs both: the scheduler's locks make each job run once.
 */
export function startPolicyRuntime(options: PolicyRuntimeOptions): PolicyRuntime {
  const { database, events, clock, logger } = options;
  const deps = { prisma: database.prisma, events, clock };
  const detector = createAnomalyDetector({
    deps,
    onError: (error) => logger.error({ err: error }, "suspicious-activity detection failed"),
    onDetection: (detection, outcome) =>
      logger.warn(
        {
          accountId: detection.accountId,
          kind: detection.kind,
          keyId: detection.apiKeyId,
          alertId: outcome.alert?.id ?? null,
          locked: outcome.locked !== null,
        },
        "suspicious activity",
      ),
  });
  const scheduler = createScheduler({
    sql: database.sql,
    clock,
    jobs: createPolicyJobs(deps),
    instanceId: options.instanceId,
    ...(options.jobsDelayMs === undefined ? {} : { initialDelayMs: options.jobsDelayMs }),
    onOutcome: (outcome) => {
      if (outcome.status === "FAILED")
        logger.error({ job: outcome.job, error: outcome.error }, "scheduled job failed");
      else if (outcome.status === "RAN")
        logger.info({ job: outcome.job, result: outcome.result }, "scheduled job ran");
    },
  });
  detector.start();
  scheduler.start();
  return {
    async stop() {
      await scheduler.stop();
      await detector.stop();
    },
  };
}
