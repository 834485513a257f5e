import { generateToken } from "@keyward/schema/keys";
import { type SeededAccount, seedAccount, testEngines } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  postVerify,
  profileOf,
  type SeededKey,
  seedApiKey,
  seedGatewayAccount,
} from "./support/key-seeds.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";

/** A well-formed token (valid checksum) with the last random character changed: the checksum fails. */
function withBadChecksum(token: string): string {
  const index = token.length - 7;
  const replacement = token[index] === "A" ? "B" : "A";
  return token.slice(0, index) + replacement + token.slice(index + 1);
}

describe.each(testEngines())("POST /v1/keys/verify [%s]", (engine) => {
  let server: TestServer;
  let account: SeededAccount;
  let caller: SeededKey;
  let ownerId: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    const seeded = await seedGatewayAccount(server.app.database.prisma);
    account = seeded.account;
    caller = seeded.caller;
    ownerId = profileOf(account, "developer").id;
  });
  afterAll(async () => {
    await server.close();
  });

  const seed = (options: Omit<Parameters<typeof seedApiKey>[2], "ownerId"> = {}) =>
    seedApiKey(server.app.database.prisma, account, { ownerId, ...options });
  const verify = (body: unknown, bearer: string | null = caller.token) =>
    postVerify(server.url, bearer, body);

  describe("verification codes", () => {
    it("VALID: answers exactly DESIGN §6's shape with the key's details", async () => {
      const expiresAt = new Date(Date.now() + 30 * 86_400_000);
      const key = await seed({
        permissions: ["READ", "WRITE"],
        scopes: ["runs:write", "mcp:call"],
        environment: "STAGING",
        expiresAt,
        workspaceIds: [account.workspaceId],
      });
      const { status, headers, body } = await verify({
        key: key.token,
        workspace: "default",
        permission: "write",
        scope: "runs:write",
        environment: "staging",
        module: "Agents Execution",
      });
      expect(status).toBe(200);
      expect(headers.get("content-type")).toMatch(/^application\/json/);
      expect(headers.get("cache-control")).toBe("no-store");
      expect(body).toEqual({
        valid: true,
        code: "VALID",
        keyId: key.id,
        ownerId,
        environment: "STAGING",
        permissions: ["READ", "WRITE"],
        scopes: ["runs:write", "mcp:call"],
        workspaces: [{ id: account.workspaceId, slug: "default" }],
        expiresAt: expiresAt.toISOString(),
      });
      const again = await verify({ key: key.token, workspace: account.workspaceId, permission: "READ" });
      expect(again.body).toEqual(body);
    });

    it("NOT_FOUND: an unknown well-formed token, and a key of another account", async () => {
      const unknown = await verify({ key: generateToken("DEVELOPMENT").token });
      expect(unknown).toMatchObject({ status: 200, body: { valid: false, code: "NOT_FOUND" } });
      expect(Object.keys(unknown.body)).toEqual(["valid", "code"]);

      const prisma = server.app.database.prisma;
      const other = await seedAccount(prisma, { stranger: "USER" });
      const foreign = await seedApiKey(prisma, other, { ownerId: profileOf(other, "stranger").id });
      const { body } = await verify({ key: foreign.token });
      expect(body).toEqual({ valid: false, code: "NOT_FOUND" });
    });

    it.each([
      ["REVOKED", { status: "REVOKED" }],
      ["REVOKED", { lockedAt: new Date() }],
      ["PENDING", { status: "PENDING" }],
      ["PENDING", { status: "APPROVED" }],
      ["REJECTED", { status: "REJECTED" }],
      ["EXPIRED", { expiresAt: new Date(Date.now() - 1000) }],
    ] as const)("%s: a key that is not usable (%o)", async (code, options) => {
      const key = await seed(options);
      const { status, body } = await verify({ key: key.token });
      expect(status).toBe(200);
      expect(body).toEqual({ valid: false, code, keyId: key.id, ownerId });
    });

    it("IP_DENIED: the client address is outside the key's allowlist (and VALID inside it)", async () => {
      const key = await seed({ ipAllowlist: ["10.0.0.0/8", "2001:db8::/32"] });
      expect((await verify({ key: key.token, ip: "192.168.1.10" })).body).toMatchObject({
        code: "IP_DENIED",
      });
      expect((await verify({ key: key.token })).body).toMatchObject({ code: "IP_DENIED" });
      expect((await verify({ key: key.token, ip: "10.20.30.40" })).body).toMatchObject({ code: "VALID" });
      expect((await verify({ key: key.token, ip: "2001:db8::1" })).body).toMatchObject({ code: "VALID" });
    });

    it("FORBIDDEN: a permission or scope the key lacks (ADMIN implies the others)", async () => {
      const reader = await seed({ permissions: ["READ"], scopes: ["runs:write"] });
      expect((await verify({ key: reader.token, permission: "execute" })).body).toMatchObject({
        valid: false,
        code: "FORBIDDEN",
      });
      expect((await verify({ key: reader.token, scope: "mcp:call" })).body).toMatchObject({
        code: "FORBIDDEN",
      });
      expect((await verify({ key: reader.token, permission: "Read" })).body).toMatchObject({ code: "VALID" });
      const admin = await seed({ permissions: ["ADMIN"] });
      expect((await verify({ key: admin.token, permission: "EXECUTE" })).body).toMatchObject({
        code: "VALID",
      });
    });

    it("ENVIRONMENT_MISMATCH: the gateway expects another environment", async () => {
      const key = await seed({ environment: "SANDBOX" });
      expect((await verify({ key: key.token, environment: "production" })).body).toMatchObject({
        valid: false,
        code: "ENVIRONMENT_MISMATCH",
      });
      expect((await verify({ key: key.token, environment: "sbx" })).body).toMatchObject({ code: "VALID" });
    });

    it("WORKSPACE_DENIED: a workspace the key was not granted, by slug, id or global id", async () => {
      const prisma = server.app.database.prisma;
      const second = await prisma.workspace.create({
        data: { accountId: account.accountId, slug: "second", name: "Second" },
      });
      const key = await seed({ workspaceIds: [account.workspaceId] });
      for (const workspace of [
        "second",
        second.id,
        Buffer.from(`Workspace:${second.id}`).toString("base64"),
      ]) {
        expect((await verify({ key: key.token, workspace })).body).toMatchObject({
          code: "WORKSPACE_DENIED",
        });
      }
      const globalId = Buffer.from(`Workspace:${account.workspaceId}`).toString("base64");
      expect((await verify({ key: key.token, workspace: globalId })).body).toMatchObject({ code: "VALID" });
      const unscoped = await seed();
      expect((await verify({ key: unscoped.token, workspace: "default" })).body).toMatchObject({
        code: "WORKSPACE_DENIED",
      });
    });

    it("RATE_LIMITED: the key's per-minute limit, with its state in every answer", async () => {
      const key = await seed({ rateLimitPerMinute: 2 });
      const first = await verify({ key: key.token });
      expect(first.body).toMatchObject({ valid: true, code: "VALID", ratelimit: { limit: 2, remaining: 1 } });
      expect((await verify({ key: key.token })).body).toMatchObject({ ratelimit: { remaining: 0 } });
      const third = await verify({ key: key.token });
      expect(third.status).toBe(200);
      expect(third.body).toMatchObject({
        valid: false,
        code: "RATE_LIMITED",
        keyId: key.id,
        ratelimit: { limit: 2, remaining: 0 },
      });
      expect(third.body.ratelimit?.resetMs).toBeGreaterThan(0);
    });
  });

  describe("the caller", () => {
    it("401 UNAUTHENTICATED without a bearer, with a challenge", async () => {
      const { status, headers, body } = await verify({ key: "x" }, null);
      expect(status).toBe(401);
      expect(headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(body).toEqual({ error: { code: "UNAUTHENTICATED", message: expect.any(String) } });
      const basic = await postVerify(server.url, null, { key: "x" }, { authorization: "Basic dXNlcjpwYXNz" });
      expect(basic).toMatchObject({ status: 401, body: { error: { code: "UNAUTHENTICATED" } } });
    });

    it("401 FORBIDDEN for a valid bearer without keys:verify", async () => {
      const plain = await seed({ permissions: ["READ", "WRITE"], scopes: ["runs:write"] });
      const { status, body } = await verify({ key: plain.token }, plain.token);
      expect(status).toBe(401);
      expect(body.error).toMatchObject({
        code: "FORBIDDEN",
        message: expect.stringContaining("keys:verify"),
      });
    });

    it("401 UNAUTHENTICATED for a revoked, expired, unknown or garbage bearer", async () => {
      const revoked = await seed({ scopes: ["keys:verify"], status: "REVOKED" });
      const expired = await seed({ scopes: ["keys:verify"], expiresAt: new Date(Date.now() - 1) });
      const target = await seed();
      for (const bearer of [revoked.token, expired.token, generateToken("PRODUCTION").token, "garbage"]) {
        const { status, body } = await verify({ key: target.token }, bearer);
        expect(status).toBe(401);
        expect(body.error?.code).toBe("UNAUTHENTICATED");
      }
      const { body } = await verify({ key: target.token }, revoked.token);
      expect(body.error?.message).toMatch(/revoked/);
    });

    it("401 FORBIDDEN for a bearer outside its own IP allowlist", async () => {
      const fenced = await seed({ scopes: ["keys:verify"], ipAllowlist: ["203.0.113.0/24"] });
      const { status, body } = await verify({ key: caller.token }, fenced.token);
      expect(status).toBe(401);
      expect(body.error?.code).toBe("FORBIDDEN");
    });

    it("429 when the bearer itself is over its rate limit", async () => {
      const limited = await seed({ scopes: ["keys:verify"], rateLimitPerMinute: 1 });
      expect((await verify({ key: caller.token }, limited.token)).status).toBe(200);
      const refused = await verify({ key: caller.token }, limited.token);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(refused.body.error?.code).toBe("RATE_LIMITED");
    });

    it("a gateway of another account gets NOT_FOUND for this account's keys", async () => {
      const prisma = server.app.database.prisma;
      const other = await seedGatewayAccount(prisma);
      const key = await seed();
      expect((await verify({ key: key.token }, other.caller.token)).body).toEqual({
        valid: false,
        code: "NOT_FOUND",
      });
      expect((await verify({ key: key.token })).body).toMatchObject({ code: "VALID" });
    });
  });

  describe("malformed requests", () => {
    it.each([
      ["malformed JSON", "{ key: ", ""],
      ["a JSON array", "[]", ""],
      ["a missing key", {}, "key"],
      ["a key that is not a string", { key: 42 }, "key"],
      ["an empty key", { key: "" }, "key"],
      ["a key longer than 200 characters", { key: "k".repeat(201) }, "key"],
      ["an unknown environment", { key: "k", environment: "moon" }, "environment"],
      ["an unknown permission", { key: "k", permission: "superuser" }, "permission"],
      ["an unknown module", { key: "k", module: "Astrology" }, "module"],
      ["a permission of the wrong type", { key: "k", permission: ["READ"] }, "permission"],
      ["an ip that is not an address", { key: "k", ip: "10.0.0.300" }, "ip"],
      ["an unknown field", { key: "k", permissions: ["READ"] }, "permissions"],
      ["a workspace with control characters", { key: "k", workspace: "a\u0000b" }, "workspace"],
    ])("400 VALIDATION_FAILED for %s", async (_case, body, path) => {
      const answer = await verify(body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: "VALIDATION_FAILED", message: expect.any(String) });
      if (path) expect(answer.body.error?.fieldIssues?.map((issue) => issue.path)).toContain(path);
      else expect(answer.body.error?.message).toMatch(/JSON|object/);
    });

    it("accepts null as an absent optional field and lower-case names", async () => {
      const key = await seed({ permissions: ["EXECUTE"], environment: "PRODUCTION" });
      const { status, body } = await verify({
        key: key.token,
        workspace: null,
        permission: "execute",
        environment: "production",
        module: "monitoring & logs",
      });
      expect(status).toBe(200);
      expect(body.code).toBe("VALID");
    });

    it("413 for a body over 8 KB, 411 for a chunked body, 415 for another content type", async () => {
      const big = await verify({ key: "k", workspace: "w".repeat(9 * 1024) });
      expect(big.status).toBe(413);
      expect(big.body.error?.code).toBe("PAYLOAD_TOO_LARGE");

      const chunked = await fetch(`${server.url}/v1/keys/verify`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${caller.token}` },
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(JSON.stringify({ key: "k" })));
            controller.close();
          },
        }),
        duplex: "half",
      } as RequestInit);
      expect(chunked.status).toBe(411);

      const form = await postVerify(server.url, caller.token, "key=k", {
        "content-type": "application/x-www-form-urlencoded",
      });
      expect(form.status).toBe(415);
    });

    it("405 for other methods", async () => {
      const response = await fetch(`${server.url}/v1/keys/verify`);
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
    });
  });

  describe("cost", () => {
    it("a bad-checksum token is NOT_FOUND without hashing it or touching the database", async () => {
      const key = await seed();
      await verify({ key: key.token }); // warms the caller's and the key's cache entries
      const before = server.app.verification.stats().verifier;
      const { body } = await verify({ key: withBadChecksum(key.token) });
      expect(body).toEqual({ valid: false, code: "NOT_FOUND" });
      const after = server.app.verification.stats().verifier;
      // The one hash is the caller's own bearer (a cache hit); the presented token costs nothing.
      expect(after.hashes - before.hashes).toBe(1);
      expect(after.cacheHits - before.cacheHits).toBe(1);
      expect(after.sqlQueries - before.sqlQueries).toBe(0);
      expect(after.cacheMisses - before.cacheMisses).toBe(0);
    });

    it("repeats of an unknown token are answered by the negative cache, with one SQL statement in all", async () => {
      const unknown = generateToken("STAGING").token;
      const before = server.app.verification.stats().verifier;
      for (let attempt = 0; attempt < 5; attempt++) {
        expect((await verify({ key: unknown })).body).toEqual({ valid: false, code: "NOT_FOUND" });
      }
      const after = server.app.verification.stats().verifier;
      expect(after.sqlQueries - before.sqlQueries).toBe(1);
      expect(after.negativeHits - before.negativeHits).toBe(4);
    });
  });

  describe("activity", () => {
    it("lands in KeyEvent and UsageRollup, and sets lastUsedAt, after a flush", async () => {
      const prisma = server.app.database.prisma;
      const key = await seed({ workspaceIds: [account.workspaceId], permissions: ["READ"] });
      await verify({ key: key.token, workspace: "default", ip: "10.1.1.1", module: "governance" });
      await verify({ key: key.token, workspace: "default", ip: "10.1.1.1", module: "governance" });
      await verify({ key: key.token, permission: "write" });
      await server.app.verification.activity.flush();

      const events = await prisma.keyEvent.findMany({ where: { apiKeyId: key.id }, orderBy: { id: "asc" } });
      expect(events.map((event) => [event.action, event.result])).toEqual([
        ["verify", "VALID"],
        ["verify", "VALID"],
        ["verify", "FORBIDDEN"],
      ]);
      expect(events[0]).toMatchObject({
        accountId: account.accountId,
        workspaceId: account.workspaceId,
        module: "GOVERNANCE",
        ip: "10.1.1.1",
      });
      const rollups = await prisma.usageRollup.findMany({ where: { apiKeyId: key.id } });
      const counts = Object.fromEntries(
        ["VALID", "FORBIDDEN"].map((result) => [
          result,
          rollups.filter((row) => row.result === result).reduce((sum, row) => sum + row.count, 0),
        ]),
      );
      expect(counts).toEqual({ VALID: 2, FORBIDDEN: 1 });
      const stored = await prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
      expect(stored.lastUsedAt).toBeInstanceOf(Date);
      expect(stored.lastUsedIp).toBe("10.1.1.1");
      // The gateway's own key is recorded as used too.
      const callerEvents = await prisma.keyEvent.count({
        where: { apiKeyId: caller.id, action: "verify.caller" },
      });
      expect(callerEvents).toBeGreaterThan(0);
    });

    it("an unknown key is recorded against the caller's account with its display hint only", async () => {
      const prisma = server.app.database.prisma;
      const unknown = generateToken("SANDBOX").token;
      await verify({ key: unknown });
      await server.app.verification.activity.flush();
      const hint = `${unknown.slice(0, 11)}…${unknown.slice(-6)}`;
      const event = await prisma.keyEvent.findFirst({ where: { presentedHint: hint } });
      expect(event).toMatchObject({ accountId: account.accountId, apiKeyId: null, result: "NOT_FOUND" });
    });
  });
});

describe.each(testEngines())("key spraying [%s]", (engine) => {
  let server: TestServer;
  let caller: SeededKey;
  beforeAll(async () => {
    server = await startTestServer(engine, { app: { verification: { unknownKeysPerMinute: 5 } } });
    caller = (await seedGatewayAccount(server.app.database.prisma)).caller;
  });
  afterAll(async () => {
    await server.close();
  });

  it("refuses an address with 429 and Retry-After once it presents too many unknown keys", async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { status, body } = await postVerify(server.url, caller.token, {
        key: generateToken("DEVELOPMENT").token,
      });
      expect(status).toBe(200);
      expect(body.code).toBe("NOT_FOUND");
    }
    const over = await postVerify(server.url, caller.token, { key: generateToken("DEVELOPMENT").token });
    expect(over.status).toBe(429);
    expect(over.body.error?.code).toBe("RATE_LIMITED");
    const retryAfter = Number(over.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Refused before any lookup: even a request that would be valid, and unknown bearers.
    const before = server.app.verification.stats().verifier;
    expect((await postVerify(server.url, caller.token, { key: caller.token })).status).toBe(429);
    expect((await postVerify(server.url, generateToken("DEVELOPMENT").token, { key: "k" })).status).toBe(429);
    expect(server.app.verification.stats().verifier.hashes).toBe(before.hashes);
    expect(server.app.verification.stats().unknownKeys).toMatchObject({ blockedAddresses: 1 });
  });
});
