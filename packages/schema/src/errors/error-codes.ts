/**
 * The closed list of stable error codes. Every expected failure carries one of these;
 * clients switch on the code, never on the message. Add new codes here only.
 */
export const errorCodes = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "VALIDATION_FAILED",
  "INVALID_CREDENTIALS",
  "RATE_LIMITED",
  "ACCOUNT_INACTIVE",
  "MFA_REQUIRED",
  "MFA_INVALID_CODE",
  "MFA_NOT_ENROLLED",
  "MFA_ALREADY_ENROLLED",
  "KEY_NOT_ACTIVE",
  "KEY_ALREADY_ROTATED",
  "KEY_REVOKED",
  "EXPIRY_REQUIRED",
  "EXPIRY_TOO_LONG",
  "INVALID_IP_ALLOWLIST",
  "IP_ALLOWLIST_REQUIRED",
  "PRIVILEGE_ESCALATION",
  "SSO_MANAGED_ROLE",
  "INVALID_STATE",
  "ALREADY_CLAIMED",
  "CONFLICT",
  "SELF_LOCKOUT",
  "SELF_APPROVAL",
  "SSO_NOT_CONFIGURED",
  "SSO_STATE_INVALID",
  "SSO_PROVIDER_ERROR",
  "SSO_CLAIMS_INVALID",
  "SSO_ACCOUNT_CONFLICT",
  "SSO_FAILED",
] as const;

export type ErrorCode = (typeof errorCodes)[number];
