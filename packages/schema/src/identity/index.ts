export {
  changeOwnPassword,
  type PasswordSignIn,
  signInWithPassword,
  signOutEverywhere,
  signOutSession,
} from "./account-sessions.ts";
export type { LimitDecision } from "./attempt-limit.ts";
export { normalizeEmail } from "./email.ts";
export type { IdentityDatabase } from "./identity-database.ts";
export {
  createIdentityServices,
  type IdentityDependencies,
  type IdentityServiceOptions,
  type IdentityServices,
} from "./identity-services.ts";
export {
  dummyPasswordHash,
  hashPassword,
  passwordHashOptions,
  passwordNeedsRehash,
  verifyPassword,
} from "./password-hashing.ts";
export { assertPasswordPolicy, passwordMaxLength, passwordMinLength } from "./password-policy.ts";
export { type KeyUsageCount, profileKeyUsage, recentProfileAuditEvents } from "./profile-activity.ts";
export { findProfileStanding, type ProfileStanding } from "./profile-standing.ts";
export { type ProfileSummary, profileSummarySelect } from "./profile-summary.ts";
export {
  type ChangePasswordInput,
  changePassword,
  createServiceAccount,
  type ProfileActor,
  type ProfileChange,
  type ProfileDependencies,
  type ServiceAccountInput,
  serviceAccountInputSchema,
  setUserRole,
  setUserStatus,
} from "./profiles.ts";
export { recoveryCodeCount } from "./recovery-codes.ts";
export {
  mfaFreshnessMs,
  type ResolvedSessionViewer,
  resolveSessionViewer,
  viewerOfSession,
} from "./resolve-viewer.ts";
export { createSecretBox, type SecretBox, SecretBoxError } from "./secret-box.ts";
export { beginTotpEnrollment, confirmTotpEnrollment, verifySessionTotp } from "./session-mfa.ts";
export { generateSessionToken, sessionIdFromToken } from "./session-tokens.ts";
export {
  type CreatedSession,
  createSession,
  endProfileSessions,
  invalidateProfileSessions,
  invalidateSession,
  markMfaVerified,
  publishEndedSessions,
  type SessionClient,
  type SessionDependencies,
  type SessionWriteDependencies,
  sessionLifetimeMs,
  sessionRenewalThresholdMs,
  type ValidatedSession,
  validateSessionToken,
} from "./sessions.ts";
export {
  type SignInDependencies,
  type SignInInput,
  type SignInResult,
  signIn,
} from "./sign-in.ts";
export {
  createSignInLimiter,
  type SignInAttemptKeys,
  type SignInLimiter,
  type SignInLimiterOptions,
} from "./sign-in-limiter.ts";
export { type SsoIdentity, ssoIdentityFromClaims } from "./sso-claims.ts";
export {
  parseSsoRoleMap,
  resolveSsoRole,
  roleClaimValues,
  type SsoRoleMap,
  SsoRoleMapError,
} from "./sso-role-map.ts";
export {
  type SsoSettings,
  type SsoSignInDependencies,
  type SsoSignInInput,
  type SsoSignInResult,
  signInWithSso,
} from "./sso-sign-in.ts";
export {
  beginEnrollment,
  confirmEnrollment,
  type TotpDependencies,
  type TotpEnrollment,
  type TotpVerification,
  totpDigits,
  totpIssuer,
  totpPeriodSeconds,
  verifyTotp,
} from "./totp.ts";
export { createTotpLimiter, type TotpLimiter, type TotpLimiterOptions } from "./totp-limiter.ts";
export {
  addServiceAccount,
  changeUserRole,
  changeUserStatus,
  offboardProfile,
} from "./user-administration.ts";
