import { createSignInLimiter, createTotpLimiter } from "@keyward/schema";
import { createRedisKeyRateLimiter } from "@keyward/schema/verification";
import type { Redis } from "ioredis";

/**
 * Limits that several instances must count together: per-key verification rate limits, sign-in
 * attempts and TOTP guesses. With Redis they are shared (each falls back to in-process counts
 * while Redis is unreachable); without it the in-process defaults apply.
 */
export function sharedLimits(redis: Redis | null) {
  if (redis === null) return { keyRateLimiter: undefined, signInLimiter: undefined, totpLimiter: undefined };
  return {
    keyRateLimiter: createRedisKeyRateLimiter(redis),
    signInLimiter: createSignInLimiter({ storeClient: redis }),
    totpLimiter: createTotpLimiter({ storeClient: redis }),
  };
}
