export {
  type ActivityDatabase,
  type ActivityWriter,
  type ActivityWriterOptions,
  type ActivityWriterStats,
  createActivityWriter,
} from "./activity-writer.ts";
export {
  createIpAllowlist,
  type IpAllowlist,
  invalidIpAllowlistEntries,
  isValidIpAllowlistEntry,
} from "./ip-allowlist.ts";
export {
  type KeyCheck,
  type KeyCheckOutcome,
  type KeyConditions,
  keyCheckOutcomes,
  keyDenial,
} from "./key-checks.ts";
export {
  createMemoryKeyRateLimiter,
  createRedisKeyRateLimiter,
  type KeyRateLimiter,
  type RateLimitDecision,
  type RedisKeyRateLimiterOptions,
} from "./key-rate-limiter.ts";
export type { KeyRecord } from "./key-record.ts";
export { createKeyRecordCache, type KeyRecordCache, type KeyRecordCacheOptions } from "./key-record-cache.ts";
export type { KeyRecordDatabase } from "./key-record-query.ts";
export {
  type AuthenticateRequest,
  type Authentication,
  createVerifier,
  type KeyRequirements,
  type Verifier,
  type VerifierCounters,
  type VerifierDependencies,
  type VerifyRequest,
} from "./verifier.ts";
export {
  type KeyWorkspace,
  type RateLimitState,
  type VerifyCode,
  type VerifyResult,
  verifyCodes,
} from "./verify-result.ts";
