import type { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";

/** Whether an attempt may go ahead, and when to try again if not. */
export interface LimitDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

export interface AttemptLimitOptions {
  keyPrefix: string;
  /** Attempts allowed per window. */
  points: number;
  windowSeconds: number;
  /** An ioredis client: counts are shared by every instance. Without it they are per process. */
  storeClient?: Redis | undefined;
}

/**
 * A fixed-window attempt counter. With Redis, an in-process counter takes over while Redis is
 * unreachable, so sign-in keeps working (and keeps being limited) during an outage.
 */
export function createAttemptLimit(options: AttemptLimitOptions): RateLimiterAbstract {
  const limits = { keyPrefix: options.keyPrefix, points: options.points, duration: options.windowSeconds };
  const memory = new RateLimiterMemory(limits);
  if (options.storeClient === undefined) return memory;
  return new RateLimiterRedis({
    ...limits,
    storeClient: options.storeClient,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}

/** Counts one attempt for `key`; over the limit the attempt is refused (it still counts). */
export async function consumeAttempt(limit: RateLimiterAbstract, key: string): Promise<LimitDecision> {
  try {
    await limit.consume(key);
    return { allowed: true, retryAfterSeconds: 0 };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    }
    throw rejection;
  }
}
