import { seedKey, testEngines } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  errorCodes,
  graphqlWithCookie,
  profileGlobalId,
  seedPeople,
  signInOverHttp,
} from "./support/identity-fixtures.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";

// The shared security suite for the identity domain's admin surface: every admin query and
// mutation, called over HTTP with real sessions, by callers who must be refused.
const adminOperations = {
  users: { document: "{ users { totalCount edges { node { id } } } }", variables: () => ({}) },
  user: { document: "query ($id: ID!) { user(id: $id) { id email } }", variables: (id: string) => ({ id }) },
  activity: {
    document: "query ($id: ID!) { node(id: $id) { ... on Profile { activity { verifications } } } }",
    variables: (id: string) => ({ id }),
  },
  setUserRole: {
    document:
      "mutation ($input: SetUserRoleInput!) { setUserRole(input: $input) { __typename ... on Error { code } } }",
    variables: (id: string) => ({ input: { userId: id, role: "USER_ADMIN" } }),
  },
  setUserStatus: {
    document:
      "mutation ($input: SetUserStatusInput!) { setUserStatus(input: $input) { __typename ... on Error { code } } }",
    variables: (id: string) => ({ input: { userId: id, status: "INACTIVE" } }),
  },
  offboardUser: {
    document:
      "mutation ($input: OffboardUserInput!) { offboardUser(input: $input) { __typename ... on Error { code } } }",
    variables: (id: string) => ({ input: { userId: id, reason: "security suite" } }),
  },
  createServiceAccount: {
    document:
      "mutation ($input: CreateServiceAccountInput!) { createServiceAccount(input: $input) { __typename ... on Error { code } } }",
    variables: () => ({ input: { displayName: "security-suite-bot" } }),
  },
} as const;
type Operation = keyof typeof adminOperations;
const mutations: Operation[] = ["setUserRole", "setUserStatus", "offboardUser"];

