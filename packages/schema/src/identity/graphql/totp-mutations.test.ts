import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserChangedEvent } from "../../events/index.ts";
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
import { mfaFreshnessMs, resolveSessionViewer } from "../resolve-viewer.ts";
import { createSession } from "../sessions.ts";
import { seedAccount, seedProfile } from "../test/seed-identity.ts";
import { totpStepAt } from "../totp.ts";
import type { Viewer } from "../viewer.ts";

const BEGIN = `mutation {
  beginTotpEnrollment { __typename ... on TotpEnrollment { secret otpauthUri } ... on Error { code } }
}`;
const CONFIRM = `mutation ($input: ConfirmTotpEnrollmentInput!) {
  confirmTotpEnrollment(input: $input) {
    __typename
    ... on ConfirmTotpEnrollmentPayload { recoveryCodes viewer { mfaPending mfaVerified profile { mfaEnabled } } }
    ... on Error { code }
  }
}`;
const VERIFY = `mutation ($input: VerifyTotpInput!) {
  verifyTotp(input: $input) {
    __typename
    ... on VerifyTotpPayload { recoveryCodesRemaining viewer { mfaPending mfaVerified profile { displayName } } }
    ... on Error { code }
  }
}`;

const stepMs = 30_000;

describe.each(testEngines())("TOTP over GraphQL [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  beforeAll(async () => {
    db = await createTestDatabase(engine);
    // Mid-step, so the current and the previous step are unambiguous.
    harness = createSchemaHarness(db, new Date("2026-03-01T00:00:10Z"));
  });
  afterAll(async () => {
    await db.close();
  });

  const code = (key: Uint8Array, stepOffset = 0) =>
    generateHOTP(key, totpStepAt(harness.clock.now()) + BigInt(stepOffset), 6);
  /** A code that matches neither the current nor the previous step. */
  const wrongCode = (key: Uint8Array) =>
    ["000000", "111111", "222222"].find((guess) => guess !== code(key) && guess !== code(key, -1)) ?? "";

  async function seedUser() {
    const account = await seedAccount(db.prisma);
    return (await seedProfile(db.prisma, account.id, { password: null })).profile;
  }

  /** A new session of the profile, as the HTTP layer resolves it now. */
  async function sessionOf(profileId: string): Promise<Viewer> {
    const { token } = await createSession({ prisma: db.prisma, clock: harness.clock }, profileId, {
      ip: null,
      userAgent: null,
    });
    return resolveViewer(token);
  }

  async function resolveViewer(token: string): Promise<Viewer> {
    const resolved = await resolveSessionViewer(
      { prisma: db.prisma, clock: harness.clock, events: harness.events },
      token,
    );
    if (!resolved) throw new Error("session did not resolve");
    return resolved.viewer;
  }

  /** Enrols the profile through GraphQL and moves past the step used to confirm. */
  async function enroll(viewer: Viewer) {
    const begun = await harness.run(BEGIN, viewer);
    const secret = (begun.data!.beginTotpEnrollment as { secret: string }).secret;
    const key = decodeBase32IgnorePadding(secret);
    const confirmed = await harness.run(CONFIRM, viewer, { input: { code: code(key) } });
    const recoveryCodes = (confirmed.data!.confirmTotpEnrollment as { recoveryCodes: string[] })
      .recoveryCodes;
    harness.clock.advance(stepMs);
    return { key, recoveryCodes };
  }

  it("enrols: a secret for the app, then a code enables TOTP, returns recovery codes and verifies the session", async () => {
    const profile = await seedUser();
    const viewer = await sessionOf(profile.id);
    const changes: UserChangedEvent[] = [];
    const stop = harness.events.subscribe("user.changed", (event) => changes.push(event));

    const begun = await harness.run(BEGIN, viewer);
    expect(begun.data?.beginTotpEnrollment).toMatchObject({
      __typename: "TotpEnrollment",
      secret: expect.stringMatching(/^[A-Z2-7]{32}$/),
      otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\/Keyward:/),
    });
    const { secret } = begun.data!.beginTotpEnrollment as { secret: string };
    const key = decodeBase32IgnorePadding(secret);

    const wrong = await harness.run(CONFIRM, viewer, { input: { code: wrongCode(key) } });
    expect(wrong.data?.confirmTotpEnrollment).toEqual({
      __typename: "KeywardError",
      code: "MFA_INVALID_CODE",
    });

    const confirmed = await harness.run(CONFIRM, viewer, { input: { code: code(key) } });
    stop();
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data?.confirmTotpEnrollment).toMatchObject({
      __typename: "ConfirmTotpEnrollmentPayload",
      viewer: { mfaPending: false, mfaVerified: true, profile: { mfaEnabled: true } },
    });
    const { recoveryCodes } = confirmed.data!.confirmTotpEnrollment as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    const session = await db.prisma.session.findUniqueOrThrow({ where: { id: viewer.sessionId ?? "" } });
    expect(session.mfaVerifiedAt).toEqual(harness.clock.now());
    const audit = await db.prisma.auditEvent.findMany({ where: { accountId: profile.accountId } });
    expect(audit.map((event) => [event.action, event.targetId])).toEqual([["user.mfaEnabled", profile.id]]);
    expect(changes).toEqual([expect.objectContaining({ profileId: profile.id, change: "MFA_ENABLED" })]);

    const again = await harness.run(BEGIN, viewer);
    expect(again.data?.beginTotpEnrollment).toEqual({
      __typename: "KeywardError",
      code: "MFA_ALREADY_ENROLLED",
    });
  });

  it("completes an MFA-pending sign-in with a code; the payload is read as the verified viewer", async () => {
    const profile = await seedUser();
    const { key } = await enroll(await sessionOf(profile.id));
    const pending = await sessionOf(profile.id);
    expect(pending).toMatchObject({ mfaPending: true, mfaVerified: false });

    const verified = await harness.run(VERIFY, pending, { input: { code: code(key) } });
    expect(verified.errors).toBeUndefined();
    expect(verified.data?.verifyTotp).toEqual({
      __typename: "VerifyTotpPayload",
      recoveryCodesRemaining: 10,
      viewer: { mfaPending: false, mfaVerified: true, profile: { displayName: profile.displayName } },
    });
    const replay = await harness.run(VERIFY, pending, { input: { code: code(key) } });
    expect(replay.data?.verifyTotp).toEqual({ __typename: "KeywardError", code: "MFA_INVALID_CODE" });
  });

  it("accepts each recovery code once", async () => {
    const profile = await seedUser();
    const { recoveryCodes } = await enroll(await sessionOf(profile.id));
    const pending = await sessionOf(profile.id);
    const [first] = recoveryCodes;

    const used = await harness.run(VERIFY, pending, { input: { code: first } });
    expect(used.data?.verifyTotp).toMatchObject({ recoveryCodesRemaining: 9, viewer: { mfaPending: false } });
    const reused = await harness.run(VERIFY, await sessionOf(profile.id), { input: { code: first } });
    expect(reused.data?.verifyTotp).toEqual({ __typename: "KeywardError", code: "MFA_INVALID_CODE" });
  });

  it("step-up lasts 30 minutes; a new code refreshes it", async () => {
    const profile = await seedUser();
    const { token } = await createSession({ prisma: db.prisma, clock: harness.clock }, profile.id, {
      ip: null,
      userAgent: null,
    });
    const { key } = await enroll(await resolveViewer(token));
    expect((await resolveViewer(token)).mfaVerified).toBe(true);

    harness.clock.advance(mfaFreshnessMs);
    const stale = await resolveViewer(token);
    expect(stale).toMatchObject({ mfaPending: false, mfaVerified: false });
    const stepUp = await harness.run(VERIFY, stale, { input: { code: code(key) } });
    expect(stepUp.data?.verifyTotp).toMatchObject({ viewer: { mfaVerified: true } });
    expect((await resolveViewer(token)).mfaVerified).toBe(true);
  });

  it("refuses anonymous callers, API keys and MFA-pending sessions where they do not belong", async () => {
    const profile = await seedUser();
    const { key } = await seedKey(db.prisma, {
      accountId: profile.accountId,
      ownerId: profile.id,
      permissions: ["READ", "WRITE", "ADMIN"],
    });
    const asKey = keyViewer(profile, key);
    const input = { code: "123456" };

    expect(errorCodesOf(await harness.run(BEGIN, null))).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodesOf(await harness.run(CONFIRM, null, { input }))).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodesOf(await harness.run(VERIFY, null, { input }))).toEqual(["UNAUTHENTICATED"]);
    // A key must never enrol its owner in MFA (that would lock the owner out).
    expect(errorCodesOf(await harness.run(BEGIN, asKey))).toEqual(["FORBIDDEN"]);
    expect(errorCodesOf(await harness.run(CONFIRM, asKey, { input }))).toEqual(["FORBIDDEN"]);
    const keyVerify = await harness.run(VERIFY, asKey, { input });
    expect(keyVerify.data?.verifyTotp).toEqual({ __typename: "KeywardError", code: "INVALID_STATE" });

    await enroll(await sessionOf(profile.id));
    const pending = await sessionOf(profile.id);
    expect(errorCodesOf(await harness.run(BEGIN, pending))).toEqual(["FORBIDDEN"]);
    expect(errorCodesOf(await harness.run(CONFIRM, pending, { input }))).toEqual(["FORBIDDEN"]);
  });
});
