import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

/** How many single-use recovery codes an enrolment hands out. */
export const recoveryCodeCount = 10;

/** A new recovery code: 80 random bits, shown as four groups of four (`abcd-efgh-ijkl-mnop`). */
export function generateRecoveryCode(): string {
  const code = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(10)));
  return code.match(/.{4}/g)?.join("-") ?? code;
}

/** Case, spaces and dashes do not matter when a recovery code is typed back. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}

/** The stored form of a recovery code: SHA-256 (hex) of its normalised text. */
export function hashRecoveryCode(code: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normalizeRecoveryCode(code))));
}
