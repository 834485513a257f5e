import { fromGlobalId, toGlobalId } from "graphql-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrincipalEndedEvent, UserChangedEvent } from "../../events/index.ts";
import {
  createSchemaHarness,
  createTestDatabase,
  type SchemaHarness,
  seedAccount,
  seedKey,
  sessionViewer,
  type TestDatabase,
  testEngines,
} from "../../test-support/index.ts";
import { createSession } from "../sessions.ts";

const SET_ROLE = `mutation ($input: SetUserRoleInput!) {
  setUserRole(input: $input) {
    __typename
    ... on ProfilePayload { profile { id role } }
    ... on Error { code message }
  }
}`;
const SET_STATUS = `mutation ($input: SetUserStatusInput!) {
  setUserStatus(input: $input) {
    __typename
    ... on ProfilePayload { profile { id status } }
    ... on Error { code }
  }
}`;
const OFFBOARD = `mutation ($input: OffboardUserInput!) {
  offboardUser(input: $input) {
    __typename
    ... on OffboardUserPayload { profile { status } revokedKeys { id status revocationCause } }
    ... on Error { code }
  }
}`;
const CREATE_SERVICE_ACCOUNT = `mutation ($input: CreateServiceAccountInput!) {
  createServiceAccount(input: $input) {
    __typename
    ... on ProfilePayload { profile { id kind displayName orgUnit role status email } }
    ... on KeywardError { code fieldIssues { path } }
  }
}`;
const USERS = `query ($filter: UserFilter, $orderBy: UserOrder!, $first: Int, $after: String) {
  users(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { displayName } }
  }
}`;

const day = 86_400_000;