describe.each(testEngines())("identity admin surface over HTTP [%s]", (engine) => {
  let server: TestServer;
  let team: Awaited<ReturnType<typeof seedPeople>>;
  let stranger: Awaited<ReturnType<typeof seedPeople>>;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    server = await startTestServer(engine);
    const prisma = server.app.database.prisma;
    team = await seedPeople(prisma, {
      superAdmin: "SUPER_ADMIN",
      userAdmin: "USER_ADMIN",
      billing: "BILLING_ADMIN",
      user: "USER",
      target: "USER",
      sso: "USER",
      leaver: "USER",
    });
    await prisma.profile.update({ where: { id: team.profiles.sso!.id }, data: { ssoManaged: true } });
    stranger = await seedPeople(prisma, { stranger: "USER" });
    cookies.set("anonymous", "");
    for (const name of ["superAdmin", "userAdmin", "billing", "user"]) {
      cookies.set(name, (await signInOverHttp(server.url, team.profiles[name]!.email!)).cookie);
    }
  });
  afterAll(async () => {
    await server.close();
  });

  const prisma = () => server.app.database.prisma;
  const snapshot = async () => ({
    profiles: await prisma().profile.findMany({ orderBy: { id: "asc" } }),
    audit: await prisma().auditEvent.count(),
    sessions: await prisma().session.count(),
    keys: await prisma().apiKey.findMany({ orderBy: { id: "asc" } }),
  });

  const refusals = (Object.keys(adminOperations) as Operation[]).flatMap((operation) => [
    { operation, caller: "anonymous", code: "UNAUTHENTICATED" },
    { operation, caller: "user", code: "FORBIDDEN" },
    { operation, caller: "billing", code: "FORBIDDEN" },
  ]);

  it.each(refusals)(
    "$operation: $caller → $code, and nothing changes",
    async ({ operation, caller, code }) => {
      const before = await snapshot();
      const { document, variables } = adminOperations[operation];
      const response = await graphqlWithCookie(
        server.url,
        cookies.get(caller) ?? "",
        document,
        variables(profileGlobalId(team.profiles.target!.id)),
      );
      expect(response.status).toBe(200);
      expect(errorCodes(response.body)).toEqual([code]);
      expect(await snapshot()).toEqual(before);
    },
  );

  it.each(mutations)("%s: another account's user is NOT_FOUND and stays unchanged", async (operation) => {
    await seedKey(prisma(), { accountId: stranger.accountId, ownerId: stranger.profiles.stranger!.id });
    const before = await snapshot();
    const { document, variables } = adminOperations[operation];
    const response = await graphqlWithCookie(
      server.url,
      cookies.get("superAdmin") ?? "",
      document,
      variables(profileGlobalId(stranger.profiles.stranger!.id)),
    );
    expect(response.body).toEqual({
      data: { [operation]: { __typename: "KeywardError", code: "NOT_FOUND" } },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("reads another account's user as null", async () => {
    const response = await graphqlWithCookie(
      server.url,
      cookies.get("superAdmin") ?? "",
      adminOperations.user.document,
      { id: profileGlobalId(stranger.profiles.stranger!.id) },
    );
    expect(response.body).toEqual({ data: { user: null } });
  });

  it("refuses a manual role edit of an SSO-managed user with SSO_MANAGED_ROLE", async () => {
    const response = await graphqlWithCookie(
      server.url,
      cookies.get("userAdmin") ?? "",
      adminOperations.setUserRole.document,
      adminOperations.setUserRole.variables(profileGlobalId(team.profiles.sso!.id)),
    );
    expect(response.body.data?.setUserRole).toEqual({ __typename: "KeywardError", code: "SSO_MANAGED_ROLE" });
    expect((await prisma().profile.findUniqueOrThrow({ where: { id: team.profiles.sso!.id } })).role).toBe(
      "USER",
    );
  });

  it("refuses a user_admin granting super_admin with PRIVILEGE_ESCALATION", async () => {
    const response = await graphqlWithCookie(
      server.url,
      cookies.get("userAdmin") ?? "",
      adminOperations.setUserRole.document,
      { input: { userId: profileGlobalId(team.profiles.user!.id), role: "SUPER_ADMIN" } },
    );
    expect(response.body.data?.setUserRole).toEqual({
      __typename: "KeywardError",
      code: "PRIVILEGE_ESCALATION",
    });
  });

  it("runs the leaver flow: keys revoked first, then deactivation, and the leaver's session ends", async () => {
    const leaver = team.profiles.leaver!;
    const keys = await Promise.all(
      [0, 1].map(() => seedKey(prisma(), { accountId: team.accountId, ownerId: leaver.id })),
    );
    const leaverSession = await signInOverHttp(server.url, leaver.email!);
    const viewer = "{ viewer { role } }";
    expect((await graphqlWithCookie(server.url, leaverSession.cookie, viewer)).body.data?.viewer).toEqual({
      role: "USER",
    });

    const response = await graphqlWithCookie(
      server.url,
      cookies.get("userAdmin") ?? "",
      `mutation ($input: OffboardUserInput!) {
        offboardUser(input: $input) {
          ... on OffboardUserPayload { profile { status } revokedKeys { status revocationCause } }
        }
      }`,
      { input: { userId: profileGlobalId(leaver.id), reason: "Left the company" } },
    );
    expect(response.body.data?.offboardUser).toEqual({
      profile: { status: "INACTIVE" },
      revokedKeys: [
        { status: "REVOKED", revocationCause: "LEAVER" },
        { status: "REVOKED", revocationCause: "LEAVER" },
      ],
    });

    const audit = await prisma().auditEvent.findMany({
      where: {
        accountId: team.accountId,
        OR: [{ targetId: leaver.id }, { targetId: { in: keys.map((k) => k.key.id) } }],
      },
      orderBy: { seq: "asc" },
    });
    // In audit-chain order: both revocations before the deactivation.
    expect(audit.map((event) => event.action)).toEqual([
      "apiKey.revoked",
      "apiKey.revoked",
      "user.offboarded",
    ]);

    expect((await graphqlWithCookie(server.url, leaverSession.cookie, viewer)).body).toEqual({
      data: { viewer: null },
    });
    expect(await prisma().session.count({ where: { profileId: leaver.id } })).toBe(0);
  });
});
