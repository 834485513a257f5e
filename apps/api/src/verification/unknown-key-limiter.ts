import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export interface UnknownKeyLimiterOptions {
  /** Unknown keys (NOT_FOUND) one client address may present per minute. Default 600. */
  attemptsPerMinute?: number;
}

export interface UnknownKeyLimiterStats {
  /** Requests refused with 429 because their address was over the limit. */
  refused: number;
  /** Addresses currently refused. */
  blockedAddresses: number;
}

/**
 * Per-client-address limit on unknown keys, against key spraying: every NOT_FOUND (on
 * `/v1/keys/verify`, for the bearer or the presented key, and for GraphQL bearers) costs one
 * attempt; past the limit the address is refused until its minute is over.
 *
 * Requests from addresses in good standing pay one Map lookup, synchronously; only unknown keys
 * reach the rate limiter.
 */
export interface UnknownKeyLimiter {
  /** Milliseconds until this address may try again; 0 when it may try now. */
  retryAfterMs(ip: string): number;
  /** Counts one unknown key from this address: the wait in milliseconds when that went over the limit, else 0. */
  recordUnknown(ip: string): Promise<number>;
  stats(): UnknownKeyLimiterStats;
}

const WINDOW_SECONDS = 60;
/** Expired entries are swept when the map grows past this (addresses are only added past the limit). */
const SWEEP_THRESHOLD = 10_000;

export function createUnknownKeyLimiter(options: UnknownKeyLimiterOptions = {}): UnknownKeyLimiter {
  const attemptsPerMinute = options.attemptsPerMinute ?? 600;
  if (!Number.isInteger(attemptsPerMinute) || attemptsPerMinute < 1) {
    throw new RangeError("attemptsPerMinute must be a positive integer");
  }
  const limiter = new RateLimiterMemory({
    keyPrefix: "verify-unknown-key",
    points: attemptsPerMinute,
    duration: WINDOW_SECONDS,
  });
  /** Address → epoch milliseconds until which it is refused. */
  const blockedUntil = new Map<string, number>();
  let refused = 0;

  function sweep(now: number): void {
    for (const [ip, until] of blockedUntil) if (until <= now) blockedUntil.delete(ip);
  }

  return {
    retryAfterMs(ip) {
      if (blockedUntil.size === 0) return 0;
      const until = blockedUntil.get(ip);
      if (until === undefined) return 0;
      const wait = until - Date.now();
      if (wait > 0) {
        refused++;
        return wait;
      }
      blockedUntil.delete(ip);
      return 0;
    },
    async recordUnknown(ip) {
      try {
        await limiter.consume(ip);
        return 0;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const wait = Math.max(1, rejection.msBeforeNext);
        const now = Date.now();
        if (blockedUntil.size >= SWEEP_THRESHOLD) sweep(now);
        blockedUntil.set(ip, now + wait);
        refused++;
        return wait;
      }
    },
    stats() {
      return { refused, blockedAddresses: blockedUntil.size };
    },
  };
}