describe.each(testEngines())("user administration over GraphQL [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db);
  });
  afterAll(async () => {
    await db.close();
  });

  async function seedTeam() {
    const seeded = await seedAccount(db.prisma, {
      superAdmin: "SUPER_ADMIN",
      userAdmin: "USER_ADMIN",
      dev: "USER",
      sso: "USER",
    });
    await db.prisma.profile.update({ where: { id: seeded.profiles.sso!.id }, data: { ssoManaged: true } });
    const other = await seedAccount(db.prisma, { stranger: "USER" });
    const p = seeded.profiles;
    return {
      superAdmin: p.superAdmin!,
      userAdmin: p.userAdmin!,
      dev: p.dev!,
      sso: p.sso!,
      accountId: seeded.accountId,
      stranger: other.profiles.stranger!,
      superAdminViewer: sessionViewer(p.superAdmin!),
      userAdminViewer: sessionViewer(p.userAdmin!),
    };
  }

  const gid = (profile: { id: string }) => toGlobalId("Profile", profile.id);
  const sessionFor = (profileId: string) =>
    createSession({ prisma: db.prisma, clock: harness.clock }, profileId, { ip: null, userAgent: null });
  const auditOf = (accountId: string) =>
    db.prisma.auditEvent.findMany({ where: { accountId }, orderBy: { seq: "asc" } });

  describe("setUserRole", () => {
    it("changes the role, ends the user's sessions, audits it and publishes after commit", async () => {
      const team = await seedTeam();
      const session = await sessionFor(team.dev.id);
      const changes: UserChangedEvent[] = [];
      const ended: PrincipalEndedEvent[] = [];
      const seenAtPublish: Array<Promise<unknown>> = [];
      const stops = [
        harness.events.subscribe("user.changed", (event) => {
          changes.push(event);
          // Published after commit: a read started now already sees the change and its audit row.
          seenAtPublish.push(
            Promise.all([
              db.prisma.profile.findUniqueOrThrow({ where: { id: event.profileId } }).then((row) => row.role),
              db.prisma.auditEvent.count({ where: { accountId: event.accountId } }),
            ]),
          );
        }),
        harness.events.subscribe("principal.ended", (event) => ended.push(event)),
      ];

      const result = await harness.run(SET_ROLE, team.userAdminViewer, {
        input: { userId: gid(team.dev), role: "MODEL_ADMIN" },
      });
      for (const stop of stops) stop();

      expect(result.data?.setUserRole).toEqual({
        __typename: "ProfilePayload",
        profile: { id: gid(team.dev), role: "MODEL_ADMIN" },
      });
      expect(await db.prisma.session.count({ where: { id: session.session.id } })).toBe(0);
      const audit = await auditOf(team.accountId);
      expect(audit.map((event) => [event.action, event.actorId, event.targetId, event.data])).toEqual([
        [
          "user.roleChanged",
          team.userAdmin.id,
          team.dev.id,
          { from: "USER", to: "MODEL_ADMIN", endedSessions: 1 },
        ],
      ]);
      expect(changes).toEqual([
        {
          accountId: team.accountId,
          profileId: team.dev.id,
          role: "MODEL_ADMIN",
          status: "ACTIVE",
          change: "ROLE_CHANGED",
        },
      ]);
      expect(ended).toEqual([{ sessionIds: [session.session.id], keyIds: [], profileIds: [team.dev.id] }]);
      expect(await Promise.all(seenAtPublish)).toEqual([["MODEL_ADMIN", 1]]);
    });

    it("lets only a super_admin grant super_admin or change a super_admin (PRIVILEGE_ESCALATION)", async () => {
      const team = await seedTeam();
      const grant = await harness.run(SET_ROLE, team.userAdminViewer, {
        input: { userId: gid(team.dev), role: "SUPER_ADMIN" },
      });
      expect(grant.data?.setUserRole).toMatchObject({ code: "PRIVILEGE_ESCALATION" });
      const demote = await harness.run(SET_ROLE, team.userAdminViewer, {
        input: { userId: gid(team.superAdmin), role: "USER" },
      });
      expect(demote.data?.setUserRole).toMatchObject({ code: "PRIVILEGE_ESCALATION" });
      const selfPromotion = await harness.run(SET_ROLE, team.userAdminViewer, {
        input: { userId: gid(team.userAdmin), role: "SUPER_ADMIN" },
      });
      expect(selfPromotion.data?.setUserRole).toMatchObject({ code: "PRIVILEGE_ESCALATION" });
      expect(await auditOf(team.accountId)).toEqual([]);
      const roles = await db.prisma.profile.findMany({
        where: { accountId: team.accountId },
        select: { role: true },
      });
      expect(roles.map((row) => row.role).sort()).toEqual(["SUPER_ADMIN", "USER", "USER", "USER_ADMIN"]);

      const byOwner = await harness.run(SET_ROLE, team.superAdminViewer, {
        input: { userId: gid(team.dev), role: "SUPER_ADMIN" },
      });
      expect(byOwner.data?.setUserRole).toMatchObject({ profile: { role: "SUPER_ADMIN" } });
    });

    it("refuses an SSO-managed user with SSO_MANAGED_ROLE", async () => {
      const team = await seedTeam();
      const result = await harness.run(SET_ROLE, team.superAdminViewer, {
        input: { userId: gid(team.sso), role: "USER_ADMIN" },
      });
      expect(result.data?.setUserRole).toMatchObject({
        __typename: "KeywardError",
        code: "SSO_MANAGED_ROLE",
        message: expect.stringContaining("identity provider"),
      });
      expect((await db.prisma.profile.findUniqueOrThrow({ where: { id: team.sso.id } })).role).toBe("USER");
    });

    it("answers another account's user as NOT_FOUND and leaves it unchanged", async () => {
      const team = await seedTeam();
      await sessionFor(team.stranger.id);
      const result = await harness.run(SET_ROLE, team.superAdminViewer, {
        input: { userId: gid(team.stranger), role: "USER_ADMIN" },
      });
      expect(result.data?.setUserRole).toMatchObject({ code: "NOT_FOUND" });
      const stranger = await db.prisma.profile.findUniqueOrThrow({ where: { id: team.stranger.id } });
      expect(stranger.role).toBe("USER");
      expect(await db.prisma.session.count({ where: { profileId: team.stranger.id } })).toBe(1);
      const wrongType = await harness.run(SET_ROLE, team.superAdminViewer, {
        input: { userId: toGlobalId("ApiKey", team.dev.id), role: "USER_ADMIN" },
      });
      expect(wrongType.data?.setUserRole).toMatchObject({ code: "NOT_FOUND" });
    });

    it("writes nothing when the role does not change", async () => {
      const team = await seedTeam();
      await sessionFor(team.dev.id);
      const result = await harness.run(SET_ROLE, team.superAdminViewer, {
        input: { userId: gid(team.dev), role: "USER" },
      });
      expect(result.data?.setUserRole).toMatchObject({ profile: { role: "USER" } });
      expect(await auditOf(team.accountId)).toEqual([]);
      expect(await db.prisma.session.count({ where: { profileId: team.dev.id } })).toBe(1);
    });
  });

  describe("setUserStatus", () => {
    it("deactivates (sessions end) and reactivates, each audited", async () => {
      const team = await seedTeam();
      await sessionFor(team.dev.id);
      const off = await harness.run(SET_STATUS, team.userAdminViewer, {
        input: { userId: gid(team.dev), status: "INACTIVE" },
      });
      expect(off.data?.setUserStatus).toMatchObject({ profile: { status: "INACTIVE" } });
      expect(await db.prisma.session.count({ where: { profileId: team.dev.id } })).toBe(0);
      const on = await harness.run(SET_STATUS, team.userAdminViewer, {
        input: { userId: gid(team.dev), status: "ACTIVE" },
      });
      expect(on.data?.setUserStatus).toMatchObject({ profile: { status: "ACTIVE" } });
      expect((await auditOf(team.accountId)).map((event) => [event.action, event.data])).toEqual([
        ["user.deactivated", { from: "ACTIVE", to: "INACTIVE", endedSessions: 1 }],
        ["user.reactivated", { from: "INACTIVE", to: "ACTIVE", endedSessions: 0 }],
      ]);
    });

    it("refuses deactivating oneself, a super_admin by a user_admin, and another account's user", async () => {
      const team = await seedTeam();
      const self = await harness.run(SET_STATUS, team.userAdminViewer, {
        input: { userId: gid(team.userAdmin), status: "INACTIVE" },
      });
      expect(self.data?.setUserStatus).toMatchObject({ code: "SELF_LOCKOUT" });
      const superAdmin = await harness.run(SET_STATUS, team.userAdminViewer, {
        input: { userId: gid(team.superAdmin), status: "INACTIVE" },
      });
      expect(superAdmin.data?.setUserStatus).toMatchObject({ code: "PRIVILEGE_ESCALATION" });
      const stranger = await harness.run(SET_STATUS, team.superAdminViewer, {
        input: { userId: gid(team.stranger), status: "INACTIVE" },
      });
      expect(stranger.data?.setUserStatus).toMatchObject({ code: "NOT_FOUND" });
      expect((await db.prisma.profile.findUniqueOrThrow({ where: { id: team.stranger.id } })).status).toBe(
        "ACTIVE",
      );
      expect(await auditOf(team.accountId)).toEqual([]);
    });
  });

  describe("offboardUser", () => {
    it("revokes every key first, then deactivates and ends sessions, in one audited operation", async () => {
      const team = await seedTeam();
      const active = await seedKey(db.prisma, { accountId: team.accountId, ownerId: team.dev.id });
      const pending = await seedKey(db.prisma, {
        accountId: team.accountId,
        ownerId: team.dev.id,
        status: "PENDING",
      });
      const alreadyRevoked = await seedKey(db.prisma, {
        accountId: team.accountId,
        ownerId: team.dev.id,
        status: "REVOKED",
      });
      await sessionFor(team.dev.id);

      const result = await harness.run(OFFBOARD, team.userAdminViewer, {
        input: { userId: gid(team.dev), reason: "Left the company" },
      });
      const payload = result.data?.offboardUser as {
        profile: { status: string };
        revokedKeys: Array<{ id: string; status: string; revocationCause: string }>;
      };
      expect(payload.profile).toEqual({ status: "INACTIVE" });
      expect(payload.revokedKeys.map((key) => fromGlobalId(key.id).id).sort()).toEqual(
        [active.key.id, pending.key.id].sort(),
      );
      expect(
        payload.revokedKeys.every((key) => key.status === "REVOKED" && key.revocationCause === "LEAVER"),
      ).toBe(true);
      expect(await db.prisma.session.count({ where: { profileId: team.dev.id } })).toBe(0);
      const untouched = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: alreadyRevoked.key.id } });
      expect(untouched.revocationCause).toBeNull();

      const audit = await auditOf(team.accountId);
      expect(audit.map((event) => event.action)).toEqual([
        "apiKey.revoked",
        "apiKey.revoked",
        "user.offboarded",
      ]);
      expect(audit.at(-1)).toMatchObject({ targetId: team.dev.id, cause: "Left the company" });
    });

    it("refuses a user_admin offboarding a super_admin, and another account's user", async () => {
      const team = await seedTeam();
      const key = await seedKey(db.prisma, { accountId: team.accountId, ownerId: team.superAdmin.id });
      const result = await harness.run(OFFBOARD, team.userAdminViewer, {
        input: { userId: gid(team.superAdmin) },
      });
      expect(result.data?.offboardUser).toMatchObject({ code: "PRIVILEGE_ESCALATION" });
      expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.key.id } })).status).toBe("ACTIVE");

      const strangerKey = await seedKey(db.prisma, {
        accountId: team.stranger.accountId,
        ownerId: team.stranger.id,
      });
      const stranger = await harness.run(OFFBOARD, team.superAdminViewer, {
        input: { userId: gid(team.stranger) },
      });
      expect(stranger.data?.offboardUser).toMatchObject({ code: "NOT_FOUND" });
      expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id: strangerKey.key.id } })).status).toBe(
        "ACTIVE",
      );
      expect((await db.prisma.profile.findUniqueOrThrow({ where: { id: team.stranger.id } })).status).toBe(
        "ACTIVE",
      );
    });
  });

  describe("createServiceAccount", () => {
    it("creates a non-human principal, audited", async () => {
      const team = await seedTeam();
      const result = await harness.run(CREATE_SERVICE_ACCOUNT, team.userAdminViewer, {
        input: { displayName: "  ci-runner ", orgUnit: "Platform" },
      });
      expect(result.data?.createServiceAccount).toMatchObject({
        __typename: "ProfilePayload",
        profile: {
          kind: "SERVICE_ACCOUNT",
          displayName: "ci-runner",
          orgUnit: "Platform",
          role: "USER",
          status: "ACTIVE",
          email: null,
        },
      });
      const id = fromGlobalId(
        (result.data!.createServiceAccount as { profile: { id: string } }).profile.id,
      ).id;
      expect((await auditOf(team.accountId)).map((event) => [event.action, event.targetId])).toEqual([
        ["serviceAccount.created", id],
      ]);
    });

    it("refuses an empty name with VALIDATION_FAILED", async () => {
      const team = await seedTeam();
      const result = await harness.run(CREATE_SERVICE_ACCOUNT, team.superAdminViewer, {
        input: { displayName: "   " },
      });
      expect(result.data?.createServiceAccount).toEqual({
        __typename: "KeywardError",
        code: "VALIDATION_FAILED",
        fieldIssues: [{ path: "displayName" }],
      });
    });
  });

  describe("users and user", () => {
    async function seedDirectory() {
      const seeded = await seedAccount(db.prisma, {
        Admin: "SUPER_ADMIN",
        "Ada Lovelace": "USER",
        "Alan Turing": "MODEL_ADMIN",
        "Grace Hopper": "USER",
      });
      const p = seeded.profiles;
      await db.prisma.profile.update({ where: { id: p["Grace Hopper"]!.id }, data: { status: "INACTIVE" } });
      await db.prisma.profile.update({
        where: { id: p["Alan Turing"]!.id },
        data: { lastSignInAt: new Date(Date.now() - day) },
      });
      await db.prisma.profile.create({
        data: { accountId: seeded.accountId, kind: "SERVICE_ACCOUNT", displayName: "Build bot" },
      });
      await seedAccount(db.prisma, { "Ada Elsewhere": "USER" });
      return { viewer: sessionViewer(p.Admin!), profiles: p };
    }
    const names = (result: Awaited<ReturnType<SchemaHarness["run"]>>) =>
      (result.data!.users as { edges: Array<{ node: { displayName: string } }> }).edges.map(
        (edge) => edge.node.displayName,
      );

    it("lists the account's people and service accounts, with live search and filters", async () => {
      const { viewer } = await seedDirectory();
      const all = await harness.run(USERS, viewer, { orderBy: "NAME_ASC" });
      expect(names(all)).toEqual(["Ada Lovelace", "Admin", "Alan Turing", "Build bot", "Grace Hopper"]);
      expect(all.data?.users).toMatchObject({ totalCount: 5 });

      const byName = await harness.run(USERS, viewer, { orderBy: "NAME_ASC", filter: { search: "ADA LOV" } });
      expect(names(byName)).toEqual(["Ada Lovelace"]);
      const byEmail = await harness.run(USERS, viewer, {
        orderBy: "NAME_ASC",
        filter: { search: "TURING@" },
      });
      expect(names(byEmail)).toEqual(["Alan Turing"]);
      const byRole = await harness.run(USERS, viewer, {
        orderBy: "NAME_ASC",
        filter: { role: ["MODEL_ADMIN", "SUPER_ADMIN"] },
      });
      expect(names(byRole)).toEqual(["Admin", "Alan Turing"]);
      const inactive = await harness.run(USERS, viewer, {
        orderBy: "NAME_ASC",
        filter: { status: ["INACTIVE"] },
      });
      expect(names(inactive)).toEqual(["Grace Hopper"]);
      expect(inactive.data?.users).toMatchObject({ totalCount: 1 });
      const services = await harness.run(USERS, viewer, {
        orderBy: "NAME_ASC",
        filter: { kind: "SERVICE_ACCOUNT" },
      });
      expect(names(services)).toEqual(["Build bot"]);
    });

    it("sorts by last sign-in and pages without overlap", async () => {
      const { viewer } = await seedDirectory();
      const recent = await harness.run(USERS, viewer, { orderBy: "LAST_SIGN_IN_DESC", first: 1 });
      expect(names(recent)).toEqual(["Alan Turing"]);
      const pageInfo = (recent.data!.users as { pageInfo: { hasNextPage: boolean; endCursor: string } })
        .pageInfo;
      expect(pageInfo.hasNextPage).toBe(true);
      const seen = [...names(recent)];
      let after: string | null = pageInfo.endCursor;
      while (after) {
        const page = await harness.run(USERS, viewer, { orderBy: "LAST_SIGN_IN_DESC", first: 2, after });
        seen.push(...names(page));
        const info = (page.data!.users as { pageInfo: { hasNextPage: boolean; endCursor: string } }).pageInfo;
        after = info.hasNextPage ? info.endCursor : null;
      }
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);
    });

    it("loads one user of the account, and null for another account's id", async () => {
      const { viewer, profiles } = await seedDirectory();
      const stranger = await db.prisma.profile.findFirstOrThrow({ where: { displayName: "Ada Elsewhere" } });
      const query = "query ($id: ID!) { user(id: $id) { displayName email role } }";
      const own = await harness.run(query, viewer, { id: gid(profiles["Ada Lovelace"]!) });
      expect(own.data?.user).toMatchObject({ displayName: "Ada Lovelace", role: "USER" });
      const other = await harness.run(query, viewer, { id: gid(stranger) });
      expect(other).toEqual({ data: { user: null } });
    });
  });

  describe("Profile.activity", () => {
    it("shows recent audit events by or about the profile and its keys' usage over 30 days", async () => {
      const team = await seedTeam();
      const first = await seedKey(db.prisma, { accountId: team.accountId, ownerId: team.dev.id });
      const second = await seedKey(db.prisma, { accountId: team.accountId, ownerId: team.dev.id });
      const now = harness.clock.now().getTime();
      await db.prisma.usageRollup.createMany({
        data: [
          {
            accountId: team.accountId,
            apiKeyId: first.key.id,
            minute: new Date(now - day),
            result: "VALID",
            count: 7,
          },
          {
            accountId: team.accountId,
            apiKeyId: first.key.id,
            minute: new Date(now - 2 * day),
            result: "VALID",
            count: 3,
          },
          {
            accountId: team.accountId,
            apiKeyId: first.key.id,
            minute: new Date(now - day),
            result: "REVOKED",
            count: 2,
          },
          // Older than the period: not counted.
          {
            accountId: team.accountId,
            apiKeyId: second.key.id,
            minute: new Date(now - 40 * day),
            result: "VALID",
            count: 50,
          },
        ],
      });
      await harness.run(SET_ROLE, team.userAdminViewer, {
        input: { userId: gid(team.dev), role: "MODEL_ADMIN" },
      });
      await harness.run(SET_ROLE, team.userAdminViewer, {
        input: { userId: gid(team.sso), role: "MODEL_ADMIN" },
      });

      const result = await harness.run(
        `query ($id: ID!) { user(id: $id) { activity {
          verifications failedVerifications
          keys { apiKey { id } verifications failedVerifications }
          events { action actor { displayName } targetId }
        } } }`,
        team.superAdminViewer,
        { id: gid(team.dev) },
      );
      expect(result.errors).toBeUndefined();
      const activity = (result.data!.user as { activity: Record<string, unknown> }).activity;
      expect(activity).toMatchObject({ verifications: 10, failedVerifications: 2 });
      expect(activity.keys).toEqual(
        expect.arrayContaining([
          { apiKey: { id: toGlobalId("ApiKey", first.key.id) }, verifications: 10, failedVerifications: 2 },
          { apiKey: { id: toGlobalId("ApiKey", second.key.id) }, verifications: 0, failedVerifications: 0 },
        ]),
      );
      expect(activity.events).toEqual([
        { action: "user.roleChanged", actor: { displayName: "userAdmin" }, targetId: gid(team.dev) },
      ]);
    });
  });
});
