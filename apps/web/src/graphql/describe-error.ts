import type { CombinedError } from "@urql/core";
import type { SchemaType } from "./graphql.ts";

export type ErrorCode = SchemaType<"ErrorCode">;

/**
 * What each error code means for the person in front of the screen. The API's own message is used
 * for codes without an entry here, and is shown beside field issues.
 */
const messages: Partial<Record<ErrorCode, string>> = {
  UNAUTHENTICATED: "Your session has ended. Sign in again to continue.",
  FORBIDDEN: "Your role does not allow this. Ask an administrator if you need it.",
  NOT_FOUND: "This item does not exist, or it is not in your organisation.",
  INVALID_CREDENTIALS: "That email and password do not match an account.",
  RATE_LIMITED: "Too many attempts. Wait a minute, then try again.",
  ACCOUNT_INACTIVE: "This account is deactivated. Ask an administrator to reactivate it.",
  MFA_REQUIRED: "Confirm it is you with a code from your authenticator app first.",
  MFA_INVALID_CODE: "That code is not valid. Enter the current 6-digit code, or a recovery code.",
  MFA_NOT_ENROLLED: "Set up two-factor authentication first (Security).",
  MFA_ALREADY_ENROLLED: "Two-factor authentication is already set up for this account.",
  KEY_NOT_ACTIVE: "This key is not active, so it cannot be changed this way.",
  KEY_ALREADY_ROTATED: "This key has already been rotated; use its replacement.",
  KEY_REVOKED: "This key is revoked. Revoked keys can never be restored: create a new one.",
  EXPIRY_REQUIRED: "Production keys need an expiry. Choose 30, 60 or 90 days, or a date.",
  EXPIRY_TOO_LONG: "That expiry is later than your organisation's policy allows.",
  INVALID_IP_ALLOWLIST: "Every IP allowlist entry must be an IP address or a CIDR range.",
  IP_ALLOWLIST_REQUIRED: "Your organisation requires an IP allowlist on production keys.",
  PRIVILEGE_ESCALATION: "A key cannot grant more than the permissions of whoever creates it.",
  SSO_MANAGED_ROLE:
    "This user's role comes from single sign-on and is set again at every sign-in. Change it in your identity provider.",
  INVALID_STATE: "This item changed in the meantime. Reload and try again.",
  ALREADY_CLAIMED: "This key has already been claimed; its secret is never shown twice.",
  CONFLICT: "Someone else changed this at the same time. Reload and try again.",
  SELF_LOCKOUT: "You cannot do this to your own account: you would lock yourself out.",
  SSO_NOT_CONFIGURED: "Single sign-on is not set up for this Keyward. Sign in with your email and password.",
  SSO_STATE_INVALID: "The single sign-on attempt expired or was interrupted. Start it again.",
  SSO_PROVIDER_ERROR:
    "Your identity provider did not complete the sign-in. Try again, or ask your administrator.",
  SSO_CLAIMS_INVALID:
    "Your identity provider did not send a verified email address, so Keyward cannot sign you in.",
  SSO_ACCOUNT_CONFLICT:
    "Your email already belongs to a Keyward account that does not use single sign-on. Ask your administrator.",
  SSO_FAILED: "Single sign-on failed on the server. Try again in a moment.",
};

/** The sentence for a code the API sent outside GraphQL (e.g. `/sign-in?error=<code>`), if it is one. */
export function describeErrorCode(code: string): string | undefined {
  return Object.hasOwn(messages, code) ? messages[code as ErrorCode] : undefined;
}

/** An expected failure from a mutation (the `KeywardError` member of its result union). */
export interface KeywardErrorLike {
  code: ErrorCode;
  message: string;
  fieldIssues?: readonly { path: string; message: string }[];
}

/** A sentence for an expected failure: the meaning of its code, or the API's own message. */
export function describeKeywardError(error: KeywardErrorLike): string {
  if (error.code === "VALIDATION_FAILED" && error.fieldIssues?.length) {
    return `Check the form: ${error.fieldIssues.map((issue) => issue.message).join("; ")}.`;
  }
  return messages[error.code] ?? error.message;
}

/** Field issues by the last segment of their path (`input.name` → `name`), for forms. */
export function fieldErrorsOf(error: KeywardErrorLike | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error?.fieldIssues ?? []) {
    const field = issue.path.split(".").at(-1) ?? issue.path;
    errors[field] ??= issue.message;
  }
  return errors;
}

function codeOf(extensions: Record<string, unknown> | undefined): ErrorCode | undefined {
  const code = extensions?.code;
  return typeof code === "string" && code in messages ? (code as ErrorCode) : undefined;
}

/** A sentence for a failed operation: what the codes mean, the API's messages, or what went wrong. */
export function describeError(error: CombinedError): string {
  if (error.networkError) {
    return "Keyward could not reach its server. Check your connection and try again.";
  }
  const sentences = error.graphQLErrors.map((graphQLError) => {
    const code = codeOf(graphQLError.extensions);
    return (code && messages[code]) || graphQLError.message;
  });
  const unique = [...new Set(sentences.filter(Boolean))];
  return unique.length > 0 ? unique.join(" ") : "Something went wrong. Please try again.";
}

/**
 * Why a mutation failed, in words, or null when it did not: the transport or GraphQL error, or
 * the `KeywardError` member of its result union.
 */
export function failureOf(
  error: CombinedError | undefined,
  payload: { __typename?: string } | null | undefined,
): string | null {
  if (error) return describeError(error);
  if (payload?.__typename === "KeywardError") return describeKeywardError(payload as KeywardErrorLike);
  return null;
}

/** Whether a failed operation means the session is gone (the app then shows the sign-in page). */
export function isUnauthenticated(error: CombinedError | undefined): boolean {
  return (
    error?.graphQLErrors.some((graphQLError) => graphQLError.extensions?.code === "UNAUTHENTICATED") ?? false
  );
}
