import { toGlobalId } from "graphql-relay";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Profile } from "../generated/prisma/client.ts";
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
import { startTestReceiver } from "./test-receiver.ts";
import { createWebhookDispatcher } from "./webhook-dispatcher.ts";
import { openWebhookSecret, webhookSecretBox } from "./webhook-secrets.ts";
import { verifyWebhookSignature } from "./webhook-signature.ts";
import { subscribeWebhookEvents, type WebhookSubscriber } from "./webhook-subscriber.ts";

const SERVER_SECRET = "test-secret-test-secret-test-secret-0123";

const createEndpoint = `mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    __typename
    ... on CreatedWebhookEndpoint { secret endpoint { id url events active } }
    ... on KeywardError { code message }
  }
}`;
const deleteEndpoint = `mutation($id: ID!) {
  deleteWebhookEndpoint(input: { id: $id }) {
    __typename
    ... on DeletedWebhookEndpoint { deletedId }
    ... on KeywardError { code }
  }
}`;
const deliveriesQuery = `query($id: ID!) {
  webhookDeliveries(endpointId: $id, first: 10) {
    edges { node { id event status attempts lastError responseStatus deliveredAt nextAttemptAt payload } }
  }
}`;

describe.each(testEngines())("webhooks [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let seeded: SeededAccount;
  let foreign: SeededAccount;
  let admin: Profile;
  let subscriber: WebhookSubscriber;
  const receivers: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db, new Date("2026-04-01T10:00:00Z"));
    seeded = await seedAccount(db.prisma, { admin: "SUPER_ADMIN", billing: "BILLING_ADMIN", user: "USER" });
    foreign = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
    admin = seeded.profiles.admin!;
    subscriber = subscribeWebhookEvents({ prisma: db.prisma, clock: harness.clock, events: harness.events });
  });
  afterEach(async () => {
    // Each test starts without endpoints (deliveries cascade).
    await db.prisma.webhookEndpoint.deleteMany({});
    for (const receiver of receivers.splice(0)) await receiver.close();
  });
  afterAll(async () => {
    await subscriber.stop();
    await db.close();
  });

  async function endpointFor(url: string, events: string[] = [], viewer = admin) {
    const result = await harness.run(createEndpoint, sessionViewer(viewer), { input: { url, events } });
    expect(result.errors).toBeUndefined();
    const created = result.data?.createWebhookEndpoint as {
      __typename: string;
      secret: string;
      endpoint: { id: string; url: string; events: string[] };
    };
    expect(created.__typename).toBe("CreatedWebhookEndpoint");
    return created;
  }

  async function receiver(status: (requestNumber: number) => number) {
    const started = await startTestReceiver(status);
    receivers.push(started);
    return started;
  }

  const dispatcher = (options: { maxAttempts?: number; batchSize?: number } = {}) =>
    createWebhookDispatcher({
      prisma: db.prisma,
      clock: harness.clock,
      secret: SERVER_SECRET,
      backoffBaseMs: 1_000,
      timeoutMs: 5_000,
      ...options,
    });

  const revoke = (keyId: string) =>
    harness.run(
      `mutation($id: ID!) { revokeApiKey(input: { id: $id, cause: MANUAL }) { __typename } }`,
      sessionViewer(admin),
      { id: toGlobalId("ApiKey", keyId) },
    );

  const pendingFor = (endpointGlobalId: string) =>
    vi
      .waitFor(
        async () => {
          const rows = await db.prisma.webhookDelivery.findMany({
            where: { endpoint: { accountId: seeded.accountId } },
          });
          expect(rows.length).toBeGreaterThan(0);
          return rows;
        },
        { timeout: 5_000 },
      )
      .then((rows) =>
        rows.filter((row) => toGlobalId("WebhookEndpoint", row.endpointId) === endpointGlobalId),
      );

  it("returns the signing secret once and stores it sealed", async () => {
    const created = await endpointFor("https://hooks.example.test/keyward?token=abc", [
      "key.revoked",
      "key.created",
    ]);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.endpoint.events).toEqual(["key.created", "key.revoked"]);
    const stored = await db.prisma.webhookEndpoint.findFirstOrThrow({
      where: { accountId: seeded.accountId },
    });
    expect(stored.secret).not.toContain(created.secret);
    expect(openWebhookSecret(webhookSecretBox(SERVER_SECRET), stored.id, stored.secret)).toBe(created.secret);
    const secretField = await harness.run(
      `{ webhookEndpoints { edges { node { secret } } } }`,
      sessionViewer(admin),
    );
    expect(secretField.errors?.[0]?.message).toMatch(/(Cannot query|Unknown) field "?secret"?/);
    const listed = await harness.run(
      `{ webhookEndpoints { edges { node { id url } } } }`,
      sessionViewer(admin),
    );
    expect(listed.data?.webhookEndpoints).toEqual({
      edges: [{ node: { id: created.endpoint.id, url: "https://hooks.example.test/keyward?token=abc" } }],
    });
    const audited = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "webhook.created" } });
    expect(audited.data).toEqual({ host: "hooks.example.test", events: ["key.created", "key.revoked"] });
  });

  it.each([
    ["not a url", []],
    ["ftp://hooks.example.test/x", []],
    ["https://user:pass@hooks.example.test/x", []],
    ["https://hooks.example.test/x", ["key.exploded"]],
  ])("refuses %s %o", async (url, events) => {
    const result = await harness.run(createEndpoint, sessionViewer(admin), { input: { url, events } });
    expect(result.data?.createWebhookEndpoint).toMatchObject({
      __typename: "KeywardError",
      code: "VALIDATION_FAILED",
    });
  });

  it("refuses users, billing_admin, keys without ADMIN and anonymous callers", async () => {
    const { endpoint } = await endpointFor("https://hooks.example.test/a");
    const key = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: admin.id,
      permissions: ["READ", "WRITE"],
    });
    const callers = [
      sessionViewer(seeded.profiles.user!),
      sessionViewer(seeded.profiles.billing!),
      keyViewer(admin, key.key),
    ];
    for (const viewer of callers) {
      const create = await harness.run(createEndpoint, viewer, { input: { url: "https://x.example.test" } });
      expect(errorCodesOf(create)).toEqual(["FORBIDDEN"]);
      expect(errorCodesOf(await harness.run(deleteEndpoint, viewer, { id: endpoint.id }))).toEqual([
        "FORBIDDEN",
      ]);
      expect(
        errorCodesOf(await harness.run(`{ webhookEndpoints { edges { node { id } } } }`, viewer)),
      ).toEqual(["FORBIDDEN"]);
      expect(errorCodesOf(await harness.run(deliveriesQuery, viewer, { id: endpoint.id }))).toEqual([
        "FORBIDDEN",
      ]);
    }
    const anonymous = await harness.run(createEndpoint, null, { input: { url: "https://x.example.test" } });
    expect(errorCodesOf(anonymous)).toEqual(["UNAUTHENTICATED"]);
    await db.prisma.apiKey.delete({ where: { id: key.key.id } });
  });

  it("answers another account's endpoint and deliveries as not found", async () => {
    const { endpoint } = await endpointFor("https://hooks.example.test/b");
    const other = sessionViewer(foreign.profiles.admin!);
    expect(
      (await harness.run(deleteEndpoint, other, { id: endpoint.id })).data?.deleteWebhookEndpoint,
    ).toEqual({
      __typename: "KeywardError",
      code: "NOT_FOUND",
    });
    expect((await harness.run(deliveriesQuery, other, { id: endpoint.id })).data).toEqual({
      webhookDeliveries: null,
    });
    expect(
      (await harness.run(`query($id: ID!) { node(id: $id) { id } }`, other, { id: endpoint.id })).data,
    ).toEqual({
      node: null,
    });
    expect((await harness.run(`{ webhookEndpoints { edges { node { id } } } }`, other)).data).toEqual({
      webhookEndpoints: { edges: [] },
    });
    expect(await db.prisma.webhookEndpoint.count()).toBe(1);
    const own = await harness.run(deleteEndpoint, sessionViewer(admin), { id: endpoint.id });
    expect(own.data?.deleteWebhookEndpoint).toEqual({
      __typename: "DeletedWebhookEndpoint",
      deletedId: endpoint.id,
    });
    expect(await db.prisma.webhookEndpoint.count()).toBe(0);
  });

  it("signs deliveries, retries with backoff against a failing receiver, and logs every attempt", async () => {
    const hooks = await receiver((n) => (n <= 2 ? 500 : 200));
    const { endpoint, secret } = await endpointFor(hooks.url);
    const { key } = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: seeded.profiles.user!.id,
    });
    expect((await revoke(key.id)).data?.revokeApiKey).toEqual({ __typename: "ApiKeyPayload" });
    const [delivery] = await pendingFor(endpoint.id);
    expect(delivery).toMatchObject({ event: "key.revoked", status: "PENDING", attempts: 0 });

    const worker = dispatcher();
    expect(await worker.runOnce()).toBe(1);
    let row = await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } });
    expect(row).toMatchObject({ status: "PENDING", attempts: 1, responseStatus: 500, lastError: "HTTP 500" });
    expect(row.nextAttemptAt.getTime() - harness.clock.now().getTime()).toBe(1_000);
    // Not due yet: nothing is sent.
    expect(await worker.runOnce()).toBe(0);
    harness.clock.advance(1_000);
    expect(await worker.runOnce()).toBe(1);
    row = await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } });
    expect(row).toMatchObject({ status: "PENDING", attempts: 2 });
    expect(row.nextAttemptAt.getTime() - harness.clock.now().getTime()).toBe(2_000);
    harness.clock.advance(2_000);
    expect(await worker.runOnce()).toBe(1);
    row = await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } });
    expect(row).toMatchObject({ status: "DELIVERED", attempts: 3, responseStatus: 200, lastError: null });
    expect(await worker.runOnce()).toBe(0);

    expect(hooks.requests).toHaveLength(3);
    const nowSeconds = Math.floor(harness.clock.now().getTime() / 1000);
    for (const request of hooks.requests) {
      const signature = String(request.headers["keyward-signature"]);
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature(secret, signature, request.body, nowSeconds)).toBe(true);
      expect(verifyWebhookSignature(secret, signature, `${request.body} `, nowSeconds)).toBe(false);
      expect(verifyWebhookSignature(`${secret}x`, signature, request.body, nowSeconds)).toBe(false);
      expect(verifyWebhookSignature(secret, signature, request.body, nowSeconds + 3600)).toBe(false);
      expect(request.headers["keyward-event"]).toBe("key.revoked");
      expect(request.headers["keyward-delivery"]).toBe(delivery!.id);
    }
    const body = JSON.parse(hooks.requests[0]!.body) as {
      id: string;
      type: string;
      data: Record<string, unknown>;
    };
    expect(body).toMatchObject({
      id: expect.stringMatching(/^evt_[0-9a-f]{32}$/),
      type: "key.revoked",
      accountId: seeded.accountId,
      data: { keyId: key.id, status: "REVOKED", cause: "MANUAL", ownerId: seeded.profiles.user!.id },
    });
    expect(hooks.requests[0]!.body).not.toContain(key.hash ?? "no hash");

    const log = await harness.run(deliveriesQuery, sessionViewer(admin), { id: endpoint.id });
    expect(log.errors).toBeUndefined();
    expect(log.data?.webhookDeliveries).toEqual({
      edges: [
        {
          node: {
            id: toGlobalId("WebhookDelivery", delivery!.id),
            event: "key.revoked",
            status: "DELIVERED",
            attempts: 3,
            lastError: null,
            responseStatus: 200,
            deliveredAt: harness.clock.now().toISOString(),
            nextAttemptAt: null,
            payload: expect.stringContaining('"type":"key.revoked"'),
          },
        },
      ],
    });
  });

  it("gives up after the last attempt and marks the delivery FAILED", async () => {
    const hooks = await receiver(() => 503);
    const { endpoint } = await endpointFor(hooks.url);
    const { key } = await seedKey(db.prisma, { accountId: seeded.accountId, ownerId: admin.id });
    await revoke(key.id);
    const [delivery] = await pendingFor(endpoint.id);
    const worker = dispatcher({ maxAttempts: 3 });
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(await worker.runOnce()).toBe(1);
      harness.clock.advance(60_000);
    }
    expect(await worker.runOnce()).toBe(0);
    const row = await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } });
    expect(row).toMatchObject({ status: "FAILED", attempts: 3, responseStatus: 503, lastError: "HTTP 503" });
    expect(hooks.requests).toHaveLength(3);
  });

  it("records connection failures without the URL", async () => {
    const hooks = await receiver(() => 200);
    await hooks.close();
    const { endpoint } = await endpointFor(`${hooks.url}?token=secret-in-url`);
    const { key } = await seedKey(db.prisma, { accountId: seeded.accountId, ownerId: admin.id });
    await revoke(key.id);
    const [delivery] = await pendingFor(endpoint.id);
    await dispatcher().runOnce();
    const row = await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } });
    expect(row.status).toBe("PENDING");
    expect(row.lastError).toMatch(/^Connection failed \(ECONNREFUSED\)$/);
  });

  it("delivers only subscribed events, and one delivery per event however many instances hear it", async () => {
    const created = await endpointFor("https://hooks.example.test/created", ["key.created"]);
    const revoked = await endpointFor("https://hooks.example.test/revoked", ["key.revoked"]);
    const { key } = await seedKey(db.prisma, { accountId: seeded.accountId, ownerId: admin.id });
    const second = subscribeWebhookEvents({
      prisma: db.prisma,
      clock: harness.clock,
      events: harness.events,
    });
    await revoke(key.id);
    await second.stop();
    await pendingFor(revoked.endpoint.id);
    const rows = await db.prisma.webhookDelivery.findMany({});
    expect(rows.map((row) => [toGlobalId("WebhookEndpoint", row.endpointId), row.event])).toEqual([
      [revoked.endpoint.id, "key.revoked"],
    ]);
    expect(created.endpoint.events).toEqual(["key.created"]);
  });

  it("delivers alerts and first uses", async () => {
    const { endpoint } = await endpointFor("https://hooks.example.test/all");
    const { key } = await seedKey(db.prisma, { accountId: seeded.accountId, ownerId: admin.id });
    const alert = await db.prisma.alert.create({
      data: {
        accountId: seeded.accountId,
        apiKeyId: key.id,
        profileId: admin.id,
        kind: "ROTATION_DUE",
        severity: "WARNING",
        message: "Rotate it",
        dedupeKey: `ROTATION_DUE:${key.id}`,
      },
    });
    harness.events.publish("alert.raised", {
      accountId: seeded.accountId,
      alertId: alert.id,
      kind: "ROTATION_DUE",
      severity: "WARNING",
      apiKeyId: key.id,
      profileId: admin.id,
      message: alert.message,
      createdAt: alert.createdAt,
    });
    const usedAt = new Date("2026-04-01T10:05:00Z");
    await db.prisma.keyEvent.create({
      data: {
        accountId: seeded.accountId,
        apiKeyId: key.id,
        action: "verify",
        result: "VALID",
        occurredAt: usedAt,
      },
    });
    const activity = {
      accountId: seeded.accountId,
      keyId: key.id,
      ownerId: admin.id,
      presentedHint: null,
      workspaceId: null,
      module: null,
      action: "verify",
      result: "VALID",
      ip: "198.51.100.4",
      occurredAt: usedAt,
    };
    harness.events.publish("key.activity", activity);
    harness.events.publish("key.activity", { ...activity, occurredAt: new Date("2026-04-01T10:06:00Z") });
    await vi.waitFor(
      async () =>
        expect(
          await db.prisma.webhookDelivery.count({ where: { endpoint: { accountId: seeded.accountId } } }),
        ).toBe(2),
      { timeout: 5_000 },
    );
    const rows = await pendingFor(endpoint.id);
    const byEvent = Object.fromEntries(
      rows.map((row) => [row.event, row.payload as { data: Record<string, unknown> }]),
    );
    expect(byEvent["key.rotation_due"]?.data).toMatchObject({
      alertId: alert.id,
      kind: "ROTATION_DUE",
      key: { keyId: key.id },
    });
    expect(byEvent["key.first_used"]?.data).toMatchObject({
      keyId: key.id,
      firstUsedAt: usedAt.toISOString(),
    });
  });

  it("lets several dispatchers share the queue without sending anything twice", async () => {
    const hooks = await receiver(() => 200);
    const { endpoint } = await endpointFor(hooks.url);
    for (let index = 0; index < 12; index++) {
      const { key } = await seedKey(db.prisma, { accountId: seeded.accountId, ownerId: admin.id });
      await revoke(key.id);
    }
    await vi.waitFor(
      async () =>
        expect(await db.prisma.webhookDelivery.count({ where: { endpointId: { not: "" } } })).toBe(12),
      { timeout: 5_000 },
    );
    // Batches of 4: the three claim concurrently and must split the 12 rows between them.
    const workers = [
      dispatcher({ batchSize: 4 }),
      dispatcher({ batchSize: 4 }),
      dispatcher({ batchSize: 4 }),
    ];
    const rounds = await Promise.all(workers.map((worker) => worker.runOnce()));
    expect(rounds).toEqual([4, 4, 4]);
    const ids = hooks.requests.map((request) => request.headers["keyward-delivery"]);
    expect(new Set(ids).size).toBe(12);
    expect(ids).toHaveLength(12);
    expect(await db.prisma.webhookDelivery.count({ where: { status: "DELIVERED" } })).toBe(12);
    expect(endpoint.url).toBe(hooks.url);
  });
});
