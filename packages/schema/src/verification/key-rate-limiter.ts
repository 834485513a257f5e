import type { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the current one-minute window resets. */
  resetMs: number;
}

/** Per-key requests-per-minute limit, consumed once per successful verification. */
export interface KeyRateLimiter {
  consume(keyId: string, perMinute: number): Promise<RateLimitDecision>;
}

export interface RedisKeyRateLimiterOptions {
  /** Prefix of the Redis keys (the limit is appended, so changing a key's limit starts afresh). */
  keyPrefix?: string;
}

const WINDOW_SECONDS = 60;

/** In-process limits: exact for one instance, per instance when there are several. */
export function createMemoryKeyRateLimiter(): KeyRateLimiter {
  return createKeyRateLimiter(
    (perMinute) => new RateLimiterMemory({ points: perMinute, duration: WINDOW_SECONDS }),
  );
}

/**
 * Limits shared by every instance through Redis. When Redis fails or is not connected, the
 * library's insurance limiter (in memory, per instance) answers instead, so verification never
 * waits for or fails because of Redis.
 */
export function createRedisKeyRateLimiter(
  redis: Redis,
  options: RedisKeyRateLimiterOptions = {},
): KeyRateLimiter {
  const keyPrefix = options.keyPrefix ?? "kw:ratelimit";
  return createKeyRateLimiter(
    (perMinute) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${keyPrefix}:${perMinute}`,
        points: perMinute,
        duration: WINDOW_SECONDS,
        // Without this ioredis queues commands while disconnected and verification would hang.
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({
          keyPrefix: `${keyPrefix}:${perMinute}`,
          points: perMinute,
          duration: WINDOW_SECONDS,
        }),
      }),
  );
}

/** One limiter per distinct limit (limits are few), created on first use. */
function createKeyRateLimiter(create: (perMinute: number) => RateLimiterAbstract): KeyRateLimiter {
  const limiters = new Map<number, RateLimiterAbstract>();
  return {
    async consume(keyId, perMinute) {
      const limit = Math.floor(perMinute);
      if (!(limit >= 1)) return { allowed: false, limit: 0, remaining: 0, resetMs: WINDOW_SECONDS * 1000 };
      let limiter = limiters.get(limit);
      if (limiter === undefined) {
        limiter = create(limit);
        limiters.set(limit, limiter);
      }
      try {
        const result = await limiter.consume(keyId);
        return { allowed: true, limit, remaining: result.remainingPoints, resetMs: result.msBeforeNext };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return { allowed: false, limit, remaining: 0, resetMs: rejection.msBeforeNext };
        }
        throw rejection;
      }
    },
  };
}
