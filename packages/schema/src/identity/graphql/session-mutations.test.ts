import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrincipalEndedEvent } from "../../events/index.ts";
import {
  createSchemaHarness,
  createTestDatabase,
  errorCodesOf,
  keyViewer,
  type SchemaHarness,
  seedKey,
  type TestDatabase,
  testEngines,
} from "../../test-support/index.ts";
import { verifyPassword } from "../password-hashing.ts";
import { resolveSessionViewer } from "../resolve-viewer.ts";
import { sessionIdFromToken } from "../session-tokens.ts";
import { createSession } from "../sessions.ts";
import type { SignInLimiter } from "../sign-in-limiter.ts";
import { seedAccount, seedProfile } from "../test/seed-identity.ts";

const SIGN_IN = `mutation ($input: SignInInput!) {
  signIn(input: $input) {
    __typename
    ... on SignInPayload { mfaRequired viewer { id role mfaPending mfaVerified authenticatedVia profile { displayName } } }
    ... on Error { code message }
  }
}`;
const SIGN_OUT = `mutation { signOut { __typename ... on SignOutPayload { endedSessionCount } ... on Error { code } } }`;
const SIGN_OUT_EVERYWHERE = `mutation {
  signOutEverywhere { __typename ... on SignOutPayload { endedSessionCount } ... on Error { code } }
}`;
const CHANGE_PASSWORD = `mutation ($input: ChangePasswordInput!) {
  changePassword(input: $input) {
    __typename
    ... on ChangePasswordPayload { endedSessionCount }
    ... on KeywardError { code fieldIssues { path } }
  }
}`;

const password = "correct horse battery staple";
const client = { ip: "198.51.100.1", userAgent: "vitest" };

