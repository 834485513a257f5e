import { generateToken } from "@keyward/schema/keys";
import { type SeededAccount, testEngines } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  postVerify,
  profileOf,
  type SeededKey,
  seedApiKey,
  seedGatewayAccount,
} from "./support/key-seeds.ts";
import { graphql, startTestServer, type TestServer } from "./support/test-server.ts";

const globalId = (typename: string, id: string) => Buffer.from(`${typename}:${id}`).toString("base64");

const VIEWER_KEYS = `{ viewer { id role authenticatedVia mfaPending apiKeys { edges { node { id } } } } }`;
const REGISTRY = `{ apiKeys(first: 50) { edges { node { id } } } }`;
const CREATE = `mutation Create($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    __typename
    ... on IssuedApiKey { token apiKey { id permissions environment } }
    ... on KeywardError { code message }
  }
}`;

describe.each(testEngines())("GraphQL bearer authentication [%s]", (engine) => {
  let server: TestServer;
  let account: SeededAccount;
  let gateway: SeededKey;
  let developerId: string;
  let adminId: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    const seeded = await seedGatewayAccount(server.app.database.prisma);
    account = seeded.account;
    gateway = seeded.caller;
    developerId = profileOf(account, "developer").id;
    adminId = profileOf(account, "admin").id;
  });
  afterAll(async () => {
    await server.close();
  });

  const seed = (options: Parameters<typeof seedApiKey>[2]) =>
    seedApiKey(server.app.database.prisma, account, options);
  const asKey = (token: string, query: string, variables: Record<string, unknown> = {}) =>
    graphql(server.url, query, variables, { authorization: `Bearer ${token}` });

  it("a key with READ reads its owner's keys, as its owner with the USER role", async () => {
    const reader = await seed({ ownerId: developerId, permissions: ["READ"] });
    const sibling = await seed({ ownerId: developerId, permissions: ["WRITE"] });
    const foreign = await seed({ ownerId: adminId, permissions: ["READ"] });
    const { status, body } = await asKey(reader.token, VIEWER_KEYS);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const viewer = body.data?.viewer as {
      id: string;
      role: string;
      authenticatedVia: string;
      mfaPending: boolean;
      apiKeys: { edges: Array<{ node: { id: string } }> };
    };
    expect(viewer).toMatchObject({
      id: globalId("Profile", developerId),
      role: "USER",
      authenticatedVia: "API_KEY",
      mfaPending: false,
    });
    const ids = viewer.apiKeys.edges.map((edge) => edge.node.id);
    expect(ids).toEqual(
      expect.arrayContaining([globalId("ApiKey", reader.id), globalId("ApiKey", sibling.id)]),
    );
    expect(ids).not.toContain(globalId("ApiKey", foreign.id));
  });

  it("a key without READ cannot read its owner's keys", async () => {
    const writer = await seed({ ownerId: developerId, permissions: ["WRITE"] });
    const { body } = await asKey(writer.token, VIEWER_KEYS);
    expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("admin queries: refused to a key without ADMIN, even one owned by a super_admin", async () => {
    for (const owner of [developerId, adminId]) {
      const key = await seed({ ownerId: owner, permissions: ["READ", "WRITE", "EXECUTE"] });
      const { body } = await asKey(key.token, REGISTRY);
      expect(body.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
      expect(body.data).toBeNull();
    }
  });

  it("admin queries: a key with ADMIN acts with its owner's role (and only that)", async () => {
    const adminKey = await seed({ ownerId: adminId, permissions: ["ADMIN"] });
    const granted = await asKey(adminKey.token, REGISTRY);
    expect(granted.body.errors).toBeUndefined();
    const registry = granted.body.data?.apiKeys as { edges: unknown[] } | undefined;
    expect(registry?.edges.length).toBeGreaterThan(1);

    const userAdminKey = await seed({ ownerId: developerId, permissions: ["ADMIN"] });
    const refused = await asKey(userAdminKey.token, REGISTRY);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("a key with WRITE mints a weaker key, which then verifies VALID", async () => {
    const writer = await seed({
      ownerId: developerId,
      permissions: ["READ", "WRITE"],
      scopes: ["runs:write", "mcp:call"],
    });
    const { body } = await asKey(writer.token, CREATE, {
      input: {
        name: "minted by a key",
        module: "INTEGRATIONS",
        permissions: ["READ"],
        scopes: ["runs:write"],
        environment: "DEVELOPMENT",
      },
    });
    const created = body.data?.createApiKey as { __typename: string; token: string; apiKey: { id: string } };
    expect(created).toMatchObject({ __typename: "IssuedApiKey", apiKey: { permissions: ["READ"] } });
    const verified = await postVerify(server.url, gateway.token, { key: created.token, scope: "runs:write" });
    expect(verified.body).toMatchObject({ valid: true, code: "VALID", ownerId: developerId });
    expect(globalId("ApiKey", verified.body.keyId ?? "")).toBe(created.apiKey.id);
  });

  it.each([
    ["a permission it lacks", { permissions: ["EXECUTE"], environment: "DEVELOPMENT" }],
    ["a scope it lacks", { permissions: ["READ"], scopes: ["keys:verify"], environment: "DEVELOPMENT" }],
    ["another environment", { permissions: ["READ"], environment: "STAGING" }],
  ])("a key cannot mint a key with more power than itself: %s", async (_case, power) => {
    const writer = await seed({
      ownerId: developerId,
      permissions: ["READ", "WRITE"],
      scopes: ["runs:write"],
    });
    const before = await server.app.database.prisma.apiKey.count();
    const { body } = await asKey(writer.token, CREATE, {
      input: { name: "escalation", module: "INTEGRATIONS", ...power },
    });
    expect(body.data?.createApiKey).toMatchObject({
      __typename: "KeywardError",
      code: "PRIVILEGE_ESCALATION",
    });
    expect(await server.app.database.prisma.apiKey.count()).toBe(before);
  });

  it("a key without WRITE cannot mint at all", async () => {
    const reader = await seed({ ownerId: developerId, permissions: ["READ"] });
    const { body } = await asKey(reader.token, CREATE, {
      input: { name: "nope", module: "INTEGRATIONS", permissions: ["READ"], environment: "DEVELOPMENT" },
    });
    expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("401 UNAUTHENTICATED for a revoked, expired, unknown or garbage bearer: never anonymous", async () => {
    const revoked = await seed({ ownerId: developerId, status: "REVOKED" });
    const expired = await seed({ ownerId: developerId, expiresAt: new Date(Date.now() - 1000) });
    for (const token of [revoked.token, expired.token, generateToken("DEVELOPMENT").token, "garbage"]) {
      const { status, headers, body } = await asKey(token, "{ viewer { id } }");
      expect(status).toBe(401);
      expect(headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(body.data).toBeUndefined();
      expect(body.errors?.map((error) => error.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    }
    const basic = await graphql(server.url, "{ viewer { id } }", {}, { authorization: "Basic dXNlcjpwYXNz" });
    expect(basic.status).toBe(401);
  });

  it("an owner's role change applies to the owner's ADMIN key from the next request on", async () => {
    const prisma = server.app.database.prisma;
    const owner = await prisma.profile.create({
      data: {
        accountId: account.accountId,
        email: `demoted-${engine}@example.test`,
        displayName: "Demoted",
        role: "SUPER_ADMIN",
      },
    });
    const key = await seed({ ownerId: owner.id, permissions: ["ADMIN"] });
    expect((await asKey(key.token, REGISTRY)).body.errors).toBeUndefined();
    await prisma.profile.update({ where: { id: owner.id }, data: { role: "USER" } });
    const refused = await asKey(key.token, REGISTRY);
    expect(refused.body.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
    expect(refused.body.data).toBeNull();
  });

  it("401 for a key used outside its IP allowlist, and for a key whose owner is inactive", async () => {
    const fenced = await seed({ ownerId: developerId, ipAllowlist: ["203.0.113.0/24"] });
    expect((await asKey(fenced.token, "{ viewer { id } }")).status).toBe(401);

    const prisma = server.app.database.prisma;
    const leaver = await prisma.profile.create({
      data: { accountId: account.accountId, email: `leaver-${engine}@example.test`, displayName: "Leaver" },
    });
    const key = await seed({ ownerId: leaver.id, permissions: ["READ"] });
    expect((await asKey(key.token, "{ viewer { id } }")).status).toBe(200);
    await prisma.profile.update({ where: { id: leaver.id }, data: { status: "INACTIVE" } });
    const refused = await asKey(key.token, "{ viewer { id } }");
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("429 with Retry-After when the bearer is over its own rate limit", async () => {
    const limited = await seed({ ownerId: developerId, rateLimitPerMinute: 1 });
    expect((await asKey(limited.token, "{ viewer { id } }")).status).toBe(200);
    const refused = await asKey(limited.token, "{ viewer { id } }");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
  });

  it("every bearer request is recorded as key activity", async () => {
    const reader = await seed({ ownerId: developerId, permissions: ["READ"] });
    await asKey(reader.token, "{ viewer { id } }");
    await server.app.verification.activity.flush();
    const events = await server.app.database.prisma.keyEvent.findMany({ where: { apiKeyId: reader.id } });
    expect(events.map((event) => [event.action, event.result])).toEqual([["graphql", "VALID"]]);
  });
});
