import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessEventBus } from "../events/index.ts";
import { createManualClock } from "../runtime/clock.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../test-support/index.ts";
import { mfaFreshnessMs, resolveSessionViewer } from "./resolve-viewer.ts";
import { createSession, markMfaVerified } from "./sessions.ts";
import { seedAccount, seedProfile } from "./test/seed-identity.ts";

const client = { ip: "203.0.113.9", userAgent: "vitest" };
const minute = 60_000;

describe.each(testEngines())("session viewer [%s]", (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await db.close();
  });

  async function setup(options: Parameters<typeof seedProfile>[2] = {}) {
    const clock = createManualClock();
    const deps = { prisma: db.prisma, clock, events: createInProcessEventBus() };
    const account = await seedAccount(db.prisma);
    const { profile } = await seedProfile(db.prisma, account.id, { password: null, ...options });
    const { token, session } = await createSession(deps, profile.id, client);
    return { deps, clock, profile, token, session };
  }

  it("builds the Viewer from the session and the profile's current role", async () => {
    const { deps, profile, token, session } = await setup({ role: "BILLING_ADMIN" });
    const resolved = await resolveSessionViewer(deps, token);
    expect(resolved?.viewer).toEqual({
      accountId: profile.accountId,
      profileId: profile.id,
      role: "BILLING_ADMIN",
      via: "session",
      sessionId: session.id,
      mfaVerified: false,
      mfaPending: false,
      key: null,
    });
    expect(resolved?.renewed).toBe(false);

    await db.prisma.profile.update({ where: { id: profile.id }, data: { role: "USER" } });
    expect((await resolveSessionViewer(deps, token))?.viewer.role).toBe("USER");
  });

  it("is MFA pending while TOTP is enrolled and the session has not passed it", async () => {
    const { deps, token, session } = await setup({});
    await db.prisma.profile.update({
      where: { id: session.profileId },
      data: { totpEnabledAt: deps.clock.now() },
    });
    expect((await resolveSessionViewer(deps, token))?.viewer).toMatchObject({
      mfaPending: true,
      mfaVerified: false,
    });

    await markMfaVerified(deps, session.id);
    expect((await resolveSessionViewer(deps, token))?.viewer).toMatchObject({
      mfaPending: false,
      mfaVerified: true,
    });
  });

  it("counts a TOTP verification as step-up for 30 minutes, then only as signed in", async () => {
    const { deps, clock, token, session } = await setup({});
    await db.prisma.profile.update({
      where: { id: session.profileId },
      data: { totpEnabledAt: clock.now() },
    });
    await markMfaVerified(deps, session.id);

    clock.advance(mfaFreshnessMs - minute);
    expect((await resolveSessionViewer(deps, token))?.viewer.mfaVerified).toBe(true);
    clock.advance(minute);
    expect((await resolveSessionViewer(deps, token))?.viewer).toMatchObject({
      mfaPending: false,
      mfaVerified: false,
    });
  });

  it("resolves nothing for unknown tokens and deactivated profiles", async () => {
    const { deps, profile, token } = await setup({});
    expect(await resolveSessionViewer(deps, "b".repeat(32))).toBeNull();
    await db.prisma.profile.update({ where: { id: profile.id }, data: { status: "INACTIVE" } });
    expect(await resolveSessionViewer(deps, token)).toBeNull();
  });
});
