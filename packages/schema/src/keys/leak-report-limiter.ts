import type { Redis } from "ioredis";
import { consumeAttempt, createAttemptLimit, type LimitDecision } from "../identity/attempt-limit.ts";

export interface LeakReportLimiterOptions {
  /** Counts shared by every instance through Redis; per process without it. */
  storeClient?: Redis | undefined;
  /** Reports per IP per window (default 30 per minute). */
  perIp?: { points: number; windowSeconds: number } | undefined;
}

/** The leak-report route is anonymous: reports are limited per IP. */
export function createLeakReportLimiter(options: LeakReportLimiterOptions = {}) {
  const limit = createAttemptLimit({
    keyPrefix: "keyward:leak-report:ip",
    ...(options.perIp ?? { points: 30, windowSeconds: 60 }),
    storeClient: options.storeClient,
  });
  return { consume: (ip: string): Promise<LimitDecision> => consumeAttempt(limit, ip) };
}
