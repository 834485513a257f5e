import type { Redis } from "ioredis";
import { consumeAttempt, createAttemptLimit, type LimitDecision } from "./attempt-limit.ts";

export interface SignInAttemptKeys {
  ip: string;
  /** Normalised (trimmed, lower-cased). */
  email: string;
}

/**
 * Brute-force protection for password sign-in. Every attempt is counted before the password is
 * checked (so parallel guesses cannot slip past a check-then-count race); a successful sign-in
 * gives its attempt back, so in effect only failures count.
 */
export interface SignInLimiter {
  /** Counts an attempt; `allowed: false` when the email+IP or the IP is over its budget. */
  consume(keys: SignInAttemptKeys): Promise<LimitDecision>;
  /** After a correct password: forgets the email+IP failures and returns the IP's attempt. */
  reset(keys: SignInAttemptKeys): Promise<void>;
}

export interface SignInLimiterOptions {
  /** An ioredis client to share counts across instances; in-process counts without it. */
  storeClient?: Redis | undefined;
  /** Failures per email+IP per window (default 10 per 15 minutes). */
  perEmailAndIp?: { points: number; windowSeconds: number } | undefined;
  /** Attempts per IP per window (default 100 per hour). */
  perIp?: { points: number; windowSeconds: number } | undefined;
}

/** The sign-in limiter: RateLimiterMemory by default, RateLimiterRedis when given a `storeClient`. */
export function createSignInLimiter(options: SignInLimiterOptions = {}): SignInLimiter {
  const perEmailAndIp = createAttemptLimit({
    keyPrefix: "keyward:sign-in:email-ip",
    ...(options.perEmailAndIp ?? { points: 10, windowSeconds: 15 * 60 }),
    storeClient: options.storeClient,
  });
  const perIp = createAttemptLimit({
    keyPrefix: "keyward:sign-in:ip",
    ...(options.perIp ?? { points: 100, windowSeconds: 60 * 60 }),
    storeClient: options.storeClient,
  });
  const emailAndIpKey = (keys: SignInAttemptKeys) => `${keys.email}\u0000${keys.ip}`;

  return {
    async consume(keys) {
      const [byEmailAndIp, byIp] = await Promise.all([
        consumeAttempt(perEmailAndIp, emailAndIpKey(keys)),
        consumeAttempt(perIp, keys.ip),
      ]);
      return {
        allowed: byEmailAndIp.allowed && byIp.allowed,
        retryAfterSeconds: Math.max(byEmailAndIp.retryAfterSeconds, byIp.retryAfterSeconds),
      };
    },
    async reset(keys) {
      await Promise.all([perEmailAndIp.delete(emailAndIpKey(keys)), perIp.reward(keys.ip, 1)]);
    },
  };
}
