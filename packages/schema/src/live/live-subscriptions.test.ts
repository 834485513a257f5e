import type { ExecutionResult } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveKeyRequest, requestApiKey } from "../approvals/index.ts";
import type { KeyActivityEvent } from "../events/index.ts";
import type { ApiKey } from "../generated/prisma/client.ts";
import type { Actor, Viewer } from "../identity/viewer.ts";
import { offboardUser } from "../keys/offboard-user.ts";
import { revokeApiKey } from "../keys/revoke-api-key.ts";
import {
  createSchemaHarness,
  createTestDatabase,
  errorCodesOf,
  keyViewer,
  type SchemaHarness,
  type SeededAccount,
  seedAccount,
  seedKey,
  sessionViewer,
  type TestDatabase,
  testEngines,
} from "../test-support/index.ts";
import { createActivityWriter } from "../verification/activity-writer.ts";
import { createMemoryKeyRateLimiter } from "../verification/key-rate-limiter.ts";
import { createKeyRecordCache } from "../verification/key-record-cache.ts";
import { createVerifier } from "../verification/verifier.ts";

type Stream = AsyncGenerator<ExecutionResult>;

const ACTIVITY = `subscription ($filter: KeyActivityFilter) {
  keyActivity(filter: $filter) { keyId result action presentedHint success key { name } }
}`;
const FAILURES = `subscription { authFailures { kind code keyId email } }`;
const KEY_UPDATES = `subscription { apiKeyUpdates { change status keyId key { name status } } }`;
const REQUEST_UPDATES = `subscription { keyRequestUpdates { change status keyId key { name } } }`;
const USER_UPDATES = `subscription { userUpdates { change role status profile { displayName } } }`;

