import { createHash } from "node:crypto";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createManualClock } from "../runtime/clock.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../test-support/index.ts";
import { createSecretBox } from "./secret-box.ts";
import { seedAccount, seedProfile } from "./test/seed-identity.ts";
import { beginEnrollment, confirmEnrollment, totpStepAt, verifyTotp } from "./totp.ts";
import { createTotpLimiter } from "./totp-limiter.ts";

const secretBox = createSecretBox("test-server-secret-0123456789abcdef", "keyward/totp-secret");
const stepMs = 30_000;

describe.each(testEngines())("TOTP [%s]", (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await db.close();
  });

  async function setup(options: Parameters<typeof seedProfile>[2] = {}) {
    // Mid-step, so "previous step" and "current step" are unambiguous.
    const clock = createManualClock(new Date("2026-01-01T00:00:10Z"));
    const deps = { prisma: db.prisma, clock, secretBox, limiter: createTotpLimiter() };
    const account = await seedAccount(db.prisma);
    const { profile } = await seedProfile(db.prisma, account.id, { password: null, ...options });
    return { deps, clock, profile };
  }

  /** Enrolls and confirms; returns the key and the recovery codes. */
  async function enroll(deps: Awaited<ReturnType<typeof setup>>["deps"], profileId: string) {
    const { secret } = await beginEnrollment(deps, profileId);
    const key = decodeBase32IgnorePadding(secret);
    const { recoveryCodes } = await confirmEnrollment(deps, profileId, codeAt(key, deps.clock.now(), 0));
    // Move past the step used for confirmation.
    deps.clock.advance(stepMs);
    return { key, recoveryCodes };
  }

  function codeAt(key: Uint8Array, now: Date, stepOffset: number): string {
    return generateHOTP(key, totpStepAt(now) + BigInt(stepOffset), 6);
  }

  it("stores the new secret encrypted and not yet enabled, and gives an otpauth URI", async () => {
    const { deps, profile } = await setup();
    const enrollment = await beginEnrollment(deps, profile.id);

    expect(enrollment.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(
      enrollment.otpauthUri.startsWith(`otpauth://totp/Keyward:${encodeURIComponent(profile.email!)}?`),
    ).toBe(true);
    const uri = new URL(enrollment.otpauthUri);
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      issuer: "Keyward",
      algorithm: "SHA1",
      secret: enrollment.secret,
      period: "30",
      digits: "6",
    });

    const row = await db.prisma.profile.findUniqueOrThrow({ where: { id: profile.id } });
    expect(row.totpEnabledAt).toBeNull();
    expect(row.totpSecret).toMatch(/^v1\./);
    expect(row.totpSecret).not.toContain(enrollment.secret);
    const key = decodeBase32IgnorePadding(enrollment.secret);
    expect(secretBox.open(row.totpSecret!, profile.id)).toEqual(key);
    // Bound to the profile: copied onto another row it does not open.
    expect(() => secretBox.open(row.totpSecret!, "another-profile")).toThrow();
  });

  it("a pending enrolment does not count as MFA", async () => {
    const { deps, profile } = await setup();
    const { secret } = await beginEnrollment(deps, profile.id);
    const code = codeAt(decodeBase32IgnorePadding(secret), deps.clock.now(), 0);
    await expect(verifyTotp(deps, profile.id, code)).rejects.toMatchObject({ code: "MFA_NOT_ENROLLED" });
  });

  it("confirms with a valid code, then enables and returns 10 recovery codes stored as hashes", async () => {
    const { deps, profile } = await setup();
    const { secret } = await beginEnrollment(deps, profile.id);
    const key = decodeBase32IgnorePadding(secret);

    await expect(
      confirmEnrollment(deps, profile.id, codeAt(key, deps.clock.now(), -2)),
    ).rejects.toMatchObject({
      code: "MFA_INVALID_CODE",
    });
    expect(
      (await db.prisma.profile.findUniqueOrThrow({ where: { id: profile.id } })).totpEnabledAt,
    ).toBeNull();

    const { recoveryCodes } = await confirmEnrollment(deps, profile.id, codeAt(key, deps.clock.now(), 0));
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);

    const row = await db.prisma.profile.findUniqueOrThrow({ where: { id: profile.id } });
    expect(row.totpEnabledAt).toEqual(deps.clock.now());
    expect(row.totpLastStep).toBe(totpStepAt(deps.clock.now()));
    expect(row.recoveryCodeHashes.sort()).toEqual(
      recoveryCodes.map((code) => createHash("sha256").update(code.replaceAll("-", "")).digest("hex")).sort(),
    );
    expect(JSON.stringify(row.recoveryCodeHashes)).not.toContain(
      recoveryCodes[0]!.slice(0, 4) + recoveryCodes[0]!.slice(5, 9),
    );

    await expect(beginEnrollment(deps, profile.id)).rejects.toMatchObject({ code: "MFA_ALREADY_ENROLLED" });
    await expect(confirmEnrollment(deps, profile.id, "123456")).rejects.toMatchObject({
      code: "MFA_ALREADY_ENROLLED",
    });
  });

  it("refuses confirmation before enrolment, and enrolment of a service account", async () => {
    const { deps, profile } = await setup();
    await expect(confirmEnrollment(deps, profile.id, "123456")).rejects.toMatchObject({
      code: "MFA_NOT_ENROLLED",
    });
    const service = await setup({ kind: "SERVICE_ACCOUNT", email: null });
    await expect(beginEnrollment(service.deps, service.profile.id)).rejects.toMatchObject({
      code: "INVALID_STATE",
    });
  });

  it("accepts a code of the current step", async () => {
    const { deps, profile } = await setup();
    const { key } = await enroll(deps, profile.id);
    await expect(verifyTotp(deps, profile.id, codeAt(key, deps.clock.now(), 0))).resolves.toEqual({
      method: "TOTP",
      recoveryCodesRemaining: 10,
    });
  });

  it("accepts a code of the previous step (typed just before it rolled over)", async () => {
    const { deps, profile } = await setup();
    const { key } = await enroll(deps, profile.id);
    deps.clock.advance(stepMs);
    const previous = codeAt(key, deps.clock.now(), -1);
    await expect(verifyTotp(deps, profile.id, previous)).resolves.toMatchObject({ method: "TOTP" });
  });

  it("refuses older and future steps, and malformed codes", async () => {
    const { deps, profile } = await setup();
    const { key } = await enroll(deps, profile.id);
    deps.clock.advance(3 * stepMs);
    for (const code of [
      codeAt(key, deps.clock.now(), -2),
      codeAt(key, deps.clock.now(), 1),
      "12345",
      "1234567",
    ]) {
      await expect(verifyTotp(deps, profile.id, code)).rejects.toMatchObject({ code: "MFA_INVALID_CODE" });
    }
  });

  it("refuses a code already accepted, and any earlier step after a later one", async () => {
    const { deps, profile } = await setup();
    const { key } = await enroll(deps, profile.id);
    deps.clock.advance(stepMs);
    const previous = codeAt(key, deps.clock.now(), -1);
    const current = codeAt(key, deps.clock.now(), 0);

    await verifyTotp(deps, profile.id, current);
    await expect(verifyTotp(deps, profile.id, current)).rejects.toMatchObject({ code: "MFA_INVALID_CODE" });
    await expect(verifyTotp(deps, profile.id, previous)).rejects.toMatchObject({ code: "MFA_INVALID_CODE" });
    const row = await db.prisma.profile.findUniqueOrThrow({ where: { id: profile.id } });
    expect(row.totpLastStep).toBe(totpStepAt(deps.clock.now()));
  });

  it("accepts a code only once when presented concurrently", async () => {
    const { deps, profile } = await setup();
    const { key } = await enroll(deps, profile.id);
    const code = codeAt(key, deps.clock.now(), 0);
    const outcomes = await Promise.allSettled([1, 2, 3].map(() => verifyTotp(deps, profile.id, code)));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
  });

  it("throttles after 5 failures, even for a correct code, and a success forgets failures", async () => {
    const { deps, profile } = await setup();
    const { key } = await enroll(deps, profile.id);
    const wrong = codeAt(key, deps.clock.now(), -5);

    for (let i = 0; i < 4; i++) {
      await expect(verifyTotp(deps, profile.id, wrong)).rejects.toMatchObject({ code: "MFA_INVALID_CODE" });
    }
    await verifyTotp(deps, profile.id, codeAt(key, deps.clock.now(), 0));

    for (let i = 0; i < 5; i++) {
      await expect(verifyTotp(deps, profile.id, wrong)).rejects.toMatchObject({ code: "MFA_INVALID_CODE" });
    }
    deps.clock.advance(stepMs);
    await expect(verifyTotp(deps, profile.id, codeAt(key, deps.clock.now(), 0))).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/try again in \d+ seconds/),
    });
  });

  it("accepts each recovery code once, in any case and spacing", async () => {
    const { deps, profile } = await setup();
    const { recoveryCodes } = await enroll(deps, profile.id);
    const [first, second] = recoveryCodes as [string, string];

    await expect(verifyTotp(deps, profile.id, first)).resolves.toEqual({
      method: "RECOVERY_CODE",
      recoveryCodesRemaining: 9,
    });
    await expect(verifyTotp(deps, profile.id, first)).rejects.toMatchObject({ code: "MFA_INVALID_CODE" });
    await expect(
      verifyTotp(deps, profile.id, ` ${second.toUpperCase().replaceAll("-", " ")} `),
    ).resolves.toEqual({
      method: "RECOVERY_CODE",
      recoveryCodesRemaining: 8,
    });
    const row = await db.prisma.profile.findUniqueOrThrow({ where: { id: profile.id } });
    expect(row.recoveryCodeHashes).toHaveLength(8);
    await expect(verifyTotp(deps, profile.id, "aaaa-bbbb-cccc-dddd")).rejects.toMatchObject({
      code: "MFA_INVALID_CODE",
    });
  });

  it("consumes a recovery code once when presented concurrently", async () => {
    const { deps, profile } = await setup();
    const { recoveryCodes } = await enroll(deps, profile.id);
    const code = recoveryCodes[0]!;
    const outcomes = await Promise.allSettled([1, 2, 3].map(() => verifyTotp(deps, profile.id, code)));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
  });
});
