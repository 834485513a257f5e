import { type SeededAccount, testEngines, testRedisUrl } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphqlWithCookie, seedPeople, signInOverHttp } from "./support/identity-fixtures.ts";
import { postVerify, profileOf, seedApiKey } from "./support/key-seeds.ts";
import { openLiveClient, startedSubscriptions } from "./support/live-client.ts";
import {
  AUTH_FAILURES,
  createKeyOverHttp,
  globalId,
  KEY_ACTIVITY,
  KEY_UPDATES,
  listen,
  REQUEST_UPDATES,
  revokeKeyOverHttp,
  USER_UPDATES,
} from "./support/live-fixtures.ts";
import { type OwnRedis, startOwnRedis } from "./support/redis-server.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";
import { waitFor } from "./support/wait-for.ts";

const redisUrl = testRedisUrl();
const bothServices = testEngines().includes("postgres") && redisUrl !== undefined;

const REQUEST_KEY = `mutation ($input: RequestApiKeyInput!) {
  requestApiKey(input: $input) { __typename ... on KeyRequestPayload { apiKey { id } } ... on KeywardError { code } }
}`;
const APPROVE = `mutation ($id: ID!) {
  approveKeyRequest(input: { id: $id }) { __typename ... on KeywardError { code } }
}`;
const SET_ROLE = `mutation ($input: SetUserRoleInput!) {
  setUserRole(input: $input) { __typename ... on KeywardError { code } }
}`;
const SIGN_OUT = `mutation { signOut { __typename } }`;

