import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../audit/verify-audit-chain.ts";
import { createInProcessEventBus } from "../events/index.ts";
import type { KeywardEvents } from "../events/keyward-events.ts";
import { createManualClock } from "../runtime/clock.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../test-support/index.ts";
import { setUserRole } from "./profiles.ts";
import { validateSessionToken } from "./sessions.ts";
import { parseSsoRoleMap } from "./sso-role-map.ts";
import { type SsoSettings, signInWithSso } from "./sso-sign-in.ts";
import { seedAccount, seedProfile } from "./test/seed-identity.ts";

const client = { ip: "203.0.113.9", userAgent: "vitest" };
const roleMap = parseSsoRoleMap("platform-admins=SUPER_ADMIN,billing=BILLING_ADMIN,people=USER_ADMIN");

describe.each(testEngines())("signInWithSso [%s]", (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await db.close();
  });

  const clock = createManualClock();

  /** A fresh account, its settings, and a bus that records what was published. */
  async function setup() {
    const account = await seedAccount(db.prisma);
    const settings: SsoSettings = { accountSlug: account.slug, roleClaim: "groups", roleMap };
    const events = createInProcessEventBus();
    const published = {
      userChanged: [] as Array<KeywardEvents["user.changed"]>,
      ended: [] as Array<KeywardEvents["principal.ended"]>,
      failures: [] as Array<KeywardEvents["auth.failure"]>,
    };
    events.subscribe("user.changed", (event) => published.userChanged.push(event));
    events.subscribe("principal.ended", (event) => published.ended.push(event));
    events.subscribe("auth.failure", (event) => published.failures.push(event));
    const deps = { prisma: db.prisma, clock, events };
    const subject = `sub-${randomUUID()}`;
    const email = `${subject}@idp.test`;
    const signIn = (claims: Record<string, unknown>) =>
      signInWithSso(deps, settings, {
        claims: { sub: subject, email, name: "Ada Lovelace", ...claims },
        ...client,
      });
    return { account, settings, deps, published, subject, email, signIn };
  }

  const auditActions = (accountId: string) =>
    db.prisma.auditEvent
      .findMany({ where: { accountId }, orderBy: { seq: "asc" } })
      .then((rows) => rows.map((row) => ({ action: row.action, data: row.data, actorKind: row.actorKind })));

  it("creates an SSO-managed USER profile with the mapped role at the first sign-in", async () => {
    const { account, deps, published, subject, email, signIn } = await setup();
    const result = await signIn({ groups: ["billing", "engineering"] });

    expect(result).toMatchObject({ created: true, roleChange: null, mfaRequired: false });
    const stored = await db.prisma.profile.findUniqueOrThrow({ where: { id: result.profile.id } });
    expect(stored).toMatchObject({
      accountId: account.id,
      kind: "USER",
      email,
      displayName: "Ada Lovelace",
      role: "BILLING_ADMIN",
      status: "ACTIVE",
      ssoManaged: true,
      ssoSubject: subject,
      passwordHash: null,
      lastSignInAt: clock.now(),
    });
    const validated = await validateSessionToken(deps, result.token);
    expect(validated?.profile.id).toBe(result.profile.id);
    expect(await auditActions(account.id)).toEqual([
      {
        action: "user.createdBySso",
        actorKind: "SYSTEM",
        data: { email, role: "BILLING_ADMIN", claimValues: ["billing", "engineering"] },
      },
    ]);
    expect(published.userChanged).toEqual([
      expect.objectContaining({
        profileId: result.profile.id,
        role: "BILLING_ADMIN",
        change: "createdBySso",
      }),
    ]);
  });

  it("gives USER to an unmapped or missing role claim", async () => {
    const unmapped = await setup();
    expect((await unmapped.signIn({ groups: ["engineering"] })).profile.role).toBe("USER");
    const missing = await setup();
    expect((await missing.signIn({})).profile.role).toBe("USER");
  });

  it("reapplies the mapping at every sign-in: it wins over a manual edit, which is refused", async () => {
    const { account, deps, published, signIn } = await setup();
    const first = await signIn({ groups: ["billing"] });
    const admin = await seedProfile(db.prisma, account.id, { role: "SUPER_ADMIN" });
    const actor = { profileId: admin.profile.id, accountId: account.id };

    await expect(setUserRole(deps, actor, first.profile.id, "MODEL_ADMIN")).rejects.toMatchObject({
      code: "SSO_MANAGED_ROLE",
      message: expect.stringMatching(/reapplied at every sign-in.*identity provider/),
    });

    clock.advance(60_000);
    const second = await signIn({ groups: ["people"] });
    expect(second).toMatchObject({ created: false, roleChange: { from: "BILLING_ADMIN", to: "USER_ADMIN" } });
    expect(second.profile).toMatchObject({
      id: first.profile.id,
      role: "USER_ADMIN",
      lastSignInAt: clock.now(),
    });
    // A role change ends the sessions that carried the old role.
    expect(await validateSessionToken(deps, first.token)).toBeNull();
    expect(published.ended).toEqual([expect.objectContaining({ sessionIds: [first.session.id] })]);
    expect((await validateSessionToken(deps, second.token))?.profile.role).toBe("USER_ADMIN");
    expect((await auditActions(account.id)).map((event) => event.action)).toEqual([
      "user.createdBySso",
      "user.roleMappedBySso",
    ]);
    expect((await auditActions(account.id))[1]).toEqual({
      action: "user.roleMappedBySso",
      actorKind: "SYSTEM",
      data: { from: "BILLING_ADMIN", to: "USER_ADMIN", claimValues: ["people"] },
    });
    expect(published.userChanged.map((event) => event.change)).toEqual(["createdBySso", "roleMappedBySso"]);
    expect((await verifyAuditChain(db.prisma, account.id)).valid).toBe(true);
  });

  it("overwrites a role changed by other means at the next sign-in", async () => {
    const { signIn } = await setup();
    const first = await signIn({ groups: ["platform-admins"] });
    await db.prisma.profile.update({ where: { id: first.profile.id }, data: { role: "USER" } });
    const second = await signIn({ groups: ["platform-admins"] });
    expect(second.roleChange).toEqual({ from: "USER", to: "SUPER_ADMIN" });
    expect(second.profile.role).toBe("SUPER_ADMIN");
  });

  it("keeps other sessions and writes no audit event when the mapped role is unchanged", async () => {
    const { account, deps, published, signIn } = await setup();
    const first = await signIn({ groups: ["billing"] });
    const second = await signIn({ groups: ["billing"] });
    expect(second).toMatchObject({ created: false, roleChange: null });
    expect(await validateSessionToken(deps, first.token)).not.toBeNull();
    expect(published.ended).toEqual([]);
    expect((await auditActions(account.id)).map((event) => event.action)).toEqual(["user.createdBySso"]);
  });

  it("refreshes email and display name from the provider", async () => {
    const { signIn, subject } = await setup();
    const first = await signIn({});
    const second = await signIn({ email: `New-${subject}@IdP.test`, name: "Ada King" });
    expect(second.profile).toMatchObject({
      id: first.profile.id,
      email: `new-${subject}@idp.test`,
      displayName: "Ada King",
    });
  });

  it("refuses an INACTIVE profile with ACCOUNT_INACTIVE, without a session", async () => {
    const { account, published, signIn } = await setup();
    const first = await signIn({ groups: ["billing"] });
    await db.prisma.profile.update({ where: { id: first.profile.id }, data: { status: "INACTIVE" } });
    const sessionsBefore = await db.prisma.session.count({ where: { profileId: first.profile.id } });

    await expect(signIn({ groups: ["platform-admins"] })).rejects.toMatchObject({ code: "ACCOUNT_INACTIVE" });
    expect(await db.prisma.session.count({ where: { profileId: first.profile.id } })).toBe(sessionsBefore);
    expect((await db.prisma.profile.findUniqueOrThrow({ where: { id: first.profile.id } })).role).toBe(
      "BILLING_ADMIN",
    );
    expect(published.failures).toEqual([
      expect.objectContaining({ accountId: account.id, ownerId: first.profile.id, code: "ACCOUNT_INACTIVE" }),
    ]);
  });

  it("never takes over a profile it did not create (SSO_ACCOUNT_CONFLICT)", async () => {
    const { account, signIn, subject } = await setup();
    const local = await seedProfile(db.prisma, account.id, {
      email: `${subject}@idp.test`,
      role: "SUPER_ADMIN",
    });
    await expect(signIn({ groups: ["platform-admins"] })).rejects.toMatchObject({
      code: "SSO_ACCOUNT_CONFLICT",
    });
    expect(await db.prisma.profile.count({ where: { ssoSubject: subject } })).toBe(0);
    expect(await db.prisma.session.count({ where: { profileId: local.profile.id } })).toBe(0);

    // Nor does an existing SSO user move onto another user's email.
    const other = await setup();
    await other.signIn({});
    await expect(other.signIn({ email: `${subject}@idp.test` })).rejects.toMatchObject({
      code: "SSO_ACCOUNT_CONFLICT",
    });
  });

  it("refuses with SSO_NOT_CONFIGURED when the configured account does not exist", async () => {
    const { deps, settings } = await setup();
    await expect(
      signInWithSso(
        deps,
        { ...settings, accountSlug: "no-such-account" },
        {
          claims: { sub: "x", email: "x@idp.test" },
          ...client,
        },
      ),
    ).rejects.toMatchObject({
      code: "SSO_NOT_CONFIGURED",
      message: expect.stringContaining("no-such-account"),
    });
  });

  it("refuses unusable claims with SSO_CLAIMS_INVALID before writing anything", async () => {
    const { subject, signIn } = await setup();
    await expect(signIn({ email_verified: false })).rejects.toMatchObject({ code: "SSO_CLAIMS_INVALID" });
    expect(await db.prisma.profile.count({ where: { ssoSubject: subject } })).toBe(0);
  });

  it("creates one profile when two first sign-ins of the same user race", async () => {
    const { subject, signIn } = await setup();
    const [first, second] = await Promise.all([signIn({}), signIn({})]);
    expect(first.profile.id).toBe(second.profile.id);
    expect(await db.prisma.profile.count({ where: { ssoSubject: subject } })).toBe(1);
  });

  it("asks for TOTP when the user enrolled it", async () => {
    const { signIn } = await setup();
    const first = await signIn({});
    await db.prisma.profile.update({ where: { id: first.profile.id }, data: { totpEnabledAt: clock.now() } });
    expect((await signIn({})).mfaRequired).toBe(true);
  });
});
