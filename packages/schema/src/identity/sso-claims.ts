import { z } from "zod";
import { DomainError } from "../errors/index.ts";
import { normalizeEmail } from "./email.ts";
import { roleClaimValues } from "./sso-role-map.ts";

/** Who the identity provider says signed in, read from verified ID-token (and userinfo) claims. */
export interface SsoIdentity {
  subject: string;
  email: string;
  displayName: string;
  /** Values of the configured role claim (groups, roles…), possibly none. */
  roleClaimValues: string[];
}

const maxDisplayName = 200;

const text = (value: unknown): string | null =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : null;

const emailSchema = z.email();

/**
 * Extracts the identity from claims. SSO_CLAIMS_INVALID when `sub` or a valid `email` is
 * missing, or when the provider itself marks the email unverified (`email_verified: false`):
 * emails are unique platform-wide, so an unverified address could squat someone else's.
 */
export function ssoIdentityFromClaims(
  claims: Readonly<Record<string, unknown>>,
  roleClaim: string,
): SsoIdentity {
  const subject = text(claims.sub);
  if (subject === null || subject.length > 255) {
    throw new DomainError("SSO_CLAIMS_INVALID", "The identity provider sent no usable subject (sub) claim");
  }
  const rawEmail = text(claims.email);
  const email = rawEmail === null ? null : normalizeEmail(rawEmail);
  if (email === null || !emailSchema.safeParse(email).success) {
    throw new DomainError(
      "SSO_CLAIMS_INVALID",
      "The identity provider sent no valid email claim; allow the email scope for Keyward",
    );
  }
  if (claims.email_verified === false) {
    throw new DomainError(
      "SSO_CLAIMS_INVALID",
      "The identity provider reports this email address as unverified; verify it there first",
    );
  }
  const given = [text(claims.given_name), text(claims.family_name)].filter((part) => part !== null);
  const displayName =
    text(claims.name) ??
    (given.length > 0 ? given.join(" ") : null) ??
    text(claims.preferred_username) ??
    email;
  return {
    subject,
    email,
    displayName: displayName.slice(0, maxDisplayName),
    roleClaimValues: roleClaimValues(claims, roleClaim),
  };
}
