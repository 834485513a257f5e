export {
  checkExportLink,
  type ExportDownload,
  ExportIntegrityError,
  exportAuditLog,
  exportKeyRegistry,
  openExportDownload,
  signExportLink,
} from "./audit/exports/index.ts";
export { DomainError, type ErrorCode, errorCodes } from "./errors/index.ts";
export type { EventTopic, KeywardEvents } from "./events/index.ts";
export { createInProcessEventBus, type EventBus } from "./events/index.ts";
export { buildSchema, getSchema, type RequestInfo } from "./graphql/build-schema.ts";
export type {
  GraphQLContext,
  SchemaConfig,
  SchemaDependencies,
  SessionCookieJar,
  Viewer,
} from "./graphql/context.ts";
export {
  findProfileStanding,
  parseSsoRoleMap,
  roleClaimValues,
  type SsoRoleMap,
  SsoRoleMapError,
  type SsoSettings,
  type SsoSignInResult,
  signInWithSso,
} from "./identity/index.ts";
export { hashPassword } from "./identity/password-hashing.ts";
export {
  mfaFreshnessMs,
  type ResolvedSessionViewer,
  resolveSessionViewer,
} from "./identity/resolve-viewer.ts";
export type { SessionDependencies } from "./identity/sessions.ts";
export { createSignInLimiter, type SignInLimiter } from "./identity/sign-in-limiter.ts";
export { createTotpLimiter, type TotpLimiter } from "./identity/totp-limiter.ts";
export { createLeakReportLimiter } from "./keys/leak-report-limiter.ts";
export {
  createLeakReporter,
  type LeakReporter,
  type LeakReportResult,
  MAX_LEAK_REPORT_TOKENS,
} from "./keys/report-leaked-tokens.ts";
export {
  type AnomalyDetector,
  createAnomalyDetector,
  createPolicyJobs,
  createScheduler,
  type JobOutcome,
  type Scheduler,
} from "./policy/index.ts";
export { type Clock, createManualClock, systemClock } from "./runtime/clock.ts";
export { type FirstBootResult, seedFirstBoot } from "./seed/first-boot-seed.ts";
export { seedDemoKeys } from "./seed/seed-demo-keys.ts";
export {
  createWebhooks,
  SIGNATURE_HEADER,
  signWebhook,
  verifyWebhookSignature,
  type Webhooks,
} from "./webhooks/index.ts";
