import { DomainError } from "../errors/index.ts";

/** NIST SP 800-63B: length is what matters; no composition rules. */
export const passwordMinLength = 12;
/** Bounds the argon2 input so a huge "password" cannot be used to burn CPU. */
export const passwordMaxLength = 256;

/** Throws VALIDATION_FAILED (on `field`) when a new password is too short or too long. */
export function assertPasswordPolicy(password: string, field = "password"): void {
  const length = [...password].length;
  if (length < passwordMinLength) {
    throw new DomainError("VALIDATION_FAILED", "The password is too short", [
      { path: field, message: `Use at least ${passwordMinLength} characters` },
    ]);
  }
  if (length > passwordMaxLength) {
    throw new DomainError("VALIDATION_FAILED", "The password is too long", [
      { path: field, message: `Use at most ${passwordMaxLength} characters` },
    ]);
  }
}
