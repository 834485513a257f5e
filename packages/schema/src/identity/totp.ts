import { encodeBase32NoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, verifyHOTP } from "@oslojs/otp";
import { DomainError, notFound } from "../errors/index.ts";
import type { Clock } from "../runtime/clock.ts";
import type { IdentityDatabase } from "./identity-database.ts";
import { generateRecoveryCode, hashRecoveryCode, recoveryCodeCount } from "./recovery-codes.ts";
import type { SecretBox } from "./secret-box.ts";
import type { TotpLimiter } from "./totp-limiter.ts";

/** RFC 6238 defaults that every authenticator app understands: 30 s steps, 6 digits, HMAC-SHA-1. */
export const totpPeriodSeconds = 30;
export const totpDigits = 6;
export const totpIssuer = "Keyward";

export interface TotpDependencies {
  prisma: IdentityDatabase;
  clock: Clock;
  /** Opens and seals Profile.totpSecret (use one made from the server secret). */
  secretBox: SecretBox;
  limiter: TotpLimiter;
}

export interface TotpEnrollment {
  /** Base32 secret for manual entry in an authenticator app. */
  secret: string;
  otpauthUri: string;
}

export interface TotpVerification {
  method: "TOTP" | "RECOVERY_CODE";
  recoveryCodesRemaining: number;
}

const invalidCode = () => new DomainError("MFA_INVALID_CODE", "The code is not valid or was already used");

/** The time step (HOTP counter) that contains `at`. */
export function totpStepAt(at: Date): bigint {
  return BigInt(Math.floor(at.getTime() / (totpPeriodSeconds * 1000)));
}

/**
 * The step a code belongs to: the current or the previous one (clock drift, slow typing), and
 * only if later than `lastStep`, so an accepted code can never be replayed. Null if none.
 */
export function matchTotpStep(
  key: Uint8Array,
  code: string,
  currentStep: bigint,
  lastStep: bigint | null,
): bigint | null {
  for (const step of [currentStep, currentStep - 1n]) {
    if (lastStep !== null && step <= lastStep) continue;
    if (verifyHOTP(key, step, totpDigits, code)) return step;
  }
  return null;
}

async function throttle(deps: TotpDependencies, profileId: string): Promise<void> {
  const decision = await deps.limiter.consume(profileId);
  if (!decision.allowed) {
    throw new DomainError(
      "RATE_LIMITED",
      `Too many code attempts; try again in ${decision.retryAfterSeconds} seconds`,
    );
  }
}

/**
 * Starts (or restarts) TOTP enrolment: a new secret is stored encrypted but not enabled until
 * confirmEnrollment proves the authenticator app has it.
 */
export async function beginEnrollment(deps: TotpDependencies, profileId: string): Promise<TotpEnrollment> {
  const profile = await deps.prisma.profile.findUnique({
    where: { id: profileId },
    select: { id: true, kind: true, email: true, totpEnabledAt: true },
  });
  if (profile === null) throw notFound("Profile");
  if (profile.totpEnabledAt !== null) {
    throw new DomainError("MFA_ALREADY_ENROLLED", "Two-factor authentication is already enabled");
  }
  if (profile.kind !== "USER" || profile.email === null) {
    throw new DomainError("INVALID_STATE", "Only people who sign in can enrol in two-factor authentication");
  }
  const key = crypto.getRandomValues(new Uint8Array(20));
  const stored = await deps.prisma.profile.updateMany({
    where: { id: profileId, totpEnabledAt: null },
    data: { totpSecret: deps.secretBox.seal(key, profileId), totpLastStep: null, recoveryCodeHashes: [] },
  });
  if (stored.count === 0) {
    throw new DomainError("MFA_ALREADY_ENROLLED", "Two-factor authentication is already enabled");
  }
  return {
    secret: encodeBase32NoPadding(key),
    otpauthUri: createTOTPKeyURI(totpIssuer, profile.email, key, totpPeriodSeconds, totpDigits),
  };
}

/**
 * Enables TOTP once the user proves the app works, and returns 10 single-use recovery codes:
 * shown once, stored only as SHA-256 hashes.
 */
