import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessEventBus } from "../events/index.ts";
import type { Role } from "../generated/prisma/enums.ts";
import { createManualClock } from "../runtime/clock.ts";
import { createTestDatabase, type TestDatabase, testEngines } from "../test-support/index.ts";
import { verifyPassword } from "./password-hashing.ts";
import { changePassword, createServiceAccount, setUserRole, setUserStatus } from "./profiles.ts";
import { createSession, validateSessionToken } from "./sessions.ts";
import { signIn } from "./sign-in.ts";
import { createSignInLimiter } from "./sign-in-limiter.ts";
import { seedAccount, seedProfile } from "./test/seed-identity.ts";

const client = { ip: "203.0.113.1", userAgent: "vitest" };

describe.each(testEngines())("profiles [%s]", (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await db.close();
  });

  const clock = createManualClock();
  const deps = () => ({ prisma: db.prisma, clock });
  const sessionDeps = () => ({ prisma: db.prisma, clock, events: createInProcessEventBus() });

  /** An account with a super_admin and a user_admin (the actor) and one plain user. */
  async function seedTeam() {
    const account = await seedAccount(db.prisma);
    const seed = (role: Role, options: Parameters<typeof seedProfile>[2] = {}) =>
      seedProfile(db.prisma, account.id, { role, password: null, ...options }).then(
        (seeded) => seeded.profile,
      );
    const superAdmin = await seed("SUPER_ADMIN");
    const userAdmin = await seed("USER_ADMIN");
    const user = await seed("USER");
    const actor = { profileId: userAdmin.id, accountId: account.id };
    return { account, superAdmin, userAdmin, user, actor, seed };
  }

  describe("setUserRole", () => {
    it("changes the role and ends the target's sessions", async () => {
      const { user, actor } = await seedTeam();
      const first = await createSession(deps(), user.id, client);
      const second = await createSession(deps(), user.id, client);

      const change = await setUserRole(deps(), actor, user.id, "MODEL_ADMIN");
      expect(change.changed).toBe(true);
      expect(change.profile.role).toBe("MODEL_ADMIN");
      expect(change.profile).not.toHaveProperty("passwordHash");
      expect(change.endedSessionIds.sort()).toEqual([first.session.id, second.session.id].sort());
      expect(await validateSessionToken(sessionDeps(), first.token)).toBeNull();
    });

    it("does nothing when the role is unchanged", async () => {
      const { user, actor } = await seedTeam();
      await createSession(deps(), user.id, client);
      const change = await setUserRole(deps(), actor, user.id, "USER");
      expect(change).toMatchObject({ changed: false, endedSessionIds: [] });
      expect(await db.prisma.session.count({ where: { profileId: user.id } })).toBe(1);
    });

    it("refuses an SSO-managed user with SSO_MANAGED_ROLE and says where to change it", async () => {
      const { actor, seed } = await seedTeam();
      const ssoUser = await seed("USER", { ssoManaged: true });
      await expect(setUserRole(deps(), actor, ssoUser.id, "USER_ADMIN")).rejects.toMatchObject({
        code: "SSO_MANAGED_ROLE",
        message: expect.stringMatching(/single sign-on.*identity provider/),
      });
      expect((await db.prisma.profile.findUniqueOrThrow({ where: { id: ssoUser.id } })).role).toBe("USER");
    });

    it("refuses changing one's own role (SELF_LOCKOUT)", async () => {
      const { superAdmin, account } = await seedTeam();
      const self = { profileId: superAdmin.id, accountId: account.id };
      await expect(setUserRole(deps(), self, superAdmin.id, "USER")).rejects.toMatchObject({
        code: "SELF_LOCKOUT",
      });
      await expect(setUserRole(deps(), self, superAdmin.id, "SUPER_ADMIN")).rejects.toMatchObject({
        code: "SELF_LOCKOUT",
      });
    });

    it("refuses demoting the last active super_admin, allows it when another remains", async () => {
      const { superAdmin, actor, seed } = await seedTeam();
      await seed("SUPER_ADMIN", { status: "INACTIVE" });
      await seed("SUPER_ADMIN", { kind: "SERVICE_ACCOUNT", email: null });
      await expect(setUserRole(deps(), actor, superAdmin.id, "USER_ADMIN")).rejects.toMatchObject({
        code: "SELF_LOCKOUT",
        message: expect.stringMatching(/at least one active super admin/),
      });

      await seed("SUPER_ADMIN");
      await expect(setUserRole(deps(), actor, superAdmin.id, "USER_ADMIN")).resolves.toMatchObject({
        changed: true,
      });
    });

    it("lets only one of two concurrent demotions of the last two super_admins through", async () => {
      const { superAdmin, actor, seed } = await seedTeam();
      const secondSuperAdmin = await seed("SUPER_ADMIN");
      const outcomes = await Promise.allSettled(
        [superAdmin.id, secondSuperAdmin.id].map((id) =>
          db.prisma.$transaction((transaction) =>
            setUserRole({ prisma: transaction, clock }, actor, id, "USER"),
          ),
        ),
      );
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
      const remaining = await db.prisma.profile.count({
        where: { accountId: actor.accountId, role: "SUPER_ADMIN", status: "ACTIVE" },
      });
      expect(remaining).toBe(1);
    });

    it("does not find profiles of another account", async () => {
      const { actor } = await seedTeam();
      const other = await seedTeam();
      await expect(setUserRole(deps(), actor, other.user.id, "SUPER_ADMIN")).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      expect((await db.prisma.profile.findUniqueOrThrow({ where: { id: other.user.id } })).role).toBe("USER");
    });

    it("runs in the caller's transaction: a rollback undoes the role and the ended sessions", async () => {
      const { user, actor } = await seedTeam();
      const { token } = await createSession(deps(), user.id, client);
      await expect(
        db.prisma.$transaction(async (transaction) => {
          await setUserRole({ prisma: transaction, clock }, actor, user.id, "BILLING_ADMIN");
          throw new Error("audit write failed");
        }),
      ).rejects.toThrow("audit write failed");
      expect((await db.prisma.profile.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("USER");
      expect(await validateSessionToken(sessionDeps(), token)).not.toBeNull();

      const change = await db.prisma.$transaction((transaction) =>
        setUserRole({ prisma: transaction, clock }, actor, user.id, "BILLING_ADMIN"),
      );
      expect(change.profile.role).toBe("BILLING_ADMIN");
    });
  });

  describe("setUserStatus", () => {
    it("deactivation ends sessions; reactivation restores sign-in but not old sessions", async () => {
      const { user, actor } = await seedTeam();
      const { token, session } = await createSession(deps(), user.id, client);

      const deactivated = await setUserStatus(deps(), actor, user.id, "INACTIVE");
      expect(deactivated).toMatchObject({ changed: true, endedSessionIds: [session.id] });
      expect(deactivated.profile.status).toBe("INACTIVE");
      expect(await validateSessionToken(sessionDeps(), token)).toBeNull();

      const reactivated = await setUserStatus(deps(), actor, user.id, "ACTIVE");
      expect(reactivated).toMatchObject({ changed: true, endedSessionIds: [] });
      expect(await validateSessionToken(sessionDeps(), token)).toBeNull();
    });

    it("refuses deactivating oneself and the last active super_admin (SELF_LOCKOUT)", async () => {
      const { superAdmin, userAdmin, actor, account } = await seedTeam();
      await expect(setUserStatus(deps(), actor, userAdmin.id, "INACTIVE")).rejects.toMatchObject({
        code: "SELF_LOCKOUT",
      });
      await expect(setUserStatus(deps(), actor, superAdmin.id, "INACTIVE")).rejects.toMatchObject({
        code: "SELF_LOCKOUT",
      });
      const self = { profileId: superAdmin.id, accountId: account.id };
      await expect(setUserStatus(deps(), self, superAdmin.id, "INACTIVE")).rejects.toMatchObject({
        code: "SELF_LOCKOUT",
      });
      expect((await db.prisma.profile.findUniqueOrThrow({ where: { id: superAdmin.id } })).status).toBe(
        "ACTIVE",
      );
    });
  });

  describe("changePassword", () => {
    it("checks the current password, then ends every other session", async () => {
      const account = await seedAccount(db.prisma);
      const { profile, password } = await seedProfile(db.prisma, account.id);
      const current = await createSession(deps(), profile.id, client);
      const other = await createSession(deps(), profile.id, client);

      const newPassword = "a much better passphrase";
      await expect(
        changePassword(deps(), { profileId: profile.id, currentPassword: "wrong", newPassword }),
      ).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });

      clock.advance(1000);
      const result = await changePassword(deps(), {
        profileId: profile.id,
        currentPassword: password ?? "",
        newPassword,
        currentSessionId: current.session.id,
      });
      expect(result.endedSessionIds).toEqual([other.session.id]);
      expect(await validateSessionToken(sessionDeps(), current.token)).not.toBeNull();
      expect(await validateSessionToken(sessionDeps(), other.token)).toBeNull();

      const row = await db.prisma.profile.findUniqueOrThrow({ where: { id: profile.id } });
      expect(row.passwordChangedAt).toEqual(clock.now());
      expect(await verifyPassword(row.passwordHash, newPassword)).toBe(true);
      expect(await verifyPassword(row.passwordHash, password ?? "")).toBe(false);
    });

    it("refuses a new password that breaks the policy or repeats the current one", async () => {
      const account = await seedAccount(db.prisma);
      const { profile, password } = await seedProfile(db.prisma, account.id);
      const currentPassword = password ?? "";
      await expect(
        changePassword(deps(), { profileId: profile.id, currentPassword, newPassword: "short" }),
      ).rejects.toMatchObject({ code: "VALIDATION_FAILED", fieldIssues: [{ path: "newPassword" }] });
      await expect(
        changePassword(deps(), { profileId: profile.id, currentPassword, newPassword: currentPassword }),
      ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    });

    it("refuses a profile without a password", async () => {
      const account = await seedAccount(db.prisma);
      const { profile } = await seedProfile(db.prisma, account.id, { password: null, ssoManaged: true });
      await expect(
        changePassword(deps(), {
          profileId: profile.id,
          currentPassword: "",
          newPassword: "a much better passphrase",
        }),
      ).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    });
  });

  describe("createServiceAccount", () => {
    it("creates a non-human profile that cannot sign in", async () => {
      const account = await seedAccount(db.prisma);
      const created = await createServiceAccount(deps(), account.id, {
        displayName: "  CI deployer ",
        orgUnit: " ",
      });
      expect(created).toMatchObject({
        accountId: account.id,
        kind: "SERVICE_ACCOUNT",
        displayName: "CI deployer",
        orgUnit: null,
        email: null,
        role: "USER",
        status: "ACTIVE",
      });
      const row = await db.prisma.profile.findUniqueOrThrow({ where: { id: created.id } });
      expect(row.passwordHash).toBeNull();
      const limiter = createSignInLimiter();
      await expect(
        signIn(
          { prisma: db.prisma, clock, events: createInProcessEventBus(), limiter },
          { email: "ci deployer", password: "", ip: null, userAgent: null },
        ),
      ).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    });

    it("validates the name and the account", async () => {
      const account = await seedAccount(db.prisma);
      await expect(createServiceAccount(deps(), account.id, { displayName: " " })).rejects.toMatchObject({
        code: "VALIDATION_FAILED",
        fieldIssues: [{ path: "displayName", message: "Enter a name" }],
      });
      await expect(
        createServiceAccount(deps(), "missing-account", { displayName: "Bot" }),
      ).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    });
  });
});
