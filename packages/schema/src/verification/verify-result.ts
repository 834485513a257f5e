import type { Environment, Permission } from "../generated/prisma/enums.ts";

/** The codes of `POST /v1/keys/verify` (DESIGN §6): one per outcome, stable for clients. */
export const verifyCodes = [
  "VALID",
  "NOT_FOUND",
  "REVOKED",
  "EXPIRED",
  "PENDING",
  "REJECTED",
  "IP_DENIED",
  "FORBIDDEN",
  "ENVIRONMENT_MISMATCH",
  "WORKSPACE_DENIED",
  "RATE_LIMITED",
] as const;

export type VerifyCode = (typeof verifyCodes)[number];

export interface KeyWorkspace {
  readonly id: string;
  readonly slug: string;
}

export interface RateLimitState {
  readonly limit: number;
  readonly remaining: number;
  /** Milliseconds until the current window resets. */
  readonly resetMs: number;
}

/**
 * The response body of `POST /v1/keys/verify` (DESIGN §6). Key details are present only when
 * valid; a denial of a key of the caller's own account carries keyId/ownerId (the owner's live
 * feed), a key that is unknown or belongs to another account carries nothing.
 */
export interface VerifyResult {
  readonly valid: boolean;
  readonly code: VerifyCode;
  readonly keyId?: string;
  readonly ownerId?: string;
  readonly environment?: Environment;
  readonly permissions?: readonly Permission[];
  readonly scopes?: readonly string[];
  readonly workspaces?: readonly KeyWorkspace[];
  /** ISO 8601; null when the key never expires. */
  readonly expiresAt?: string | null;
  readonly ratelimit?: RateLimitState;
}
