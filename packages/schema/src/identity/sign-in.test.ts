import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthFailureEvent, createInProcessEventBus } from "../events/index.ts";
import { createManualClock } from "../runtime/clock.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../test-support/index.ts";
import { verifyPassword } from "./password-hashing.ts";
import { sessionIdFromToken } from "./session-tokens.ts";
import { validateSessionToken } from "./sessions.ts";
import { signIn } from "./sign-in.ts";
import { createSignInLimiter } from "./sign-in-limiter.ts";
import { seedAccount, seedProfile } from "./test/seed-identity.ts";

const ip = "198.51.100.20";
const userAgent = "vitest";

/** Median times of two operations, sampled alternately so load changes affect both alike. */
async function medianTimesMs(
  first: () => Promise<unknown>,
  second: () => Promise<unknown>,
  times = 7,
): Promise<[number, number]> {
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < times; i++) {
    for (const [index, run] of [first, second].entries()) {
      const started = performance.now();
      await run().catch(() => undefined);
      samples[index as 0 | 1].push(performance.now() - started);
    }
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return [median(samples[0]), median(samples[1])];
}

describe.each(testEngines())("sign-in [%s]", (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await db.close();
  });

  async function setup(options: Parameters<typeof seedProfile>[2] = {}) {
    const clock = createManualClock();
    const events = createInProcessEventBus();
    const failures: AuthFailureEvent[] = [];
    events.subscribe("auth.failure", (event) => failures.push(event));
    const deps = { prisma: db.prisma, clock, events, limiter: createSignInLimiter() };
    const account = await seedAccount(db.prisma);
    const { profile, password } = await seedProfile(db.prisma, account.id, options);
    return { deps, clock, failures, profile, password: password ?? "", email: profile.email ?? "" };
  }

  it("signs in with the right password: a session, lastSignInAt, no MFA step", async () => {
    const { deps, clock, profile, password, email } = await setup();
    const result = await signIn(deps, { email, password, ip, userAgent });

    expect(result.mfaRequired).toBe(false);
    expect(result.profile).toMatchObject({ id: profile.id, lastSignInAt: clock.now() });
    expect(result.profile).not.toHaveProperty("passwordHash");
    expect(result.session.id).toBe(sessionIdFromToken(result.token));
    expect(result.session).toMatchObject({ profileId: profile.id, ip, userAgent, mfaVerifiedAt: null });
    const validated = await validateSessionToken(deps, result.token);
    expect(validated?.profile.id).toBe(profile.id);
    expect(JSON.stringify(result)).not.toContain(password);
  });

  it("matches the email trimmed and case-insensitively", async () => {
    const { deps, password, email } = await setup();
    const result = await signIn(deps, { email: `  ${email.toUpperCase()} `, password, ip, userAgent });
    expect(result.profile.email).toBe(email);
  });

  it("asks for the second factor when TOTP is enabled", async () => {
    const { deps, profile, password, email } = await setup();
    await db.prisma.profile.update({ where: { id: profile.id }, data: { totpEnabledAt: new Date() } });
    const result = await signIn(deps, { email, password, ip, userAgent });
    expect(result.mfaRequired).toBe(true);
    expect(result.session.mfaVerifiedAt).toBeNull();
  });

  it("refuses a wrong password with INVALID_CREDENTIALS and reports the failure without the password", async () => {
    const { deps, profile, email, failures } = await setup();
    const attempt = signIn(deps, { email, password: "wrong password 123", ip, userAgent });
    await expect(attempt).rejects.toMatchObject({
      code: "INVALID_CREDENTIALS",
      message: "The email or password is incorrect",
    });
    const error: unknown = await attempt.catch((thrown: unknown) => thrown);
    expect(JSON.stringify(error)).not.toContain("wrong password");
    expect(failures).toEqual([
      {
        accountId: profile.accountId,
        kind: "SIGN_IN",
        code: "INVALID_CREDENTIALS",
        keyId: null,
        ownerId: profile.id,
        presentedHint: null,
        email,
        ip,
        occurredAt: deps.clock.now(),
      },
    ]);
    expect(JSON.stringify(failures)).not.toContain("wrong password");
    expect(await db.prisma.session.count({ where: { profileId: profile.id } })).toBe(0);
    const row = await db.prisma.profile.findUniqueOrThrow({ where: { id: profile.id } });
    expect(row.lastSignInAt).toBeNull();
  });

  it("refuses an unknown email with the same error, at a similar cost", async () => {
    const { deps, email } = await setup();
    const unknown = signIn(deps, {
      email: "nobody@example.test",
      password: "wrong password 123",
      ip,
      userAgent,
    });
    await expect(unknown).rejects.toMatchObject({
      code: "INVALID_CREDENTIALS",
      message: "The email or password is incorrect",
    });

    const limiter = { consume: async () => ({ allowed: true, retryAfterSeconds: 0 }), reset: async () => {} };
    const unthrottled = { ...deps, limiter };
    const [wrongPassword, unknownEmail] = await medianTimesMs(
      () => signIn(unthrottled, { email, password: "wrong password 123", ip, userAgent }),
      () =>
        signIn(unthrottled, { email: "nobody@example.test", password: "wrong password 123", ip, userAgent }),
    );
    expect(unknownEmail / wrongPassword).toBeGreaterThan(0.5);
    expect(unknownEmail / wrongPassword).toBeLessThan(2);
  });

  it("says ACCOUNT_INACTIVE only after a correct password", async () => {
    const { deps, profile, password, email, failures } = await setup({ status: "INACTIVE" });
    await expect(
      signIn(deps, { email, password: "wrong password 123", ip, userAgent }),
    ).rejects.toMatchObject({
      code: "INVALID_CREDENTIALS",
    });
    await expect(signIn(deps, { email, password, ip, userAgent })).rejects.toMatchObject({
      code: "ACCOUNT_INACTIVE",
    });
    expect(failures.map((failure) => failure.code)).toEqual(["INVALID_CREDENTIALS", "ACCOUNT_INACTIVE"]);
    expect(await db.prisma.session.count({ where: { profileId: profile.id } })).toBe(0);
  });

  it("never signs in a service account, even one with an email and a password hash", async () => {
    const { deps, profile, password, email } = await setup({ kind: "SERVICE_ACCOUNT" });
    await expect(signIn(deps, { email, password, ip, userAgent })).rejects.toMatchObject({
      code: "INVALID_CREDENTIALS",
      message: "The email or password is incorrect",
    });
    expect(await db.prisma.session.count({ where: { profileId: profile.id } })).toBe(0);
  });

  it("refuses a user without a password (SSO only) the same way", async () => {
    const { deps, email } = await setup({ password: null, ssoManaged: true });
    await expect(signIn(deps, { email, password: "", ip, userAgent })).rejects.toMatchObject({
      code: "INVALID_CREDENTIALS",
      message: "The email or password is incorrect",
    });
  });

  it("limits failures per email and IP: the 11th attempt is refused even with the right password", async () => {
    const { deps, password, email, failures } = await setup();
    for (let i = 0; i < 10; i++) {
      await expect(signIn(deps, { email, password: `wrong ${i}`, ip, userAgent })).rejects.toMatchObject({
        code: "INVALID_CREDENTIALS",
      });
    }
    await expect(signIn(deps, { email, password, ip, userAgent })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/try again in \d+ seconds/),
    });
    expect(failures.at(-1)?.code).toBe("RATE_LIMITED");
    // Another IP is not affected by this IP's failures on the email.
    await expect(signIn(deps, { email, password, ip: "198.51.100.99", userAgent })).resolves.toBeDefined();
  });

  it("a successful sign-in forgets earlier failures", async () => {
    const { deps, password, email } = await setup();
    for (let i = 0; i < 9; i++) {
      await signIn(deps, { email, password: `wrong ${i}`, ip, userAgent }).catch(() => undefined);
    }
    await signIn(deps, { email, password, ip, userAgent });
    for (let i = 0; i < 9; i++) {
      await signIn(deps, { email, password: `wrong ${i}`, ip, userAgent }).catch(() => undefined);
    }
    await expect(signIn(deps, { email, password, ip, userAgent })).resolves.toBeDefined();
  });

  it("limits unknown emails too, so guessing accounts is throttled", async () => {
    const { deps } = await setup();
    const limited = { ...deps, limiter: createSignInLimiter({ perIp: { points: 3, windowSeconds: 3600 } }) };
    for (let i = 0; i < 3; i++) {
      await expect(
        signIn(limited, { email: `nobody${i}@example.test`, password: "x", ip, userAgent }),
      ).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    }
    await expect(
      signIn(limited, { email: "nobody9@example.test", password: "x", ip, userAgent }),
    ).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });

  it("rehashes a password stored with older argon2 parameters", async () => {
    const { deps, profile, password, email } = await setup();
    const weak = await import("@node-rs/argon2").then((argon2) =>
      argon2.hash(password, { memoryCost: 4096, timeCost: 3, parallelism: 1 }),
    );
    await db.prisma.profile.update({ where: { id: profile.id }, data: { passwordHash: weak } });
    await signIn(deps, { email, password, ip, userAgent });
    const row = await db.prisma.profile.findUniqueOrThrow({ where: { id: profile.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(row.passwordHash, password)).toBe(true);
  });
});