export async function confirmEnrollment(
  deps: TotpDependencies,
  profileId: string,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  await throttle(deps, profileId);
  const profile = await deps.prisma.profile.findUnique({
    where: { id: profileId },
    select: { totpSecret: true, totpEnabledAt: true },
  });
  if (profile === null) throw notFound("Profile");
  if (profile.totpEnabledAt !== null) {
    throw new DomainError("MFA_ALREADY_ENROLLED", "Two-factor authentication is already enabled");
  }
  if (profile.totpSecret === null) {
    throw new DomainError("MFA_NOT_ENROLLED", "Start two-factor enrolment first");
  }
  const key = deps.secretBox.open(profile.totpSecret, profileId);
  const now = deps.clock.now();
  const step = matchTotpStep(key, code.replace(/\s/g, ""), totpStepAt(now), null);
  if (step === null) throw invalidCode();

  const recoveryCodes = Array.from({ length: recoveryCodeCount }, generateRecoveryCode);
  const enabled = await deps.prisma.profile.updateMany({
    where: { id: profileId, totpEnabledAt: null, totpSecret: profile.totpSecret },
    data: {
      totpEnabledAt: now,
      totpLastStep: step,
      recoveryCodeHashes: recoveryCodes.map(hashRecoveryCode),
    },
  });
  if (enabled.count === 0) {
    throw new DomainError("CONFLICT", "Two-factor enrolment changed meanwhile; start again");
  }
  await deps.limiter.reset(profileId);
  return { recoveryCodes };
}

/**
 * Checks a second factor: a 6-digit TOTP code of the current or previous step, never one already
 * accepted, or an unused recovery code (consumed). Throttled per profile.
 */
export async function verifyTotp(
  deps: TotpDependencies,
  profileId: string,
  code: string,
): Promise<TotpVerification> {
  await throttle(deps, profileId);
  const profile = await deps.prisma.profile.findUnique({
    where: { id: profileId },
    select: { totpSecret: true, totpEnabledAt: true, totpLastStep: true, recoveryCodeHashes: true },
  });
  if (profile === null) throw notFound("Profile");
  if (profile.totpEnabledAt === null || profile.totpSecret === null) {
    throw new DomainError("MFA_NOT_ENROLLED", "Two-factor authentication is not enabled");
  }
  const typed = code.replace(/\s/g, "");
  let verification: TotpVerification;
  if (/^\d{6}$/.test(typed)) {
    await acceptTotpCode(deps, profileId, profile.totpSecret, profile.totpLastStep, typed);
    verification = { method: "TOTP", recoveryCodesRemaining: profile.recoveryCodeHashes.length };
  } else {
    await consumeRecoveryCode(deps, profileId, profile.recoveryCodeHashes, typed);
    verification = { method: "RECOVERY_CODE", recoveryCodesRemaining: profile.recoveryCodeHashes.length - 1 };
  }
  await deps.limiter.reset(profileId);
  return verification;
}

async function acceptTotpCode(
  deps: TotpDependencies,
  profileId: string,
  sealedSecret: string,
  lastStep: bigint | null,
  code: string,
): Promise<void> {
  const key = deps.secretBox.open(sealedSecret, profileId);
  const step = matchTotpStep(key, code, totpStepAt(deps.clock.now()), lastStep);
  if (step === null) throw invalidCode();
  // Conditional write: of two concurrent requests with the same code only one moves the step on.
  const accepted = await deps.prisma.profile.updateMany({
    where: { id: profileId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  if (accepted.count === 0) throw invalidCode();
}

async function consumeRecoveryCode(
  deps: TotpDependencies,
  profileId: string,
  storedHashes: string[],
  code: string,
): Promise<void> {
  const hash = hashRecoveryCode(code);
  if (!storedHashes.includes(hash)) throw invalidCode();
  // One atomic statement: a code is removed at most once, even by concurrent requests.
  const consumed = await deps.prisma.$executeRaw`
    UPDATE "Profile"
    SET "recoveryCodeHashes" = array_remove("recoveryCodeHashes", ${hash}::text), "updatedAt" = ${deps.clock.now()}
    WHERE "id" = ${profileId} AND ${hash}::text = ANY("recoveryCodeHashes")`;
  if (consumed === 0) throw invalidCode();
}
