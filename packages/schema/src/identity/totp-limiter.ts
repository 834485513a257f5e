import type { Redis } from "ioredis";
import { consumeAttempt, createAttemptLimit, type LimitDecision } from "./attempt-limit.ts";

/**
 * Throttles TOTP and recovery-code guesses per profile. Attempts are counted before the code is
 * checked; a correct code forgets the profile's failures, so in effect only failures count.
 */
export interface TotpLimiter {
  consume(profileId: string): Promise<LimitDecision>;
  reset(profileId: string): Promise<void>;
}

export interface TotpLimiterOptions {
  /** An ioredis client to share counts across instances; in-process counts without it. */
  storeClient?: Redis | undefined;
  /** Failures per profile per window (default 5 per 5 minutes). */
  points?: number | undefined;
  windowSeconds?: number | undefined;
}

/** The TOTP limiter: RateLimiterMemory by default, RateLimiterRedis when given a `storeClient`. */
export function createTotpLimiter(options: TotpLimiterOptions = {}): TotpLimiter {
  const limit = createAttemptLimit({
    keyPrefix: "keyward:totp",
    points: options.points ?? 5,
    windowSeconds: options.windowSeconds ?? 5 * 60,
    storeClient: options.storeClient,
  });
  return {
    consume: (profileId) => consumeAttempt(limit, profileId),
    async reset(profileId) {
      await limit.delete(profileId);
    },
  };
}