describe.each(testEngines())("sign-in, sign-out and password over GraphQL [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db);
  });
  afterAll(async () => {
    await db.close();
  });

  async function seedUser(options: Parameters<typeof seedProfile>[2] = {}) {
    const account = await seedAccount(db.prisma);
    return (await seedProfile(db.prisma, account.id, { password, ...options })).profile;
  }

  /** A real session of `profile` and the Viewer the HTTP layer would build for it. */
  async function signedIn(profileId: string) {
    const { token } = await createSession({ prisma: db.prisma, clock: harness.clock }, profileId, client);
    const resolved = await resolveSessionViewer(
      { prisma: db.prisma, clock: harness.clock, events: harness.events },
      token,
    );
    if (!resolved) throw new Error("session did not resolve");
    return { token, viewer: resolved.viewer };
  }

  function endedSessions() {
    const ended: PrincipalEndedEvent[] = [];
    const stop = harness.events.subscribe("principal.ended", (event) => ended.push(event));
    return { ended, stop };
  }

  describe("signIn", () => {
    it("starts a session, sets the cookie and answers as the new viewer in the same operation", async () => {
      const profile = await seedUser({ role: "USER_ADMIN" });
      const cookiesBefore = harness.cookies.length;
      const result = await harness.run(SIGN_IN, null, { input: { email: profile.email, password } });

      expect(result.errors).toBeUndefined();
      expect(result.data?.signIn).toMatchObject({
        __typename: "SignInPayload",
        mfaRequired: false,
        viewer: {
          role: "USER_ADMIN",
          mfaPending: false,
          mfaVerified: false,
          authenticatedVia: "SESSION",
          profile: { displayName: profile.displayName },
        },
      });
      const cookie = harness.cookies.slice(cookiesBefore);
      expect(cookie).toHaveLength(1);
      const token = cookie[0]?.token ?? "";
      const row = await db.prisma.session.findUniqueOrThrow({ where: { id: sessionIdFromToken(token) } });
      expect(row).toMatchObject({ profileId: profile.id, ip: "127.0.0.1", userAgent: "vitest" });
      expect(cookie[0]?.expiresAt).toEqual(row.expiresAt);
    });

    it("answers a wrong password and an unknown email alike, with no cookie", async () => {
      const profile = await seedUser();
      const cookiesBefore = harness.cookies.length;
      const wrong = await harness.run(SIGN_IN, null, {
        input: { email: profile.email, password: "not the password" },
      });
      const unknown = await harness.run(SIGN_IN, null, { input: { email: "nobody@example.test", password } });
      expect(wrong.data?.signIn).toEqual({
        __typename: "KeywardError",
        code: "INVALID_CREDENTIALS",
        message: "The email or password is incorrect",
      });
      expect(unknown.data?.signIn).toEqual(wrong.data?.signIn);
      expect(harness.cookies.length).toBe(cookiesBefore);
      expect(await db.prisma.session.count({ where: { profileId: profile.id } })).toBe(0);
    });

    it("refuses empty and oversized input with VALIDATION_FAILED", async () => {
      const empty = await harness.run(SIGN_IN, null, { input: { email: " ", password: "" } });
      expect(empty.data?.signIn).toMatchObject({ code: "VALIDATION_FAILED" });
      const huge = await harness.run(SIGN_IN, null, {
        input: { email: "a@b.test", password: "x".repeat(5000) },
      });
      expect(huge.data?.signIn).toMatchObject({ code: "VALIDATION_FAILED" });
    });

    it("leaves an MFA-enrolled user pending: the profile is not readable yet", async () => {
      const profile = await seedUser();
      await db.prisma.profile.update({ where: { id: profile.id }, data: { totpEnabledAt: new Date() } });
      const result = await harness.run(SIGN_IN, null, { input: { email: profile.email, password } });
      expect(result.data?.signIn).toMatchObject({
        mfaRequired: true,
        viewer: { mfaPending: true, mfaVerified: false, profile: null },
      });
      expect(errorCodesOf(result)).toEqual(["FORBIDDEN"]);
    });

    it("ends the browser's previous session when signing in again", async () => {
      const profile = await seedUser();
      const previous = await signedIn(profile.id);
      const result = await harness.run(SIGN_IN, previous.viewer, {
        input: { email: profile.email, password },
      });
      expect(result.data?.signIn).toMatchObject({ __typename: "SignInPayload" });
      expect(
        await db.prisma.session.findUnique({ where: { id: previous.viewer.sessionId ?? "" } }),
      ).toBeNull();
      expect(await db.prisma.session.count({ where: { profileId: profile.id } })).toBe(1);
    });

    it("uses the limiter given in the schema dependencies", async () => {
      const consumed: string[] = [];
      const refusing: SignInLimiter = {
        async consume(keys) {
          consumed.push(keys.email);
          return { allowed: false, retryAfterSeconds: 42 };
        },
        async reset() {},
      };
      const limited = createSchemaHarness(db, new Date(), { signInLimiter: refusing });
      const profile = await seedUser();
      const result = await limited.run(SIGN_IN, null, { input: { email: profile.email, password } });
      expect(result.data?.signIn).toMatchObject({
        code: "RATE_LIMITED",
        message: expect.stringContaining("42"),
      });
      expect(consumed).toEqual([profile.email]);
    });

    it("refuses after 10 failures for one email and IP, even with the right password", async () => {
      const profile = await seedUser();
      const input = { email: profile.email, password: "wrong password!" };
      for (let attempt = 0; attempt < 10; attempt++) {
        const result = await harness.run(SIGN_IN, null, { input });
        expect(result.data?.signIn).toMatchObject({ code: "INVALID_CREDENTIALS" });
      }
      const refused = await harness.run(SIGN_IN, null, { input: { email: profile.email, password } });
      expect(refused.data?.signIn).toMatchObject({ code: "RATE_LIMITED" });
    });
  });

  describe("signOut", () => {
    it("ends this session only, clears the cookie and publishes principal.ended", async () => {
      const profile = await seedUser();
      const current = await signedIn(profile.id);
      const other = await signedIn(profile.id);
      const { ended, stop } = endedSessions();
      const cookiesBefore = harness.cookies.length;

      const result = await harness.run(SIGN_OUT, current.viewer);
      stop();
      expect(result.data?.signOut).toEqual({ __typename: "SignOutPayload", endedSessionCount: 1 });
      expect(harness.cookies.slice(cookiesBefore)).toEqual([{ token: null, expiresAt: null }]);
      expect(ended).toEqual([{ sessionIds: [current.viewer.sessionId], keyIds: [], profileIds: [] }]);
      const remaining = await db.prisma.session.findMany({ where: { profileId: profile.id } });
      expect(remaining.map((session) => session.id)).toEqual([other.viewer.sessionId]);
    });

    it("refuses anonymous callers and tells a key it has no session", async () => {
      expect(errorCodesOf(await harness.run(SIGN_OUT, null))).toEqual(["UNAUTHENTICATED"]);
      const profile = await seedUser();
      const { key } = await seedKey(db.prisma, { accountId: profile.accountId, ownerId: profile.id });
      const result = await harness.run(SIGN_OUT, keyViewer(profile, key));
      expect(result.data?.signOut).toEqual({ __typename: "KeywardError", code: "INVALID_STATE" });
    });
  });

  describe("signOutEverywhere", () => {
    it("ends every session of the caller, audited, and clears the cookie", async () => {
      const profile = await seedUser();
      const current = await signedIn(profile.id);
      await signedIn(profile.id);
      const bystander = await seedUser();
      await signedIn(bystander.id);
      const { ended, stop } = endedSessions();

      const result = await harness.run(SIGN_OUT_EVERYWHERE, current.viewer);
      stop();
      expect(result.data?.signOutEverywhere).toEqual({ __typename: "SignOutPayload", endedSessionCount: 2 });
      expect(await db.prisma.session.count({ where: { profileId: profile.id } })).toBe(0);
      expect(await db.prisma.session.count({ where: { profileId: bystander.id } })).toBe(1);
      expect(ended[0]?.sessionIds).toHaveLength(2);
      expect(harness.cookies.at(-1)).toEqual({ token: null, expiresAt: null });
      const audit = await db.prisma.auditEvent.findMany({ where: { accountId: profile.accountId } });
      expect(audit.map((event) => [event.action, event.actorId, event.targetId])).toEqual([
        ["user.signedOutEverywhere", profile.id, profile.id],
      ]);
    });

    it("refuses API keys, even with WRITE", async () => {
      const profile = await seedUser();
      const { key } = await seedKey(db.prisma, {
        accountId: profile.accountId,
        ownerId: profile.id,
        permissions: ["READ", "WRITE", "ADMIN"],
      });
      await signedIn(profile.id);
      expect(errorCodesOf(await harness.run(SIGN_OUT_EVERYWHERE, keyViewer(profile, key)))).toEqual([
        "FORBIDDEN",
      ]);
      expect(await db.prisma.session.count({ where: { profileId: profile.id } })).toBe(1);
    });
  });

  describe("changePassword", () => {
    const newPassword = "a much longer new passphrase";

    it("replaces the password, keeps this session and ends the others, audited", async () => {
      const profile = await seedUser();
      const current = await signedIn(profile.id);
      const other = await signedIn(profile.id);
      const { ended, stop } = endedSessions();

      const result = await harness.run(CHANGE_PASSWORD, current.viewer, {
        input: { currentPassword: password, newPassword },
      });
      stop();
      expect(result.data?.changePassword).toEqual({
        __typename: "ChangePasswordPayload",
        endedSessionCount: 1,
      });
      const row = await db.prisma.profile.findUniqueOrThrow({ where: { id: profile.id } });
      expect(await verifyPassword(row.passwordHash, newPassword)).toBe(true);
      const sessions = await db.prisma.session.findMany({ where: { profileId: profile.id } });
      expect(sessions.map((session) => session.id)).toEqual([current.viewer.sessionId]);
      expect(ended).toEqual([{ sessionIds: [other.viewer.sessionId], keyIds: [], profileIds: [] }]);
      const audit = await db.prisma.auditEvent.findMany({ where: { accountId: profile.accountId } });
      expect(audit.map((event) => event.action)).toEqual(["user.passwordChanged"]);
    });

    it("refuses a wrong current password and a too-short new one, changing nothing", async () => {
      const profile = await seedUser();
      const { viewer } = await signedIn(profile.id);
      const wrong = await harness.run(CHANGE_PASSWORD, viewer, {
        input: { currentPassword: "not it at all", newPassword },
      });
      expect(wrong.data?.changePassword).toMatchObject({ code: "INVALID_CREDENTIALS" });
      const short = await harness.run(CHANGE_PASSWORD, viewer, {
        input: { currentPassword: password, newPassword: "short" },
      });
      expect(short.data?.changePassword).toEqual({
        __typename: "KeywardError",
        code: "VALIDATION_FAILED",
        fieldIssues: [{ path: "newPassword" }],
      });
      const row = await db.prisma.profile.findUniqueOrThrow({ where: { id: profile.id } });
      expect(await verifyPassword(row.passwordHash, password)).toBe(true);
      expect(await db.prisma.auditEvent.count({ where: { accountId: profile.accountId } })).toBe(0);
    });

    it("limits guesses of the current password like sign-in", async () => {
      const profile = await seedUser();
      const { viewer } = await signedIn(profile.id);
      const guess = { currentPassword: "guess guess guess", newPassword };
      for (let attempt = 0; attempt < 10; attempt++) {
        const result = await harness.run(CHANGE_PASSWORD, viewer, { input: guess });
        expect(result.data?.changePassword).toMatchObject({ code: "INVALID_CREDENTIALS" });
      }
      const refused = await harness.run(CHANGE_PASSWORD, viewer, {
        input: { currentPassword: password, newPassword },
      });
      expect(refused.data?.changePassword).toMatchObject({ code: "RATE_LIMITED" });
    });

    it("refuses anonymous callers and API keys", async () => {
      const input = { currentPassword: password, newPassword };
      expect(errorCodesOf(await harness.run(CHANGE_PASSWORD, null, { input }))).toEqual(["UNAUTHENTICATED"]);
      const profile = await seedUser();
      const { key } = await seedKey(db.prisma, { accountId: profile.accountId, ownerId: profile.id });
      expect(errorCodesOf(await harness.run(CHANGE_PASSWORD, keyViewer(profile, key), { input }))).toEqual([
        "FORBIDDEN",
      ]);
    });
  });
});
