import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AuthFailureEvent,
  createInProcessEventBus,
  type EventBus,
  type KeyActivityEvent,
} from "../events/index.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { generateToken } from "../keys/token-format.ts";
import { createManualClock } from "../runtime/clock.ts";
import { testEngines } from "../test-support/index.ts";
import { createActivityWriter } from "./activity-writer.ts";
import { createMemoryKeyRateLimiter } from "./key-rate-limiter.ts";
import { createKeyRecordCache, type KeyRecordCache } from "./key-record-cache.ts";
import {
  type LoggedDatabase,
  openLoggedDatabase,
  type SeededAccount,
  seedAccount,
  seedKey,
} from "./test-fixtures.ts";
import { createVerifier, type Verifier } from "./verifier.ts";

describe.each(testEngines())("verifier [%s]", (engine) => {
  let database: LoggedDatabase;
  let prisma: PrismaClient;
  let account: SeededAccount;
  let otherAccount: SeededAccount;
  let clock: ReturnType<typeof createManualClock>;
  let cache: KeyRecordCache;
  let bus: EventBus;
  let verifier: Verifier;
  let activity: KeyActivityEvent[];
  let failures: AuthFailureEvent[];

  beforeAll(async () => {
    database = await openLoggedDatabase(engine);
    prisma = database.prisma;
    account = await seedAccount(prisma, ["alpha", "beta"]);
    otherAccount = await seedAccount(prisma, ["alpha"]);
  });

  afterAll(async () => {
    await database.close();
  });

  beforeEach(() => {
    clock = createManualClock(new Date("2026-03-01T12:00:00Z"));
    cache = createKeyRecordCache({ clock });
    bus = createInProcessEventBus();
    activity = [];
    failures = [];
    bus.subscribe("auth.failure", (event) => failures.push(event));
    verifier = createVerifier({
      prisma,
      clock,
      cache,
      rateLimiter: createMemoryKeyRateLimiter(),
      activity: { record: (event) => activity.push(event) > 0 },
      events: bus,
    });
    database.queries.length = 0;
  });

  afterEach(() => {
    verifier.close();
  });

  const alpha = () => account.workspaces[0]!;
  const beta = () => account.workspaces[1]!;

  it("returns the key's details for a valid key and records the use", async () => {
    const key = await seedKey(prisma, account, {
      permissions: ["READ", "WRITE"],
      scopes: ["runs:write"],
      module: "GOVERNANCE",
      workspaceIds: [beta().id, alpha().id],
      expiresAt: new Date("2026-06-01T00:00:00Z"),
    });
    const result = await verifier.verify({
      callerAccountId: account.accountId,
      token: key.token,
      workspace: "alpha",
      ip: "203.0.113.9",
    });
    expect(result).toEqual({
      valid: true,
      code: "VALID",
      keyId: key.id,
      ownerId: account.ownerId,
      environment: "PRODUCTION",
      permissions: ["READ", "WRITE"],
      scopes: ["runs:write"],
      workspaces: [alpha(), beta()],
      expiresAt: "2026-06-01T00:00:00.000Z",
    });
    expect(activity).toEqual([
      {
        accountId: account.accountId,
        keyId: key.id,
        ownerId: account.ownerId,
        presentedHint: null,
        workspaceId: alpha().id,
        module: "GOVERNANCE",
        action: "verify",
        result: "VALID",
        ip: "203.0.113.9",
        permission: null,
        scope: null,
        occurredAt: clock.now(),
      },
    ]);
    expect(failures).toEqual([]);
  });

  it("answers NOT_FOUND for a bad checksum without hashing or SQL", async () => {
    const { token } = generateToken("PRODUCTION");
    const typo = `${token.slice(0, 20)}${token[20] === "a" ? "b" : "a"}${token.slice(21)}`;
    for (const garbage of [typo, "kw_prd_nope", "", "Bearer x"]) {
      expect(await verifier.verify({ callerAccountId: account.accountId, token: garbage })).toEqual({
        valid: false,
        code: "NOT_FOUND",
      });
    }
    expect(verifier.counters).toMatchObject({
      hashes: 0,
      sqlQueries: 0,
      cacheHits: 0,
      cacheMisses: 0,
      malformed: 4,
    });
    expect(database.queries).toEqual([]);
    expect(activity).toHaveLength(4);
    expect(activity[0]).toMatchObject({
      accountId: account.accountId,
      keyId: null,
      result: "NOT_FOUND",
      presentedHint: null,
    });
    expect(failures).toHaveLength(4);
    expect(failures[0]).toMatchObject({
      kind: "VERIFY",
      code: "NOT_FOUND",
      accountId: account.accountId,
      keyId: null,
    });
  });

  it("queries the database exactly once per miss, then serves the cache", async () => {
    const key = await seedKey(prisma, account, { workspaceIds: [alpha().id] });
    database.queries.length = 0;
    const request = { callerAccountId: account.accountId, token: key.token };
    expect((await verifier.verify(request)).code).toBe("VALID");
    expect(database.queries).toHaveLength(1);
    expect(database.queries[0]).toContain("json_agg");
    expect(verifier.counters).toEqual({
      hashes: 1,
      sqlQueries: 1,
      cacheHits: 0,
      cacheMisses: 1,
      negativeHits: 0,
      malformed: 0,
    });
    for (let round = 0; round < 5; round++) expect((await verifier.verify(request)).code).toBe("VALID");
    expect(database.queries).toHaveLength(1);
    expect(verifier.counters).toEqual({
      hashes: 6,
      sqlQueries: 1,
      cacheHits: 5,
      cacheMisses: 1,
      negativeHits: 0,
      malformed: 0,
    });
  });

  it("shares one query between concurrent misses of the same key", async () => {
    const key = await seedKey(prisma, account);
    database.queries.length = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        verifier.verify({ callerAccountId: account.accountId, token: key.token }),
      ),
    );
    expect(results.every((result) => result.code === "VALID")).toBe(true);
    expect(database.queries).toHaveLength(1);
    expect(verifier.counters.sqlQueries).toBe(1);
  });

  it("reads misses of different keys that arrive together in one statement, each with its own answer", async () => {
    const keys = [await seedKey(prisma, account), await seedKey(prisma, account, { status: "REVOKED" })];
    const foreign = await seedKey(prisma, otherAccount);
    const unknown = generateToken("PRODUCTION").token;
    database.queries.length = 0;
    const results = await Promise.all(
      [...keys, foreign, { token: unknown }].map(({ token }) =>
        verifier.verify({ callerAccountId: account.accountId, token }),
      ),
    );
    expect(results.map((result) => [result.code, result.keyId])).toEqual([
      ["VALID", keys[0]!.id],
      ["REVOKED", keys[1]!.id],
      ["NOT_FOUND", undefined],
      ["NOT_FOUND", undefined],
    ]);
    expect(database.queries).toHaveLength(1);
    expect(verifier.counters).toMatchObject({ sqlQueries: 1, cacheMisses: 4 });
    // Every one of them is cached now, the unknown one as a remembered miss.
    await verifier.verify({ callerAccountId: account.accountId, token: unknown });
    await verifier.verify({ callerAccountId: account.accountId, token: keys[0]!.token });
    expect(verifier.counters).toMatchObject({ sqlQueries: 1, negativeHits: 1, cacheHits: 1 });
  });

  it("does not hold a miss back for misses that come later", async () => {
    const first = await seedKey(prisma, account);
    const second = await seedKey(prisma, account);
    for (const key of [first, second])
      expect((await verifier.verify({ callerAccountId: account.accountId, token: key.token })).code).toBe(
        "VALID",
      );
    expect(verifier.counters.sqlQueries).toBe(2);
  });

  it("remembers misses for a few seconds (negative cache)", async () => {
    const { token, displayHint } = generateToken("PRODUCTION");
    const request = { callerAccountId: account.accountId, token };
    expect(await verifier.verify(request)).toEqual({ valid: false, code: "NOT_FOUND" });
    expect(await verifier.verify(request)).toEqual({ valid: false, code: "NOT_FOUND" });
    expect(verifier.counters).toMatchObject({ hashes: 2, sqlQueries: 1, negativeHits: 1, cacheMisses: 1 });
    expect(activity[1]).toMatchObject({ keyId: null, presentedHint: displayHint, result: "NOT_FOUND" });
    expect(failures[1]).toMatchObject({ code: "NOT_FOUND", presentedHint: displayHint });
    clock.advance(5_001);
    await verifier.verify(request);
    expect(verifier.counters.sqlQueries).toBe(2);
  });

  it("reloads a cached key after the positive TTL", async () => {
    const key = await seedKey(prisma, account);
    const request = { callerAccountId: account.accountId, token: key.token };
    await verifier.verify(request);
    clock.advance(59_000);
    await verifier.verify(request);
    expect(verifier.counters.sqlQueries).toBe(1);
    clock.advance(2_000);
    await verifier.verify(request);
    expect(verifier.counters.sqlQueries).toBe(2);
  });

  it("hides keys of other accounts behind NOT_FOUND", async () => {
    const foreign = await seedKey(prisma, otherAccount, { workspaceIds: [otherAccount.workspaces[0]!.id] });
    const result = await verifier.verify({ callerAccountId: account.accountId, token: foreign.token });
    expect(result).toEqual({ valid: false, code: "NOT_FOUND" });
    expect(activity[0]).toMatchObject({
      accountId: account.accountId,
      keyId: null,
      ownerId: null,
      result: "NOT_FOUND",
    });
    expect(failures[0]).toMatchObject({ accountId: account.accountId, keyId: null, ownerId: null });
    // The same key is fine for its own account (served from the cache).
    const own = await verifier.verify({ callerAccountId: otherAccount.accountId, token: foreign.token });
    expect(own.code).toBe("VALID");
    expect(verifier.counters.sqlQueries).toBe(1);
  });

  it.each([
    ["PENDING", "PENDING"],
    ["APPROVED", "PENDING"],
    ["REJECTED", "REJECTED"],
    ["REVOKED", "REVOKED"],
  ] as const)("answers %s keys with %s", async (status, code) => {
    const key = await seedKey(prisma, account, { status });
    const result = await verifier.verify({ callerAccountId: account.accountId, token: key.token });
    expect(result).toEqual({ valid: false, code, keyId: key.id, ownerId: account.ownerId });
    expect(activity[0]).toMatchObject({ keyId: key.id, result: code, presentedHint: key.displayHint });
    expect(failures[0]).toMatchObject({ kind: "VERIFY", code, keyId: key.id, ownerId: account.ownerId });
  });

  it("answers REVOKED for a locked key", async () => {
    const key = await seedKey(prisma, account, { lockedAt: new Date("2026-02-01T00:00:00Z") });
    expect((await verifier.verify({ callerAccountId: account.accountId, token: key.token })).code).toBe(
      "REVOKED",
    );
  });

  it("reads the same records through the plain pg pool (the API's hot path on PostgreSQL)", async () => {
    const plain = createVerifier({
      prisma: database.sql,
      clock,
      cache: createKeyRecordCache({ clock }),
      rateLimiter: createMemoryKeyRateLimiter(),
      activity: { record: () => true },
      events: bus,
    });
    const valid = await seedKey(prisma, account, {
      workspaceIds: [alpha().id, beta().id],
      expiresAt: new Date("2026-03-01T12:00:00.001Z"),
    });
    const expired = await seedKey(prisma, account, { expiresAt: new Date("2026-03-01T12:00:00Z") });
    const locked = await seedKey(prisma, account, { lockedAt: new Date("2026-02-01T00:00:00Z") });
    for (const key of [valid, expired, locked]) {
      const request = { callerAccountId: account.accountId, token: key.token, workspace: beta().slug };
      expect(await plain.verify(request)).toEqual(await verifier.verify(request));
    }
    const request = { callerAccountId: account.accountId, token: valid.token };
    expect(await plain.verify(request)).toMatchObject({
      code: "VALID",
      expiresAt: "2026-03-01T12:00:00.001Z",
      workspaces: [alpha(), beta()],
    });
    expect((await plain.verify({ ...request, token: expired.token })).code).toBe("EXPIRED");
    expect((await plain.verify({ ...request, token: locked.token })).code).toBe("REVOKED");
    expect(plain.counters).toMatchObject({ sqlQueries: 3, cacheMisses: 3 });
    plain.close();
  });

  it("answers EXPIRED once expiresAt is reached, also for a cached key", async () => {
    const expired = await seedKey(prisma, account, { expiresAt: new Date("2026-03-01T11:59:59Z") });
    expect((await verifier.verify({ callerAccountId: account.accountId, token: expired.token })).code).toBe(
      "EXPIRED",
    );
    const key = await seedKey(prisma, account, { expiresAt: new Date("2026-03-01T12:00:30Z") });
    const request = { callerAccountId: account.accountId, token: key.token };
    expect((await verifier.verify(request)).code).toBe("VALID");
    clock.advance(30_000);
    expect(await verifier.verify(request)).toEqual({
      valid: false,
      code: "EXPIRED",
      keyId: key.id,
      ownerId: account.ownerId,
    });
    expect(verifier.counters.sqlQueries).toBe(2);
  });

  it("answers ENVIRONMENT_MISMATCH when another environment is asked", async () => {
    const key = await seedKey(prisma, account, { environment: "SANDBOX" });
    const request = { callerAccountId: account.accountId, token: key.token };
    expect((await verifier.verify({ ...request, environment: "PRODUCTION" })).code).toBe(
      "ENVIRONMENT_MISMATCH",
    );
    expect((await verifier.verify({ ...request, environment: "SANDBOX" })).code).toBe("VALID");
  });

  it("enforces the IP allowlist, IPv4-mapped addresses included", async () => {
    const key = await seedKey(prisma, account, { ipAllowlist: ["10.0.0.0/8", "2001:db8::/32"] });
    const request = { callerAccountId: account.accountId, token: key.token };
    expect((await verifier.verify({ ...request, ip: "10.1.2.3" })).code).toBe("VALID");
    expect((await verifier.verify({ ...request, ip: "::ffff:10.1.2.3" })).code).toBe("VALID");
    expect((await verifier.verify({ ...request, ip: "2001:db8::7" })).code).toBe("VALID");
    expect((await verifier.verify({ ...request, ip: "192.168.0.1" })).code).toBe("IP_DENIED");
    expect((await verifier.verify(request)).code).toBe("IP_DENIED");
    expect(failures.map((failure) => failure.code)).toEqual(["IP_DENIED", "IP_DENIED"]);
  });

  it("checks workspaces by id or slug; a key without workspaces reaches none", async () => {
    const key = await seedKey(prisma, account, { workspaceIds: [alpha().id] });
    const request = { callerAccountId: account.accountId, token: key.token };
    expect((await verifier.verify({ ...request, workspace: "alpha" })).code).toBe("VALID");
    expect((await verifier.verify({ ...request, workspace: alpha().id })).code).toBe("VALID");
    expect((await verifier.verify({ ...request, workspace: "beta" })).code).toBe("WORKSPACE_DENIED");
    expect((await verifier.verify({ ...request, workspace: beta().id })).code).toBe("WORKSPACE_DENIED");
    // Another account's workspace with the same slug is not this account's "alpha".
    expect((await verifier.verify({ ...request, workspace: otherAccount.workspaces[0]!.id })).code).toBe(
      "WORKSPACE_DENIED",
    );
    const unscoped = await seedKey(prisma, account, { workspaceIds: [] });
    const unscopedRequest = { callerAccountId: account.accountId, token: unscoped.token };
    expect(await verifier.verify(unscopedRequest)).toMatchObject({ valid: true, workspaces: [] });
    expect((await verifier.verify({ ...unscopedRequest, workspace: "alpha" })).code).toBe("WORKSPACE_DENIED");
  });

  it("checks permissions (ADMIN implies the others) and scopes", async () => {
    const reader = await seedKey(prisma, account, { permissions: ["READ"], scopes: ["runs:write"] });
    const admin = await seedKey(prisma, account, { permissions: ["ADMIN"] });
    const read = { callerAccountId: account.accountId, token: reader.token };
    const full = { callerAccountId: account.accountId, token: admin.token };
    expect((await verifier.verify({ ...read, permission: "READ" })).code).toBe("VALID");
    expect((await verifier.verify({ ...read, permission: "WRITE" })).code).toBe("FORBIDDEN");
    expect((await verifier.verify({ ...read, permission: "ADMIN" })).code).toBe("FORBIDDEN");
    expect((await verifier.verify({ ...read, scope: "runs:write" })).code).toBe("VALID");
    expect((await verifier.verify({ ...read, scope: "runs:manage" })).code).toBe("FORBIDDEN");
    for (const permission of ["READ", "WRITE", "EXECUTE", "ADMIN"] as const) {
      expect((await verifier.verify({ ...full, permission })).code).toBe("VALID");
    }
    expect(await verifier.verify({ ...full, permission: "EXECUTE" })).toMatchObject({
      permissions: ["ADMIN"],
    });
    expect((await verifier.verify({ ...full, scope: "runs:write" })).code).toBe("FORBIDDEN");
  });

  it("applies the checks in order: status before expiry before environment before IP before workspace", async () => {
    const key = await seedKey(prisma, account, {
      status: "REJECTED",
      expiresAt: new Date("2020-01-01T00:00:00Z"),
      environment: "SANDBOX",
      ipAllowlist: ["10.0.0.1"],
    });
    const request = {
      callerAccountId: account.accountId,
      token: key.token,
      environment: "PRODUCTION",
      ip: "1.1.1.1",
      workspace: "beta",
      permission: "ADMIN",
    } as const;
    expect((await verifier.verify(request)).code).toBe("REJECTED");
    await prisma.apiKey.update({ where: { id: key.id }, data: { status: "ACTIVE" } });
    verifier.invalidate([key.id]);
    expect((await verifier.verify(request)).code).toBe("EXPIRED");
    await prisma.apiKey.update({ where: { id: key.id }, data: { expiresAt: null } });
    verifier.invalidate([key.id]);
    expect((await verifier.verify(request)).code).toBe("ENVIRONMENT_MISMATCH");
    expect((await verifier.verify({ ...request, environment: "SANDBOX" })).code).toBe("IP_DENIED");
    expect((await verifier.verify({ ...request, environment: "SANDBOX", ip: "10.0.0.1" })).code).toBe(
      "WORKSPACE_DENIED",
    );
    expect(
      (await verifier.verify({ ...request, environment: "SANDBOX", ip: "10.0.0.1", workspace: undefined }))
        .code,
    ).toBe("FORBIDDEN");
  });

  it("answers RATE_LIMITED beyond the key's limit per minute", async () => {
    const key = await seedKey(prisma, account, { rateLimitPerMinute: 2 });
    const request = { callerAccountId: account.accountId, token: key.token };
    const first = await verifier.verify(request);
    expect(first).toMatchObject({ valid: true, code: "VALID", ratelimit: { limit: 2, remaining: 1 } });
    expect((await verifier.verify(request)).ratelimit?.remaining).toBe(0);
    const limited = await verifier.verify(request);
    expect(limited).toMatchObject({
      valid: false,
      code: "RATE_LIMITED",
      keyId: key.id,
      ownerId: account.ownerId,
      ratelimit: { limit: 2, remaining: 0 },
    });
    expect(limited.ratelimit?.resetMs).toBeGreaterThan(0);
    expect(limited.permissions).toBeUndefined();
    expect(failures.map((failure) => failure.code)).toEqual(["RATE_LIMITED"]);
    // Denied requests do not consume the limit.
    const other = await seedKey(prisma, account, { rateLimitPerMinute: 1, permissions: ["READ"] });
    const otherRequest = { callerAccountId: account.accountId, token: other.token };
    expect((await verifier.verify({ ...otherRequest, permission: "WRITE" })).code).toBe("FORBIDDEN");
    expect((await verifier.verify(otherRequest)).code).toBe("VALID");
  });

  it("never returns key details with a denial", async () => {
    const key = await seedKey(prisma, account, {
      permissions: ["READ"],
      scopes: ["a:b"],
      workspaceIds: [alpha().id],
    });
    const result = await verifier.verify({
      callerAccountId: account.accountId,
      token: key.token,
      permission: "WRITE",
    });
    expect(Object.keys(result).sort()).toEqual(["code", "keyId", "ownerId", "valid"]);
  });

  it("sees a revocation on the very next verify after a key.invalidate event", async () => {
    const key = await seedKey(prisma, account);
    const request = { callerAccountId: account.accountId, token: key.token };
    expect((await verifier.verify(request)).code).toBe("VALID");
    await prisma.apiKey.update({
      where: { id: key.id },
      data: { status: "REVOKED", revokedAt: clock.now() },
    });
    // Without an invalidation the cached record is still trusted.
    expect((await verifier.verify(request)).code).toBe("VALID");
    bus.publish("key.invalidate", { keyIds: [key.id] });
    expect((await verifier.verify(request)).code).toBe("REVOKED");
    expect(verifier.counters.sqlQueries).toBe(2);
  });

  it("sees a revocation on the very next verify after invalidate()", async () => {
    const key = await seedKey(prisma, account);
    const request = { callerAccountId: account.accountId, token: key.token };
    expect((await verifier.verify(request)).code).toBe("VALID");
    await prisma.apiKey.update({ where: { id: key.id }, data: { lockedAt: clock.now() } });
    verifier.invalidate([key.id]);
    expect((await verifier.verify(request)).code).toBe("REVOKED");
  });

  it("does not cache a record read before an invalidation that raced with it", async () => {
    const key = await seedKey(prisma, account);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let markRead: () => void = () => {};
    const read = new Promise<void>((resolve) => {
      markRead = resolve;
    });
    // Reads the row at once, then holds the answer until the test releases it.
    const slowPrisma = {
      $queryRawUnsafe: ((...args: Parameters<PrismaClient["$queryRawUnsafe"]>) =>
        prisma.$queryRawUnsafe(...args).then((rows) => {
          markRead();
          return gate.then(() => rows);
        })) as unknown as PrismaClient["$queryRawUnsafe"],
    };
    const racing = createVerifier({
      prisma: slowPrisma,
      clock,
      cache,
      rateLimiter: createMemoryKeyRateLimiter(),
      activity: { record: () => true },
      events: bus,
    });
    const request = { callerAccountId: account.accountId, token: key.token };
    const inFlight = racing.verify(request);
    await read;
    // The row is read (ACTIVE) before the revocation commits and is published.
    await prisma.apiKey.update({ where: { id: key.id }, data: { status: "REVOKED" } });
    racing.invalidate([key.id]);
    release();
    expect((await inFlight).code).toBe("VALID");
    expect((await racing.verify(request)).code).toBe("REVOKED");
    expect(racing.counters.sqlQueries).toBe(2);
    racing.close();
  });

  it("authenticates a bearer key as its own account's principal", async () => {
    const key = await seedKey(prisma, account, { scopes: ["keys:verify"] });
    const ok = await verifier.authenticate({ token: key.token, scope: "keys:verify", kind: "VERIFY" });
    expect(ok).toMatchObject({ accountId: account.accountId, result: { valid: true, keyId: key.id } });
    expect(activity[0]).toMatchObject({
      accountId: account.accountId,
      action: "verify.caller",
      result: "VALID",
    });
    const denied = await verifier.authenticate({
      token: key.token,
      scope: "mcp:call",
      kind: "GRAPHQL_BEARER",
    });
    expect(denied).toEqual({
      accountId: account.accountId,
      result: { valid: false, code: "FORBIDDEN", keyId: key.id, ownerId: account.ownerId },
    });
    expect(failures[0]).toMatchObject({
      kind: "GRAPHQL_BEARER",
      code: "FORBIDDEN",
      accountId: account.accountId,
    });
    const unknown = await verifier.authenticate({
      token: generateToken("DEVELOPMENT").token,
      kind: "GRAPHQL_BEARER",
    });
    expect(unknown).toEqual({ accountId: null, result: { valid: false, code: "NOT_FOUND" } });
    expect(activity).toHaveLength(2);
  });

  it("records the permission and scope each request asked for, granted or not", async () => {
    const key = await seedKey(prisma, account, { permissions: ["ADMIN"], scopes: ["runs:write"] });
    const ask = (permission?: "READ" | "ADMIN" | "EXECUTE", scope?: string) =>
      verifier.verify({ callerAccountId: account.accountId, token: key.token, permission, scope });
    expect((await ask("READ", "runs:write")).code).toBe("VALID");
    expect((await ask(undefined, "mcp:call")).code).toBe("FORBIDDEN");
    expect((await ask()).code).toBe("VALID");
    expect(activity.map((event) => [event.result, event.permission, event.scope])).toEqual([
      ["VALID", "READ", "runs:write"],
      ["FORBIDDEN", null, "mcp:call"],
      ["VALID", null, null],
    ]);
  });

  it("stores every verification through the batched writer", async () => {
    const writer = createActivityWriter({ prisma, flushIntervalMs: 60_000 });
    const writing = createVerifier({
      prisma,
      clock,
      cache: createKeyRecordCache({ clock }),
      rateLimiter: createMemoryKeyRateLimiter(),
      activity: writer,
      events: bus,
    });
    const key = await seedKey(prisma, account, { permissions: ["READ"] });
    for (let round = 0; round < 20; round++) {
      await writing.verify({ callerAccountId: account.accountId, token: key.token, ip: "198.51.100.1" });
    }
    await writing.verify({ callerAccountId: account.accountId, token: key.token, permission: "ADMIN" });
    await writing.verify({ callerAccountId: account.accountId, token: generateToken("PRODUCTION").token });
    await writer.close();
    writing.close();
    expect(writer.stats()).toMatchObject({ flushed: 22, batches: 1, dropped: 0, buffered: 0 });
    expect(await prisma.keyEvent.count({ where: { apiKeyId: key.id } })).toBe(21);
    expect(
      await prisma.keyEvent.count({ where: { accountId: account.accountId, apiKeyId: null } }),
    ).toBeGreaterThan(0);
    const rollups = await prisma.usageRollup.findMany({
      where: { apiKeyId: key.id },
      orderBy: { result: "asc" },
    });
    expect(rollups.map((rollup) => [rollup.result, rollup.count, rollup.minute.toISOString()])).toEqual([
      ["FORBIDDEN", 1, "2026-03-01T12:00:00.000Z"],
      ["VALID", 20, "2026-03-01T12:00:00.000Z"],
    ]);
    const asked = await prisma.keyEvent.findMany({ where: { apiKeyId: key.id, permission: { not: null } } });
    expect(asked.map((event) => [event.result, event.permission])).toEqual([["FORBIDDEN", "ADMIN"]]);
    const stored = await prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(stored.lastUsedAt?.toISOString()).toBe("2026-03-01T12:00:00.000Z");
    expect(stored.lastUsedIp).toBe("198.51.100.1");
  });
});
