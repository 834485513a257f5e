import type { Clock, EventBus } from "@keyward/schema";
import type { Database } from "@keyward/schema/database";
import {
  type ActivityWriter,
  type ActivityWriterOptions,
  type ActivityWriterStats,
  createActivityWriter,
  createKeyRecordCache,
  createMemoryKeyRateLimiter,
  createVerifier,
  type KeyRateLimiter,
  type KeyRecordCache,
  type KeyRecordCacheOptions,
  type Verifier,
  type VerifierCounters,
} from "@keyward/schema/verification";
import {
  createUnknownKeyLimiter,
  type UnknownKeyLimiter,
  type UnknownKeyLimiterStats,
} from "./unknown-key-limiter.ts";

export interface VerificationOptions {
  /**
   * Per-key rate limits. Default: in process (exact for one instance). Several instances pass
   * `createRedisKeyRateLimiter(redis)` from `@keyward/schema/verification` so limits are shared.
   */
  keyRateLimiter?: KeyRateLimiter;
  cache?: KeyRecordCacheOptions;
  /** Batching of KeyEvent/UsageRollup writes (tests use a long interval to hold a full buffer). */
  activity?: Omit<ActivityWriterOptions, "prisma" | "events">;
  /** Unknown keys one client address may present per minute (key spraying). Default 600. */
  unknownKeysPerMinute?: number;
}

export interface VerificationStats {
  verifier: Readonly<VerifierCounters>;
  activity: ActivityWriterStats;
  unknownKeys: UnknownKeyLimiterStats;
  cachedKeys: number;
}

/** One instance's verification engine: a verifier, its cache and limiters, and the activity writer. */
export interface VerificationServices {
  verifier: Verifier;
  activity: ActivityWriter;
  cache: KeyRecordCache;
  unknownKeys: UnknownKeyLimiter;
  /** Counters for /metrics (a snapshot; cheap). */
  stats(): VerificationStats;
  /** Stops listening to invalidations and writes every buffered event: call before the database closes. */
  close(): Promise<void>;
}

export function createVerificationServices(
  dependencies: { database: Database; events: EventBus; clock: Clock },
  options: VerificationOptions = {},
): VerificationServices {
  const { database, events, clock } = dependencies;
  // PostgreSQL: key lookups and activity batches go through the plain `pg` pool (no Prisma query
  // compilation on the hot path). PGlite has one connection that Prisma's transactions hold, so
  // everything stays on Prisma there.
  const hotPath = database.engine === "postgres" ? database.sql : database.prisma;
  const activity = createActivityWriter({ ...options.activity, prisma: hotPath, events });
  const cache = createKeyRecordCache(options.cache);
  // The verifier subscribes itself to "key.invalidate" on the bus (revocations on any instance).
  const verifier = createVerifier({
    prisma: hotPath,
    clock,
    cache,
    rateLimiter: options.keyRateLimiter ?? createMemoryKeyRateLimiter(),
    activity,
    events,
  });
  const unknownKeys = createUnknownKeyLimiter({ attemptsPerMinute: options.unknownKeysPerMinute });
  let closing: Promise<void> | undefined;
  return {
    verifier,
    activity,
    cache,
    unknownKeys,
    stats() {
      return {
        verifier: { ...verifier.counters },
        activity: activity.stats(),
        unknownKeys: unknownKeys.stats(),
        cachedKeys: cache.size,
      };
    },
    close() {
      closing ??= (async () => {
        verifier.close();
        await activity.close();
      })();
      return closing;
    },
  };
}
