import { createHash } from "node:crypto";
import { testEngines } from "@keyward/schema/test-support";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  errorCodes,
  graphqlWithCookie,
  profileGlobalId,
  seedPeople,
  signInOverHttp,
  testPassword,
} from "./support/identity-fixtures.ts";
import { graphql, startTestServer, type TestServer } from "./support/test-server.ts";

const VIEWER = "{ viewer { role mfaPending mfaVerified profile { displayName } } }";
const SIGN_OUT = "mutation { signOut { __typename ... on SignOutPayload { endedSessionCount } } }";
const minute = 60_000;
const day = 24 * 60 * minute;

describe.each(testEngines())("sign-in and sessions over HTTP [%s]", (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const prisma = () => server.app.database.prisma;
  const people = (roles: Parameters<typeof seedPeople>[1]) => seedPeople(prisma(), roles);

  it("signs in with an HttpOnly, SameSite=Lax cookie whose token the database never stores", async () => {
    const { profiles } = await people({ dev: "USER" });
    const signedIn = await signInOverHttp(server.url, profiles.dev!.email!);

    expect(signedIn.payload).toEqual({
      __typename: "SignInPayload",
      mfaRequired: false,
      viewer: { mfaPending: false },
    });
    const header = signedIn.setCookies.find((value) => value.startsWith("keyward_session="));
    expect(header).toMatch(/^keyward_session=[a-z2-7]{32}; Path=\/; HttpOnly; SameSite=Lax; Expires=/);
    // Served on localhost, so not Secure (browsers drop Secure cookies over http://localhost).
    expect(header).not.toContain("Secure");

    const rows = await prisma().session.findMany({ where: { profileId: profiles.dev!.id } });
    expect(rows.map((row) => row.id)).toEqual([createHash("sha256").update(signedIn.token).digest("hex")]);
    expect(JSON.stringify(rows)).not.toContain(signedIn.token);

    const viewer = await graphqlWithCookie(server.url, signedIn.cookie, VIEWER);
    expect(viewer.body).toEqual({
      data: {
        viewer: { role: "USER", mfaPending: false, mfaVerified: false, profile: { displayName: "dev" } },
      },
    });
  });

  it("answers a wrong password and an unknown email with the same INVALID_CREDENTIALS and no cookie", async () => {
    const { profiles } = await people({ dev: "USER" });
    const wrong = await signInOverHttp(server.url, profiles.dev!.email!, "not the right password");
    const unknown = await signInOverHttp(server.url, "nobody@nowhere.test", testPassword);
    expect(wrong.payload).toEqual({
      __typename: "KeywardError",
      code: "INVALID_CREDENTIALS",
      message: "The email or password is incorrect",
    });
    expect(unknown.payload).toEqual(wrong.payload);
    expect(wrong.setCookies).toEqual([]);
    expect(unknown.setCookies).toEqual([]);
  });

  it("refuses sign-in with RATE_LIMITED after 10 failures, even with the right password", async () => {
    const { profiles } = await people({ target: "USER" });
    const email = profiles.target!.email!;
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await signInOverHttp(server.url, email, `wrong guess ${attempt}`)).payload).toMatchObject({
        code: "INVALID_CREDENTIALS",
      });
    }
    const limited = await signInOverHttp(server.url, email);
    expect(limited.payload).toMatchObject({ code: "RATE_LIMITED" });
    expect(limited.setCookies).toEqual([]);
  });

  it("ends the session at sign-out: the cookie is cleared and no longer authenticates", async () => {
    const { profiles } = await people({ dev: "USER" });
    const signedIn = await signInOverHttp(server.url, profiles.dev!.email!);
    const signedOut = await graphqlWithCookie(server.url, signedIn.cookie, SIGN_OUT);
    expect(signedOut.body.data?.signOut).toEqual({ __typename: "SignOutPayload", endedSessionCount: 1 });
    expect(signedOut.headers.getSetCookie()).toEqual([
      "keyward_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
    ]);
    expect(await prisma().session.count({ where: { profileId: profiles.dev!.id } })).toBe(0);

    // A browser that kept the old cookie is anonymous, and is told to drop it.
    const replay = await graphqlWithCookie(server.url, signedIn.cookie, VIEWER);
    expect(replay.body).toEqual({ data: { viewer: null } });
    expect(replay.headers.getSetCookie()).toEqual([
      "keyward_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
    ]);
  });

  it("ends the target's sessions on a role change and on deactivation", async () => {
    const { profiles } = await people({ admin: "USER_ADMIN", promoted: "USER", leaver: "USER" });
    const admin = await signInOverHttp(server.url, profiles.admin!.email!);
    const promoted = await signInOverHttp(server.url, profiles.promoted!.email!);
    const leaver = await signInOverHttp(server.url, profiles.leaver!.email!);

    const role = await graphqlWithCookie(
      server.url,
      admin.cookie,
      `mutation ($input: SetUserRoleInput!) { setUserRole(input: $input) { __typename } }`,
      { input: { userId: profileGlobalId(profiles.promoted!.id), role: "MODEL_ADMIN" } },
    );
    expect(role.body.data?.setUserRole).toEqual({ __typename: "ProfilePayload" });
    expect((await graphqlWithCookie(server.url, promoted.cookie, VIEWER)).body).toEqual({
      data: { viewer: null },
    });
    const again = await signInOverHttp(server.url, profiles.promoted!.email!);
    expect((await graphqlWithCookie(server.url, again.cookie, VIEWER)).body.data?.viewer).toMatchObject({
      role: "MODEL_ADMIN",
    });

    const status = await graphqlWithCookie(
      server.url,
      admin.cookie,
      `mutation ($input: SetUserStatusInput!) { setUserStatus(input: $input) { __typename } }`,
      { input: { userId: profileGlobalId(profiles.leaver!.id), status: "INACTIVE" } },
    );
    expect(status.body.data?.setUserStatus).toEqual({ __typename: "ProfilePayload" });
    expect((await graphqlWithCookie(server.url, leaver.cookie, VIEWER)).body).toEqual({
      data: { viewer: null },
    });
    expect((await signInOverHttp(server.url, profiles.leaver!.email!)).payload).toMatchObject({
      code: "ACCOUNT_INACTIVE",
    });
    // The admin's own session is untouched.
    expect((await graphqlWithCookie(server.url, admin.cookie, VIEWER)).body.data?.viewer).toMatchObject({
      role: "USER_ADMIN",
    });
  });

  it("never falls back to the session cookie when an Authorization header does not authenticate", async () => {
    const { profiles } = await people({ dev: "USER" });
    const signedIn = await signInOverHttp(server.url, profiles.dev!.email!);
    const response = await graphql(
      server.url,
      VIEWER,
      {},
      {
        cookie: signedIn.cookie,
        authorization: "Bearer kw_dev_not-a-real-key",
      },
    );
    expect(response.status).toBe(401);
    expect(errorCodes(response.body)).toEqual(["UNAUTHENTICATED"]);
    expect(response.body.data ?? null).toBeNull();
  });

  it("slides the expiry: a session used after 15 days gets a renewed cookie", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { profiles } = await people({ dev: "USER" });
    const signedIn = await signInOverHttp(server.url, profiles.dev!.email!);
    const firstExpiry = await prisma().session.findFirstOrThrow({ where: { profileId: profiles.dev!.id } });

    vi.setSystemTime(Date.now() + 16 * day);
    const later = await graphqlWithCookie(server.url, signedIn.cookie, VIEWER);
    expect(later.body.data?.viewer).toMatchObject({ role: "USER" });
    const renewed = await prisma().session.findFirstOrThrow({ where: { profileId: profiles.dev!.id } });
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(firstExpiry.expiresAt.getTime());
    expect(later.headers.getSetCookie()).toEqual([
      `${signedIn.cookie}; Path=/; HttpOnly; SameSite=Lax; Expires=${renewed.expiresAt.toUTCString()}`,
    ]);
  });

  it("runs TOTP end to end: enrol, sign in pending, refused elsewhere, verify, step-up freshness", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    // Mid-step: the 30-second TOTP window is unambiguous while the test runs.
    vi.setSystemTime(Math.floor(Date.now() / 30_000) * 30_000 + 10_000);
    const { profiles } = await people({ admin: "SUPER_ADMIN" });
    const email = profiles.admin!.email!;
    const first = await signInOverHttp(server.url, email);

    const begun = await graphqlWithCookie(
      server.url,
      first.cookie,
      "mutation { beginTotpEnrollment { ... on TotpEnrollment { secret otpauthUri } } }",
    );
    const { otpauthUri } = begun.body.data!.beginTotpEnrollment as { otpauthUri: string };
    const key = decodeBase32IgnorePadding(new URL(otpauthUri).searchParams.get("secret") ?? "");
    const confirmed = await graphqlWithCookie(
      server.url,
      first.cookie,
      `mutation ($input: ConfirmTotpEnrollmentInput!) {
        confirmTotpEnrollment(input: $input) { ... on ConfirmTotpEnrollmentPayload { recoveryCodes viewer { mfaVerified } } }
      }`,
      { input: { code: generateTOTP(key, 30, 6) } },
    );
    expect(confirmed.body.data?.confirmTotpEnrollment).toMatchObject({ viewer: { mfaVerified: true } });
    expect(
      (confirmed.body.data!.confirmTotpEnrollment as { recoveryCodes: string[] }).recoveryCodes,
    ).toHaveLength(10);
    await graphqlWithCookie(server.url, first.cookie, SIGN_OUT);

    // A new sign-in stops at the second factor.
    const pending = await signInOverHttp(server.url, email);
    expect(pending.payload).toEqual({
      __typename: "SignInPayload",
      mfaRequired: true,
      viewer: { mfaPending: true },
    });
    const viewer = await graphqlWithCookie(server.url, pending.cookie, "{ viewer { mfaPending role } }");
    expect(viewer.body).toEqual({ data: { viewer: { mfaPending: true, role: "SUPER_ADMIN" } } });
    for (const document of [
      "{ viewer { profile { id } } }",
      "{ users { totalCount } }",
      "{ apiKeys { totalCount } }",
      "{ workspaces { id } }",
      `mutation { createServiceAccount(input: { displayName: "x" }) { __typename } }`,
      "mutation { beginTotpEnrollment { __typename } }",
    ]) {
      const refused = await graphqlWithCookie(server.url, pending.cookie, document);
      expect(errorCodes(refused.body), document).toEqual(["FORBIDDEN"]);
    }

    // The next time step: the code used for enrolment cannot be replayed.
    vi.setSystemTime(Date.now() + 30_000);
    const verified = await graphqlWithCookie(
      server.url,
      pending.cookie,
      `mutation ($input: VerifyTotpInput!) {
        verifyTotp(input: $input) {
          ... on VerifyTotpPayload { recoveryCodesRemaining viewer { mfaPending mfaVerified profile { displayName } } }
        }
      }`,
      { input: { code: generateTOTP(key, 30, 6) } },
    );
    expect(verified.body).toEqual({
      data: {
        verifyTotp: {
          recoveryCodesRemaining: 10,
          viewer: { mfaPending: false, mfaVerified: true, profile: { displayName: "admin" } },
        },
      },
    });
    expect((await graphqlWithCookie(server.url, pending.cookie, "{ users { totalCount } }")).body).toEqual({
      data: { users: { totalCount: 1 } },
    });

    // Step-up is fresh for 30 minutes; the session stays signed in afterwards.
    vi.setSystemTime(Date.now() + 29 * minute);
    expect((await graphqlWithCookie(server.url, pending.cookie, VIEWER)).body.data?.viewer).toMatchObject({
      mfaVerified: true,
    });
    vi.setSystemTime(Date.now() + 2 * minute);
    expect((await graphqlWithCookie(server.url, pending.cookie, VIEWER)).body.data?.viewer).toMatchObject({
      mfaPending: false,
      mfaVerified: false,
    });
  });
});
