import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plainSqlOf } from "../database/plain-sql.ts";
import { createInProcessEventBus, type PrincipalEndedEvent } from "../events/index.ts";
import { createManualClock } from "../runtime/clock.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../test-support/index.ts";
import { profileSummarySelect } from "./profile-summary.ts";
import {
  createSession,
  invalidateProfileSessions,
  invalidateSession,
  markMfaVerified,
  sessionLifetimeMs,
  validateSessionToken,
} from "./sessions.ts";
import { seedAccount, seedProfile } from "./test/seed-identity.ts";

const day = 24 * 60 * 60 * 1000;
const client = { ip: "203.0.113.7", userAgent: "vitest" };

describe.each(testEngines())("sessions [%s]", (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await db.close();
  });

  function setup() {
    const clock = createManualClock();
    const events = createInProcessEventBus();
    const ended: PrincipalEndedEvent[] = [];
    events.subscribe("principal.ended", (event) => ended.push(event));
    return { deps: { prisma: db.prisma, clock, events }, clock, ended };
  }

  async function seedUser(options: Parameters<typeof seedProfile>[2] = {}) {
    const account = await seedAccount(db.prisma);
    return (await seedProfile(db.prisma, account.id, { password: null, ...options })).profile;
  }

  it("stores only the SHA-256 of the token, never the token", async () => {
    const { deps, clock } = setup();
    const profile = await seedUser();
    const { token, session } = await createSession(deps, profile.id, client);

    expect(token).toMatch(/^[a-z2-7]{32}$/);
    const row = await db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.id).not.toBe(token);
    expect(row.id).toBe(createHash("sha256").update(token).digest("hex"));
    expect(row).toMatchObject({ profileId: profile.id, ip: client.ip, userAgent: client.userAgent });
    expect(row.expiresAt.getTime()).toBe(clock.now().getTime() + sessionLifetimeMs);
    expect(
      JSON.stringify(await db.prisma.session.findMany({ where: { profileId: profile.id } })),
    ).not.toContain(token);
  });

  it("resolves a token to its session and a profile without secrets", async () => {
    const { deps } = setup();
    const profile = await seedUser({ password: "correct horse battery staple" });
    const { token, session } = await createSession(deps, profile.id, client);

    const validated = await validateSessionToken(deps, token);
    expect(validated?.session.id).toBe(session.id);
    expect(validated?.profile.id).toBe(profile.id);
    expect(validated?.profile).not.toHaveProperty("passwordHash");
    expect(validated?.profile).not.toHaveProperty("totpSecret");
    expect(validated?.profile).not.toHaveProperty("recoveryCodeHashes");
  });

  it("reads the session and profile exactly as Prisma does, to the millisecond, on every read path", async () => {
    const { deps } = setup();
    const profile = await seedUser({ password: "correct horse battery staple" });
    const { token, session } = await createSession(deps, profile.id, client);
    await db.prisma.session.update({
      where: { id: session.id },
      data: { mfaVerifiedAt: new Date("2026-11-30T23:59:58.123Z") },
    });
    await db.prisma.profile.update({
      where: { id: profile.id },
      data: {
        orgUnit: "Payments",
        lastSignInAt: new Date("2026-06-01T00:30:00.007Z"),
        totpEnabledAt: new Date("2026-01-15T12:00:00.999Z"),
      },
    });
    const expected = {
      session: await db.prisma.session.findUniqueOrThrow({ where: { id: session.id } }),
      profile: await db.prisma.profile.findUniqueOrThrow({
        where: { id: profile.id },
        select: profileSummarySelect,
      }),
      renewed: false,
    };
    // Prisma's raw query (PGlite, and the default) and the plain pg pool (PostgreSQL in the app).
    expect(await validateSessionToken(deps, token)).toEqual(expected);
    expect(await validateSessionToken({ ...deps, sessionReads: plainSqlOf(db) }, token)).toEqual(expected);
  });

  it("refuses unknown, malformed and id-as-token values", async () => {
    const { deps } = setup();
    const profile = await seedUser();
    const { token, session } = await createSession(deps, profile.id, client);

    expect(await validateSessionToken(deps, "a".repeat(32))).toBeNull();
    expect(await validateSessionToken(deps, `${token}x`)).toBeNull();
    expect(await validateSessionToken(deps, "")).toBeNull();
    // A leaked database row does not work as a cookie.
    expect(await validateSessionToken(deps, session.id)).toBeNull();
  });

  it("deletes an expired session and refuses it", async () => {
    const { deps, clock, ended } = setup();
    const profile = await seedUser();
    const { token, session } = await createSession(deps, profile.id, client);

    clock.advance(sessionLifetimeMs);
    expect(await validateSessionToken(deps, token)).toBeNull();
    expect(await db.prisma.session.findUnique({ where: { id: session.id } })).toBeNull();
    expect(ended).toEqual([{ sessionIds: [session.id], keyIds: [], profileIds: [] }]);
  });

  it("slides the expiry once less than 15 days remain, and not before", async () => {
    const { deps, clock } = setup();
    const profile = await seedUser();
    const { token, session } = await createSession(deps, profile.id, client);

    clock.advance(14 * day);
    const early = await validateSessionToken(deps, token);
    expect(early?.session.expiresAt).toEqual(session.expiresAt);
    expect(early?.renewed).toBe(false);

    clock.advance(2 * day);
    const renewed = await validateSessionToken(deps, token);
    const expected = clock.now().getTime() + sessionLifetimeMs;
    expect(renewed?.session.expiresAt.getTime()).toBe(expected);
    expect(renewed?.renewed).toBe(true);
    const row = await db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.expiresAt.getTime()).toBe(expected);

    // Used regularly, a session outlives its first 30 days.
    clock.advance(29 * day);
    expect(await validateSessionToken(deps, token)).not.toBeNull();
  });

  it("refuses sessions of an inactive profile", async () => {
    const { deps } = setup();
    const profile = await seedUser();
    const { token } = await createSession(deps, profile.id, client);
    await db.prisma.profile.update({ where: { id: profile.id }, data: { status: "INACTIVE" } });
    expect(await validateSessionToken(deps, token)).toBeNull();
  });

  it("refuses sessions of a service account", async () => {
    const { deps } = setup();
    const profile = await seedUser({ kind: "SERVICE_ACCOUNT", email: null });
    const { token } = await createSession(deps, profile.id, client);
    expect(await validateSessionToken(deps, token)).toBeNull();
  });

  it("signs out one session and publishes it as ended", async () => {
    const { deps, ended } = setup();
    const profile = await seedUser();
    const first = await createSession(deps, profile.id, client);
    const second = await createSession(deps, profile.id, client);

    expect(await invalidateSession(deps, first.session.id)).toBe(true);
    expect(await validateSessionToken(deps, first.token)).toBeNull();
    expect(await validateSessionToken(deps, second.token)).not.toBeNull();
    expect(ended).toEqual([{ sessionIds: [first.session.id], keyIds: [], profileIds: [] }]);

    expect(await invalidateSession(deps, first.session.id)).toBe(false);
    expect(ended).toHaveLength(1);
  });

  it("ends every session of a profile except the one kept, and only that profile's", async () => {
    const { deps, ended } = setup();
    const profile = await seedUser();
    const other = await seedUser();
    const kept = await createSession(deps, profile.id, client);
    const endedA = await createSession(deps, profile.id, client);
    const endedB = await createSession(deps, profile.id, client);
    const bystander = await createSession(deps, other.id, client);

    const ids = await invalidateProfileSessions(deps, profile.id, { except: kept.session.id });
    expect(ids.sort()).toEqual([endedA.session.id, endedB.session.id].sort());
    expect(ended[0]?.sessionIds.sort()).toEqual(ids);
    expect(await validateSessionToken(deps, kept.token)).not.toBeNull();
    expect(await validateSessionToken(deps, endedA.token)).toBeNull();
    expect(await validateSessionToken(deps, bystander.token)).not.toBeNull();

    expect(await invalidateProfileSessions(deps, profile.id)).toEqual([kept.session.id]);
    expect(await invalidateProfileSessions(deps, profile.id)).toEqual([]);
    expect(ended).toHaveLength(2);
  });

  it("records MFA verification on the session", async () => {
    const { deps, clock } = setup();
    const profile = await seedUser();
    const { token, session } = await createSession(deps, profile.id, client);
    expect(session.mfaVerifiedAt).toBeNull();

    clock.advance(1000);
    const verified = await markMfaVerified(deps, session.id);
    expect(verified?.mfaVerifiedAt).toEqual(clock.now());
    expect((await validateSessionToken(deps, token))?.session.mfaVerifiedAt).toEqual(clock.now());
    expect(await markMfaVerified(deps, "missing")).toBeNull();
  });
});