/** The next result, or a clear failure instead of a hang when nothing arrives. */
async function next(stream: Stream): Promise<IteratorResult<ExecutionResult>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error("no event arrived within 10 s")), 10_000);
  });
  try {
    return await Promise.race([stream.next(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The data of the next `count` events. */
async function take(stream: Stream, count: number): Promise<unknown[]> {
  const received: unknown[] = [];
  for (let index = 0; index < count; index++) {
    const result = await next(stream);
    if (result.done) throw new Error("the stream ended");
    expect(result.value.errors).toBeUndefined();
    received.push(result.value.data);
  }
  return received;
}

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString("base64");

describe.each(testEngines())("live subscriptions [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let a: SeededAccount;
  let b: SeededAccount;
  let aliceKey: { key: ApiKey; token: string };
  let bobKey: { key: ApiKey; token: string };
  let carolKey: { key: ApiKey; token: string };
  const streams: Stream[] = [];
  const viewer = (account: SeededAccount, name: string) => sessionViewer(account.profiles[name] as never);
  const actor = (account: SeededAccount, name: string): Actor => ({ ...viewer(account, name), ip: null });

  async function start(document: string, as: Viewer | null, variables?: Record<string, unknown>) {
    const result = await harness.subscribe(document, as, variables);
    if (!(Symbol.asyncIterator in result)) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
    streams.push(result);
    return result;
  }

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db);
    a = await seedAccount(db.prisma, {
      admin: "SUPER_ADMIN",
      people: "USER_ADMIN",
      billing: "BILLING_ADMIN",
      model: "MODEL_ADMIN",
      alice: "USER",
      bob: "USER",
    });
    b = await seedAccount(db.prisma, { admin: "SUPER_ADMIN", carol: "USER" });
    const seed = (account: SeededAccount, owner: string) =>
      seedKey(db.prisma, { accountId: account.accountId, ownerId: account.profiles[owner]?.id ?? "" });
    aliceKey = await seed(a, "alice");
    bobKey = await seed(a, "bob");
    carolKey = await seed(b, "carol");
  });

  afterAll(async () => {
    await Promise.all(streams.map((stream) => stream.return(undefined)));
    await db.close();
  });

  it("refuses anonymous subscribers and non-admins on admin-only topics", async () => {
    for (const document of [ACTIVITY, FAILURES, KEY_UPDATES, REQUEST_UPDATES, USER_UPDATES]) {
      const refused = (await harness.subscribe(document, null)) as ExecutionResult;
      expect(errorCodesOf(refused)).toEqual(["UNAUTHENTICATED"]);
    }
    for (const name of ["billing", "model", "alice"]) {
      const refused = (await harness.subscribe(USER_UPDATES, viewer(a, name))) as ExecutionResult;
      expect(errorCodesOf(refused)).toEqual(["FORBIDDEN"]);
    }
  });

  it("keyActivity: auditors see the account's activity, a person only their own keys', nobody another account's", async () => {
    const admin = await start(ACTIVITY, viewer(a, "admin"));
    const billing = await start(ACTIVITY, viewer(a, "billing"));
    const alice = await start(ACTIVITY, viewer(a, "alice"));
    const bob = await start(ACTIVITY, viewer(a, "bob"));
    const aliceBearer = await start(
      ACTIVITY,
      keyViewer(a.profiles.alice as never, { ...aliceKey.key, permissions: ["READ"] }),
    );
    const otherAdmin = await start(ACTIVITY, viewer(b, "admin"));
    const onlyRevoked = await start(ACTIVITY, viewer(a, "admin"), {
      filter: { keyId: globalId("ApiKey", bobKey.key.id), result: "REVOKED" },
    });

    // The real publisher: the activity writer publishes each event once its batch is stored.
    const writer = createActivityWriter({
      prisma: db.prisma,
      events: harness.events,
      flushIntervalMs: 60_000,
    });
    const use = (account: SeededAccount, key: ApiKey | null, result = "VALID"): KeyActivityEvent => ({
      accountId: account.accountId,
      keyId: key?.id ?? null,
      ownerId: key?.ownerId ?? null,
      presentedHint: key === null ? "kw_dev_abcd…123456" : null,
      workspaceId: null,
      module: null,
      action: "verify",
      result,
      ip: "10.0.0.1",
      occurredAt: new Date(),
    });
    for (const event of [
      use(a, aliceKey.key),
      use(a, bobKey.key, "REVOKED"),
      use(a, null, "NOT_FOUND"),
      use(b, carolKey.key),
      use(a, aliceKey.key, "IP_DENIED"),
      use(a, bobKey.key),
      use(b, carolKey.key, "EXPIRED"),
    ]) {
      writer.record(event);
    }
    await writer.close();

    const row = (key: ApiKey | null, result: string, name = "seeded key") => ({
      keyActivity: expect.objectContaining({
        keyId: key === null ? null : globalId("ApiKey", key.id),
        result,
        success: result === "VALID",
        key: key === null ? null : { name },
      }),
    });
    // Order is publication order: anything leaked would show up in place of the next expected event.
    const accountWide = [
      row(aliceKey.key, "VALID"),
      row(bobKey.key, "REVOKED"),
      row(null, "NOT_FOUND"),
      row(aliceKey.key, "IP_DENIED"),
      row(bobKey.key, "VALID"),
    ];
    expect(await take(admin, 5)).toEqual(accountWide);
    expect(await take(billing, 5)).toEqual(accountWide);
    expect(await take(alice, 2)).toEqual([row(aliceKey.key, "VALID"), row(aliceKey.key, "IP_DENIED")]);
    expect(await take(aliceBearer, 2)).toEqual([row(aliceKey.key, "VALID"), row(aliceKey.key, "IP_DENIED")]);
    expect(await take(bob, 2)).toEqual([row(bobKey.key, "REVOKED"), row(bobKey.key, "VALID")]);
    expect(await take(otherAdmin, 2)).toEqual([row(carolKey.key, "VALID"), row(carolKey.key, "EXPIRED")]);
    expect(await take(onlyRevoked, 1)).toEqual([row(bobKey.key, "REVOKED")]);
    // A marker the filter lets through: had any other event leaked, it would arrive first.
    harness.events.publish("key.activity", { ...use(a, bobKey.key, "REVOKED"), action: "marker" });
    expect(await take(onlyRevoked, 1)).toEqual([
      { keyActivity: expect.objectContaining({ action: "marker", result: "REVOKED" }) },
    ]);
  });

  it("authFailures: a key's failures reach its owner and auditors; failed sign-ins reach people admins", async () => {
    const people = await start(FAILURES, viewer(a, "people"));
    const billing = await start(FAILURES, viewer(a, "billing"));
    const bob = await start(FAILURES, viewer(a, "bob"));
    const otherAdmin = await start(FAILURES, viewer(b, "admin"));

    // The real publisher of key failures: the verifier.
    const revoked = await seedKey(db.prisma, {
      accountId: a.accountId,
      ownerId: a.profiles.alice?.id ?? "",
      status: "REVOKED",
    });
    const verifier = createVerifier({
      prisma: db.prisma,
      clock: harness.clock,
      cache: createKeyRecordCache(),
      rateLimiter: createMemoryKeyRateLimiter(),
      activity: { record: () => true },
      events: harness.events,
    });
    await verifier.verify({ token: revoked.token, callerAccountId: a.accountId });
    await verifier.verify({ token: carolKey.token, callerAccountId: a.accountId });
    // A failed sign-in (as identity's signIn publishes it) for bob.
    harness.events.publish("auth.failure", {
      accountId: a.accountId,
      kind: "SIGN_IN",
      code: "INVALID_CREDENTIALS",
      keyId: null,
      ownerId: a.profiles.bob?.id ?? null,
      presentedHint: null,
      email: a.profiles.bob?.email ?? null,
      ip: "10.0.0.9",
      occurredAt: new Date(),
    });
    await verifier.verify({ token: bobKey.token, callerAccountId: a.accountId, ip: "192.168.0.1" });

    const keyFailure = (key: ApiKey | null, code: string) => ({
      authFailures: {
        kind: "VERIFY",
        code,
        keyId: key === null ? null : globalId("ApiKey", key.id),
        email: null,
      },
    });
    const signIn = {
      authFailures: {
        kind: "SIGN_IN",
        code: "INVALID_CREDENTIALS",
        keyId: null,
        email: a.profiles.bob?.email,
      },
    };
    expect(await take(people, 4)).toEqual([
      keyFailure(revoked.key, "REVOKED"),
      keyFailure(null, "NOT_FOUND"),
      signIn,
      keyFailure(bobKey.key, "IP_DENIED"),
    ]);
    expect(await take(billing, 3)).toEqual([
      keyFailure(revoked.key, "REVOKED"),
      keyFailure(null, "NOT_FOUND"),
      keyFailure(bobKey.key, "IP_DENIED"),
    ]);
    expect(await take(bob, 2)).toEqual([signIn, keyFailure(bobKey.key, "IP_DENIED")]);
    // Carol's key presented at account A's gateway is A's NOT_FOUND: account B hears nothing of it,
    // so B's first event is its own (a marker published last).
    await verifier.verify({ token: "kw_dev_garbage", callerAccountId: b.accountId });
    verifier.close();
    expect(await take(otherAdmin, 1)).toEqual([keyFailure(null, "NOT_FOUND")]);
  });

  it("apiKeyUpdates and userUpdates: the leaver flow reaches the right people only", async () => {
    const dave = await db.prisma.profile.create({
      data: { accountId: a.accountId, displayName: "Dave", email: `dave-${engine}@a.test`, role: "USER" },
    });
    const daveKey = await seedKey(db.prisma, { accountId: a.accountId, ownerId: dave.id });
    const adminKeys = await start(KEY_UPDATES, viewer(a, "admin"));
    const daveKeys = await start(KEY_UPDATES, sessionViewer(dave));
    const aliceKeys = await start(KEY_UPDATES, viewer(a, "alice"));
    const otherKeys = await start(KEY_UPDATES, viewer(b, "admin"));
    const peopleUsers = await start(USER_UPDATES, viewer(a, "people"));
    const otherUsers = await start(USER_UPDATES, viewer(b, "admin"));

    const deps = { prisma: db.prisma, clock: harness.clock, events: harness.events };
    await offboardUser(deps, actor(a, "admin"), dave.id, "left the company");
    await revokeApiKey(deps, actor(a, "admin"), aliceKey.key.id, { cause: "LEAKED" });
    await revokeApiKey(deps, actor(b, "admin"), carolKey.key.id, {});

    const update = (key: ApiKey) => ({
      apiKeyUpdates: {
        change: "REVOKED",
        status: "REVOKED",
        keyId: globalId("ApiKey", key.id),
        key: { name: key.name, status: "REVOKED" },
      },
    });
    expect(await take(adminKeys, 2)).toEqual([update(daveKey.key), update(aliceKey.key)]);
    expect(await take(aliceKeys, 1)).toEqual([update(aliceKey.key)]);
    expect(await take(otherKeys, 1)).toEqual([update(carolKey.key)]);
    expect(await take(peopleUsers, 1)).toEqual([
      {
        userUpdates: {
          change: "OFFBOARDED",
          role: "USER",
          status: "INACTIVE",
          profile: { displayName: "Dave" },
        },
      },
    ]);
    // Dave's own stream ended with his sessions: what was still buffered for him is not sent.
    expect((await next(daveKeys)).done).toBe(true);
    // Account B's people admin hears nothing of A: its first event is B's own (a marker published last).
    harness.events.publish("user.changed", {
      accountId: b.accountId,
      profileId: b.profiles.carol?.id ?? "",
      role: "USER",
      status: "ACTIVE",
      change: "MARKER",
    });
    expect(await take(otherUsers, 1)).toEqual([
      {
        userUpdates: { change: "MARKER", role: "USER", status: "ACTIVE", profile: { displayName: "carol" } },
      },
    ]);
  });

  it("keyRequestUpdates: reviewers see the queue, a requester their own requests", async () => {
    const reviewer = await start(REQUEST_UPDATES, viewer(a, "people"));
    const alice = await start(REQUEST_UPDATES, viewer(a, "alice"));
    const bob = await start(REQUEST_UPDATES, viewer(a, "bob"));
    const otherAdmin = await start(REQUEST_UPDATES, viewer(b, "admin"));
    const gated = async (account: SeededAccount) =>
      db.prisma.tool.create({
        data: {
          accountId: account.accountId,
          slug: `gated-${engine}`,
          displayName: "Gated",
          requiresApproval: true,
        },
      });
    const [toolA, toolB] = [await gated(a), await gated(b)];
    // The real publishers: the approvals services.
    const deps = { prisma: db.prisma, clock: harness.clock, events: harness.events };
    const request = async (account: SeededAccount, who: string, toolId: string) =>
      (await requestApiKey(deps, actor(account, who), { toolId, environment: "PRODUCTION", purpose: "live" }))
        .key;
    const alices = await request(a, "alice", toolA.id);
    const bobs = await request(a, "bob", toolA.id);
    const carols = await request(b, "carol", toolB.id);
    await approveKeyRequest(deps, actor(a, "admin"), alices.id);

    const row = (key: ApiKey, change: string, status: string) => ({
      keyRequestUpdates: { change, status, keyId: globalId("ApiKey", key.id), key: { name: key.name } },
    });
    expect(await take(reviewer, 3)).toEqual([
      row(alices, "REQUESTED", "PENDING"),
      row(bobs, "REQUESTED", "PENDING"),
      row(alices, "APPROVED", "APPROVED"),
    ]);
    expect(await take(alice, 2)).toEqual([
      row(alices, "REQUESTED", "PENDING"),
      row(alices, "APPROVED", "APPROVED"),
    ]);
    // Bob's own request is the first he hears of; Alice's approval, published last, never reaches him.
    expect(await take(bob, 1)).toEqual([row(bobs, "REQUESTED", "PENDING")]);
    harness.events.publish("keyRequest.changed", {
      accountId: a.accountId,
      keyId: bobs.id,
      requesterId: bobs.ownerId,
      status: "PENDING",
      change: "MARKER",
    });
    expect(await take(bob, 1)).toEqual([row(bobs, "MARKER", "PENDING")]);
    expect(await take(otherAdmin, 1)).toEqual([row(carols, "REQUESTED", "PENDING")]);
  });

  it("ends a subscription when its session ends or its bearer key is revoked", async () => {
    const session = viewer(a, "bob");
    const bySession = await start(KEY_UPDATES, session);
    harness.events.publish("principal.ended", {
      sessionIds: [session.sessionId ?? ""],
      keyIds: [],
      profileIds: [],
    });
    expect((await next(bySession)).done).toBe(true);

    const bearer = keyViewer(a.profiles.bob as never, { ...bobKey.key, permissions: ["READ"] });
    const byKey = await start(ACTIVITY, bearer);
    await revokeApiKey(
      { prisma: db.prisma, clock: harness.clock, events: harness.events },
      actor(a, "admin"),
      bobKey.key.id,
      {},
    );
    expect((await next(byKey)).done).toBe(true);
  });
});