describe.runIf(bothServices)("two instances on one PostgreSQL and one Redis [postgres] [redis]", () => {
  let a: TestServer;
  let b: TestServer;
  let one: SeededAccount;
  let two: SeededAccount;
  const cookies: Record<string, string> = {};
  const clients: Array<ReturnType<typeof openLiveClient>> = [];
  let gatewayOne: { id: string; token: string };
  let gatewayTwo: { id: string; token: string };

  /** A graphql-ws client on an instance, closed after the suite. */
  const clientOn = (server: TestServer, options: Parameters<typeof openLiveClient>[1]) => {
    const client = openLiveClient(server.url, options);
    clients.push(client);
    return client;
  };
  const person = (account: SeededAccount, name: string) => profileOf(account, name);
  const keyOf = (
    account: SeededAccount,
    owner: string,
    options: Parameters<typeof seedApiKey>[2] | object = {},
  ) => seedApiKey(a.app.database.prisma, account, { ownerId: person(account, owner).id, ...options });

  beforeAll(async () => {
    a = await startTestServer("postgres", { env: { REDIS_URL: redisUrl ?? "" } });
    b = await startTestServer("postgres", {
      databaseUrl: a.database?.url,
      env: { REDIS_URL: redisUrl ?? "" },
    });
    const prisma = a.app.database.prisma;
    one = await seedPeople(prisma, {
      admin: "SUPER_ADMIN",
      billing: "BILLING_ADMIN",
      alice: "USER",
      bob: "USER",
      dave: "USER",
      gateway: "USER",
    });
    two = await seedPeople(prisma, { admin: "SUPER_ADMIN", carol: "USER", gateway: "USER" });
    // Sessions are rows in the shared database: signed in on one instance, valid on both.
    for (const [account, prefix, names] of [
      [one, "", ["admin", "billing", "alice", "bob", "dave"]],
      [two, "two.", ["admin", "carol"]],
    ] as const) {
      for (const name of names) {
        const signedIn = await signInOverHttp(
          name === "alice" ? b.url : a.url,
          person(account, name).email ?? "",
        );
        if (!signedIn.cookie) throw new Error(`sign-in failed for ${name}`);
        cookies[`${prefix}${name}`] = signedIn.cookie;
      }
    }
    gatewayOne = await keyOf(one, "gateway", { scopes: ["keys:verify"] });
    gatewayTwo = await keyOf(two, "gateway", { scopes: ["keys:verify"] });
  });

  afterAll(async () => {
    for (const client of clients) await client.dispose();
    // b first: a owns the database and drops it.
    await b?.close();
    await a?.close();
  });

  it("delivers an event published on A to a graphql-ws subscriber on B", async () => {
    const admin = clientOn(b, { cookie: cookies.admin });
    const updates = await listen(b.app, admin, KEY_UPDATES);
    const created = await createKeyOverHttp(a.url, cookies.alice ?? "", "made on A");
    expect(await updates.take(1)).toEqual([
      {
        apiKeyUpdates: { change: "CREATED", status: "ACTIVE", keyId: created.id, key: { name: "made on A" } },
      },
    ]);
    updates.stop();
  });

  it("fails a key revoked on A on B within 100 ms (verify over HTTP)", async () => {
    const key = await keyOf(one, "alice");
    // B has the key cached as valid.
    expect((await postVerify(b.url, gatewayOne.token, { key: key.token })).body.code).toBe("VALID");
    expect((await postVerify(b.url, gatewayOne.token, { key: key.token })).body.code).toBe("VALID");
    await revokeKeyOverHttp(a.url, cookies.admin ?? "", globalId("ApiKey", key.id));
    const revokedAt = performance.now();
    let code: string | undefined;
    do code = (await postVerify(b.url, gatewayOne.token, { key: key.token })).body.code;
    while (code === "VALID" && performance.now() - revokedAt < 1_000);
    const propagationMs = performance.now() - revokedAt;
    expect(code).toBe("REVOKED");
    // DESIGN §6: a revoked key must fail on every instance within 100 ms.
    expect(propagationMs).toBeLessThan(100);
  });

  it("shares per-key rate limits: uses on A and on B count against one budget", async () => {
    const key = await keyOf(one, "alice", { rateLimitPerMinute: 3 });
    const codes = [];
    for (const server of [a, b, a, b]) {
      codes.push((await postVerify(server.url, gatewayOne.token, { key: key.token })).body.code);
    }
    expect(codes).toEqual(["VALID", "VALID", "VALID", "RATE_LIMITED"]);
  });

  it("keyActivity: auditors see their account's uses, a Console user only their own keys', another account nothing", async () => {
    const aliceKey = await keyOf(one, "alice");
    const bobKey = await keyOf(one, "bob");
    const carolKey = await keyOf(two, "carol");
    // Uses from earlier tests are written (and published) before anyone listens.
    await Promise.all([a.app.verification.activity.flush(), b.app.verification.activity.flush()]);
    const billing = await listen(b.app, clientOn(b, { cookie: cookies.billing }), KEY_ACTIVITY);
    const alice = await listen(b.app, clientOn(b, { cookie: cookies.alice }), KEY_ACTIVITY);
    const otherAdmin = await listen(b.app, clientOn(b, { cookie: cookies["two.admin"] }), KEY_ACTIVITY);

    // Uses on A, published by A's activity writer once stored, in this order.
    await postVerify(a.url, gatewayOne.token, { key: aliceKey.token });
    await postVerify(a.url, gatewayOne.token, { key: bobKey.token });
    await postVerify(a.url, gatewayOne.token, { key: aliceKey.token, environment: "PRODUCTION" });
    await postVerify(a.url, gatewayTwo.token, { key: carolKey.token });
    await postVerify(a.url, gatewayOne.token, { key: bobKey.token });

    const use = (action: string, result: string, keyId: string) => ({
      keyActivity: { action, result, keyId: globalId("ApiKey", keyId) },
    });
    const caller = (gateway: { id: string }) => use("verify.caller", "VALID", gateway.id);
    // Account two's uses came before the last two: had any reached billing, they would show there.
    expect(await billing.take(8)).toEqual([
      caller(gatewayOne),
      use("verify", "VALID", aliceKey.id),
      caller(gatewayOne),
      use("verify", "VALID", bobKey.id),
      caller(gatewayOne),
      use("verify", "ENVIRONMENT_MISMATCH", aliceKey.id),
      caller(gatewayOne),
      use("verify", "VALID", bobKey.id),
    ]);
    expect(await alice.take(2)).toEqual([
      use("verify", "VALID", aliceKey.id),
      use("verify", "ENVIRONMENT_MISMATCH", aliceKey.id),
    ]);
    // Account one's uses came first: had any reached account two's admin, they would come first.
    expect(await otherAdmin.take(2)).toEqual([caller(gatewayTwo), use("verify", "VALID", carolKey.id)]);
    for (const subscription of [billing, alice, otherAdmin]) subscription.stop();
  });

  it("authFailures: a key's failures reach its owner and the account's auditors on the other instance", async () => {
    const revoked = await keyOf(one, "alice", { status: "REVOKED" });
    const bobKey = await keyOf(one, "bob");
    await Promise.all([a.app.verification.activity.flush(), b.app.verification.activity.flush()]);
    const billing = await listen(b.app, clientOn(b, { cookie: cookies.billing }), AUTH_FAILURES);
    const alice = await listen(b.app, clientOn(b, { cookie: cookies.alice }), AUTH_FAILURES);
    await postVerify(a.url, gatewayOne.token, { key: bobKey.token, environment: "STAGING" });
    await postVerify(a.url, gatewayOne.token, { key: revoked.token });
    const failure = (code: string, keyId: string) => ({
      authFailures: { kind: "VERIFY", code, keyId: globalId("ApiKey", keyId) },
    });
    expect(await billing.take(2)).toEqual([
      failure("ENVIRONMENT_MISMATCH", bobKey.id),
      failure("REVOKED", revoked.id),
    ]);
    expect(await alice.take(1)).toEqual([failure("REVOKED", revoked.id)]);
    billing.stop();
    alice.stop();
  });

  it("keyRequestUpdates: reviewers see the queue move, a requester their own requests", async () => {
    const tool = await a.app.database.prisma.tool.create({
      data: { accountId: one.accountId, slug: "gated-llm", displayName: "Gated LLM", requiresApproval: true },
    });
    const reviewer = await listen(b.app, clientOn(b, { cookie: cookies.admin }), REQUEST_UPDATES);
    const alice = await listen(b.app, clientOn(b, { cookie: cookies.alice }), REQUEST_UPDATES);
    const bob = await listen(b.app, clientOn(b, { cookie: cookies.bob }), REQUEST_UPDATES);
    const request = async (who: string) => {
      const { body } = await graphqlWithCookie(a.url, cookies[who] ?? "", REQUEST_KEY, {
        input: { toolId: globalId("Tool", tool.id), environment: "PRODUCTION", purpose: "live updates test" },
      });
      const payload = body.data?.requestApiKey as { apiKey?: { id: string } } | undefined;
      if (!payload?.apiKey) throw new Error(JSON.stringify(body));
      return payload.apiKey.id;
    };
    const alices = await request("alice");
    const bobs = await request("bob");
    const { body } = await graphqlWithCookie(a.url, cookies.admin ?? "", APPROVE, { id: alices });
    expect(body.data?.approveKeyRequest).toEqual({ __typename: "KeyRequestReviewPayload" });

    const update = (change: string, status: string, keyId: string) => ({
      keyRequestUpdates: { change, status, keyId },
    });
    expect(await reviewer.take(3)).toEqual([
      update("REQUESTED", "PENDING", alices),
      update("REQUESTED", "PENDING", bobs),
      update("APPROVED", "APPROVED", alices),
    ]);
    expect(await alice.take(2)).toEqual([
      update("REQUESTED", "PENDING", alices),
      update("APPROVED", "APPROVED", alices),
    ]);
    // Bob's own request is the first thing he hears of: Alice's went unheard.
    expect(await bob.take(1)).toEqual([update("REQUESTED", "PENDING", bobs)]);
    for (const subscription of [reviewer, alice, bob]) subscription.stop();
  });

  it("userUpdates: a role change on A reaches people admins on B and closes the person's socket there", async () => {
    const admin = await listen(b.app, clientOn(b, { cookie: cookies.admin }), USER_UPDATES);
    const billingClient = clientOn(b, { cookie: cookies.billing });
    const refused = billingClient.subscribe(USER_UPDATES);
    await waitFor(() => refused.errors.length > 0, "billing_admin to be refused userUpdates");
    const daveClient = clientOn(b, { cookie: cookies.dave });
    await listen(b.app, daveClient, KEY_UPDATES);
    const dave = person(one, "dave");
    const { body } = await graphqlWithCookie(a.url, cookies.admin ?? "", SET_ROLE, {
      input: { userId: globalId("Profile", dave.id), role: "MODEL_ADMIN" },
    });
    expect(body.data?.setUserRole).toEqual({ __typename: "ProfilePayload" });
    expect(await admin.take(1)).toEqual([
      {
        userUpdates: {
          change: "ROLE_CHANGED",
          role: "MODEL_ADMIN",
          status: "ACTIVE",
          profileId: globalId("Profile", dave.id),
        },
      },
    ]);
    await waitFor(() => daveClient.closed() !== null, "Dave's socket to close");
    expect(daveClient.closed()?.code).toBe(4403);
    admin.stop();
  });

  it("closes a socket on B when its session signs out on A", async () => {
    const session = await signInOverHttp(a.url, person(one, "alice").email ?? "");
    const client = clientOn(b, { cookie: session.cookie });
    await listen(b.app, client, KEY_UPDATES);
    const { body } = await graphqlWithCookie(a.url, session.cookie, SIGN_OUT);
    expect(body.data?.signOut).toEqual({ __typename: "SignOutPayload" });
    await waitFor(() => client.closed() !== null, "the socket to close");
    expect(client.closed()?.code).toBe(4403);
    // The signed-out cookie no longer opens a socket.
    const again = clientOn(b, { cookie: session.cookie });
    const refused = again.subscribe(KEY_UPDATES);
    await waitFor(() => again.closed() !== null || refused.errors.length > 0, "the new socket to be refused");
    expect(again.closed()?.code).toBe(4403);
  });

  it("closes a socket on B authenticated by a bearer key revoked on A", async () => {
    const key = await keyOf(one, "alice", { permissions: ["READ"] });
    const client = clientOn(b, { authorization: `Bearer ${key.token}` });
    const updates = await listen(b.app, client, KEY_UPDATES);
    await revokeKeyOverHttp(a.url, cookies.admin ?? "", globalId("ApiKey", key.id));
    await waitFor(() => client.closed() !== null, "the socket to close");
    expect(client.closed()?.code).toBe(4403);
    expect(updates.completed || updates.errors.length > 0 || client.closed() !== null).toBe(true);
  });

  it("serves a subscription over SSE on B with events published on A", async () => {
    const controller = new AbortController();
    const running = await startedSubscriptions(b.app);
    const response = await fetch(`${b.url}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "text/event-stream",
        cookie: cookies.admin ?? "",
      },
      body: JSON.stringify({ query: KEY_UPDATES }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = response.body?.getReader();
    if (!reader) throw new Error("no body");
    await waitFor(async () => (await startedSubscriptions(b.app)) > running, "the SSE subscription to start");
    const created = await createKeyOverHttp(a.url, cookies.bob ?? "", "seen over SSE");
    let text = "";
    const decoder = new TextDecoder();
    while (!/event: next\ndata: .*\n/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    controller.abort();
    const data = /event: next\ndata: (.*)\n/.exec(text)?.[1] ?? "null";
    expect(JSON.parse(data)).toEqual({
      data: {
        apiKeyUpdates: {
          change: "CREATED",
          status: "ACTIVE",
          keyId: created.id,
          key: { name: "seen over SSE" },
        },
      },
    });
  });
});

describe.runIf(bothServices)("two instances through a Redis outage [postgres] [redis]", () => {
  let redis: OwnRedis;
  let a: TestServer;
  let b: TestServer;
  let account: SeededAccount;
  let admin: string;
  let gateway: { id: string; token: string };
  const clients: Array<ReturnType<typeof openLiveClient>> = [];

  beforeAll(async () => {
    redis = await startOwnRedis();
    a = await startTestServer("postgres", { env: { REDIS_URL: redis.url } });
    b = await startTestServer("postgres", { databaseUrl: a.database?.url, env: { REDIS_URL: redis.url } });
    account = await seedPeople(a.app.database.prisma, { admin: "SUPER_ADMIN", gateway: "USER" });
    admin = (await signInOverHttp(a.url, profileOf(account, "admin").email ?? "")).cookie;
    gateway = await seedApiKey(a.app.database.prisma, account, {
      ownerId: profileOf(account, "gateway").id,
      scopes: ["keys:verify"],
    });
  });

  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await b?.close();
    await a?.close();
    await redis?.close();
  });

  it("counts failed sign-ins on every instance against one budget", async () => {
    const email = profileOf(account, "gateway").email ?? "";
    // 10 failures per email and address in 15 minutes, wherever they land.
    for (let attempt = 0; attempt < 10; attempt++) {
      const server = attempt % 2 === 0 ? a : b;
      const refused = await signInOverHttp(server.url, email, "not the password");
      expect(refused.payload).toMatchObject({ code: "INVALID_CREDENTIALS" });
    }
    const limited = await signInOverHttp(b.url, email);
    expect(limited.payload).toMatchObject({ code: "RATE_LIMITED" });
  });

  it("keeps both instances serving while Redis is down, and events resume when it returns", async () => {
    const onA = openLiveClient(a.url, { cookie: admin });
    const onB = openLiveClient(b.url, { cookie: admin });
    clients.push(onA, onB);
    const updatesOnA = await listen(a.app, onA, KEY_UPDATES);
    const updatesOnB = await listen(b.app, onB, KEY_UPDATES);
    const key = await seedApiKey(a.app.database.prisma, account, {
      ownerId: profileOf(account, "admin").id,
      rateLimitPerMinute: 1_000,
    });

    await redis.stop();
    await waitFor(
      () => !a.app.events.stats().connected && !b.app.events.stats().connected,
      "both instances to notice the outage",
    );
    for (const server of [a, b]) {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const { body } = await graphqlWithCookie(server.url, admin, "{ viewer { role } }");
      expect(body).toEqual({ data: { viewer: { role: "SUPER_ADMIN" } } });
      // Verification (and its per-key rate limit) works without Redis.
      expect((await postVerify(server.url, gateway.token, { key: key.token })).body.code).toBe("VALID");
    }
    // An event published during the outage still reaches the publishing instance's subscribers.
    const duringOutage = await createKeyOverHttp(a.url, admin, "during the outage");
    expect((await updatesOnA.take(1))[0]).toMatchObject({ apiKeyUpdates: { keyId: duringOutage.id } });
    expect(a.app.events.stats().publishFailed).toBeGreaterThan(0);

    await redis.start();
    await waitFor(
      () => a.app.events.stats().connected && b.app.events.stats().connected,
      "both instances to reconnect",
    );
    const afterOutage = await createKeyOverHttp(a.url, admin, "after the outage");
    // B missed the outage's event; the first it hears of is the one published after Redis returned.
    expect((await updatesOnB.take(1))[0]).toMatchObject({ apiKeyUpdates: { keyId: afterOutage.id } });
    expect((await updatesOnA.take(2))[1]).toMatchObject({ apiKeyUpdates: { keyId: afterOutage.id } });
    expect([onA.closed(), onB.closed()]).toEqual([null, null]);
  });
});

describe.runIf(testEngines().includes("postgres"))(
  "instances starting together on an empty database [postgres]",
  () => {
    it("seed the configured admin once: the instances that lose the race start all the same", async () => {
      const first = await startTestServer("postgres");
      await first.app.stop();
      const url = first.database?.url;
      if (!url) throw new Error("no database url");
      await first.database?.sql.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
      const env = {
        KEYWARD_ADMIN_EMAIL: "root@example.test",
        KEYWARD_ADMIN_PASSWORD: "correct-horse-battery",
      };
      const instances = await Promise.all(
        [0, 1, 2].map(() => startTestServer("postgres", { databaseUrl: url, env })),
      );
      try {
        for (const instance of instances) expect((await fetch(`${instance.url}/readyz`)).status).toBe(200);
        expect(await instances[0]?.app.database.prisma.account.count()).toBe(1);
        expect(await instances[0]?.app.database.prisma.profile.count()).toBe(1);
      } finally {
        await Promise.all(instances.map((instance) => instance.close()));
        await first.database?.close();
      }
    });
  },
);
