import { fromGlobalId, toGlobalId } from "graphql-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KeywardEvents } from "../events/index.ts";
import type { Viewer } from "../identity/viewer.ts";
import { hashToken } from "../keys/token-format.ts";
import {
  createSchemaHarness,
  createTestDatabase,
  dataOf,
  errorCodesOf,
  type SchemaHarness,
  type SeededAccount,
  seedAccount,
  seedKey,
  sessionViewer,
  type TestDatabase,
  testEngines,
} from "../test-support/index.ts";
import {
  approveDocument,
  claimDocument,
  keyId,
  payloadOf,
  rawKeyIdOf,
  rejectDocument,
  requestDocument,
  seedTools,
  toolId,
} from "./test/request-documents.ts";

const DAY = 86_400_000;

describe.each(testEngines())("approve, reject and claim [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let seeded: SeededAccount;
  let tools: Awaited<ReturnType<typeof seedTools>>;
  const as = (name: string): Viewer => sessionViewer(seeded.profiles[name]!);

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db, new Date("2026-04-01T09:00:00Z"));
    seeded = await seedAccount(db.prisma, {
      admin: "SUPER_ADMIN",
      userAdmin: "USER_ADMIN",
      billing: "BILLING_ADMIN",
      provider: "PROVIDER_ADMIN",
      requester: "USER",
      other: "USER",
    });
    tools = await seedTools(db.prisma, seeded.accountId);
  });
  afterAll(async () => {
    await db.close();
  });

  /** A fresh PENDING request by `who`; returns its global id. */
  async function pendingRequest(who = "requester"): Promise<string> {
    const payload = payloadOf(
      await harness.run(requestDocument, as(who), {
        input: { toolId: toolId(tools.gated.id), environment: "PRODUCTION", purpose: "customer inference" },
      }),
      "requestApiKey",
    );
    expect(payload.issued).toBe(false);
    return keyId(rawKeyIdOf(payload));
  }
  const approve = (viewer: Viewer, id: string) => harness.run(approveDocument, viewer, { id });
  const reject = (viewer: Viewer, id: string, reason = "Use the staging key until the launch review") =>
    harness.run(rejectDocument, viewer, { id, reason });
  const claim = (viewer: Viewer, id: string) => harness.run(claimDocument, viewer, { id });
  const rowOf = (id: string) => db.prisma.apiKey.findUniqueOrThrow({ where: { id: fromGlobalId(id).id } });

  describe("approveKeyRequest", () => {
    it.each(["admin", "userAdmin"])("%s approves: PENDING → APPROVED with reviewer and time", async (who) => {
      const id = await pendingRequest();
      const payload = payloadOf(await approve(as(who), id), "approveKeyRequest");
      expect(payload.apiKey).toMatchObject({
        status: "APPROVED",
        reviewedAt: harness.clock.now().toISOString(),
        reviewedBy: { id: toGlobalId("Profile", seeded.profiles[who]!.id) },
      });
      const row = await rowOf(id);
      expect(row).toMatchObject({ status: "APPROVED", reviewedById: seeded.profiles[who]!.id, hash: null });
    });

    it.each(["billing", "provider", "requester", "other"])("%s may not approve", async (who) => {
      const id = await pendingRequest();
      expect(errorCodesOf(await approve(as(who), id))).toEqual(["FORBIDDEN"]);
      expect((await rowOf(id)).status).toBe("PENDING");
    });

    it("refuses anonymous callers", async () => {
      const id = await pendingRequest();
      expect(errorCodesOf(await harness.run(approveDocument, null, { id }))).toEqual(["UNAUTHENTICATED"]);
    });

    it("never lets an admin approve their own request", async () => {
      const id = await pendingRequest("admin");
      expect(payloadOf(await approve(as("admin"), id), "approveKeyRequest")).toMatchObject({
        code: "SELF_APPROVAL",
      });
      expect(payloadOf(await approve(as("userAdmin"), id), "approveKeyRequest").apiKey).toMatchObject({
        status: "APPROVED",
      });
    });

    it("decides once: a second approval or a rejection after it is INVALID_STATE", async () => {
      const id = await pendingRequest();
      await approve(as("admin"), id);
      expect(payloadOf(await approve(as("userAdmin"), id), "approveKeyRequest")).toMatchObject({
        code: "INVALID_STATE",
      });
      expect(payloadOf(await reject(as("userAdmin"), id), "rejectKeyRequest")).toMatchObject({
        code: "INVALID_STATE",
      });
    });

    it("answers another account's request, a missing id and a non-key id as NOT_FOUND", async () => {
      const foreign = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
      const id = await pendingRequest();
      const foreignAdmin = sessionViewer(foreign.profiles.admin!);
      expect(payloadOf(await approve(foreignAdmin, id), "approveKeyRequest")).toMatchObject({
        code: "NOT_FOUND",
      });
      expect(payloadOf(await reject(foreignAdmin, id), "rejectKeyRequest")).toMatchObject({
        code: "NOT_FOUND",
      });
      expect(payloadOf(await approve(as("admin"), keyId("missing")), "approveKeyRequest")).toMatchObject({
        code: "NOT_FOUND",
      });
      expect(
        payloadOf(await approve(as("admin"), toolId(tools.gated.id)), "approveKeyRequest"),
      ).toMatchObject({
        code: "NOT_FOUND",
      });
      expect((await rowOf(id)).status).toBe("PENDING");
    });
  });

  describe("rejectKeyRequest", () => {
    it("keeps the reason, visible to the owner and to people admins but not to billing_admin", async () => {
      const id = await pendingRequest();
      const payload = payloadOf(await reject(as("userAdmin"), id), "rejectKeyRequest");
      expect(payload.apiKey).toMatchObject({
        status: "REJECTED",
        rejectionReason: "Use the staging key until the launch review",
      });
      const own = await harness.run(
        `{ viewer { keyRequests(status: [REJECTED]) { edges { node { id status rejectionReason } } } } }`,
        as("requester"),
      );
      const { edges } = dataOf<{ keyRequests: { edges: Array<{ node: { id: string } }> } }>(
        own,
        "viewer",
      ).keyRequests;
      expect(edges.map((edge) => edge.node)).toContainEqual({
        id,
        status: "REJECTED",
        rejectionReason: "Use the staging key until the launch review",
      });
      const billing = await harness.run(
        `query($id: ID!) { node(id: $id) { ... on ApiKey { status rejectionReason } } }`,
        as("billing"),
        { id },
      );
      expect(errorCodesOf(billing)).toEqual(["FORBIDDEN"]);
      expect(billing.data?.node).toEqual({ status: "REJECTED", rejectionReason: null });
    });

    it("requires a reason", async () => {
      const id = await pendingRequest();
      expect(payloadOf(await reject(as("admin"), id, "  "), "rejectKeyRequest")).toMatchObject({
        code: "VALIDATION_FAILED",
      });
      expect((await rowOf(id)).status).toBe("PENDING");
    });

    it.each(["billing", "provider", "requester"])("%s may not reject", async (who) => {
      const id = await pendingRequest();
      expect(errorCodesOf(await reject(as(who), id))).toEqual(["FORBIDDEN"]);
    });
  });

  describe("claimApiKey", () => {
    it("mints the secret once for the requester: ACTIVE, hash, display hint, claim time, 90-day expiry", async () => {
      const id = await pendingRequest();
      await approve(as("admin"), id);
      harness.clock.advance(2 * DAY);
      const payload = payloadOf(await claim(as("requester"), id), "claimApiKey");
      expect(payload.__typename).toBe("IssuedApiKey");
      const token = String(payload.token);
      expect(token).toMatch(/^kw_prd_/);
      expect(payload.apiKey).toMatchObject({
        status: "ACTIVE",
        claimedAt: harness.clock.now().toISOString(),
        expiresAt: new Date(harness.clock.now().getTime() + 90 * DAY).toISOString(),
      });
      const row = await rowOf(id);
      expect(row).toMatchObject({ status: "ACTIVE", hash: hashToken(token) });
      expect(row.displayHint).toMatch(/^kw_prd_/);

      expect(payloadOf(await claim(as("requester"), id), "claimApiKey")).toMatchObject({
        code: "ALREADY_CLAIMED",
      });
      expect((await rowOf(id)).hash).toBe(hashToken(token));
    });

    it("gives the token to exactly one of two concurrent claims", async () => {
      const id = await pendingRequest();
      await approve(as("admin"), id);
      const results = await Promise.all([claim(as("requester"), id), claim(as("requester"), id)]);
      const payloads = results.map((result) => payloadOf(result, "claimApiKey"));
      expect(payloads.map((payload) => payload.__typename ?? "").sort()).toEqual([
        "IssuedApiKey",
        "KeywardError",
      ]);
      expect(payloads.find((payload) => payload.code)?.code).toBe("ALREADY_CLAIMED");
    });

    it.each(["other", "admin", "userAdmin"])("%s (not the requester) cannot claim", async (who) => {
      const id = await pendingRequest();
      await approve(as(who === "admin" ? "userAdmin" : "admin"), id);
      expect(errorCodesOf(await claim(as(who), id))).toEqual(["FORBIDDEN"]);
      expect(await rowOf(id)).toMatchObject({ status: "APPROVED", hash: null, claimedAt: null });
    });

    it("claims only approved requests", async () => {
      const pending = await pendingRequest();
      expect(payloadOf(await claim(as("requester"), pending), "claimApiKey")).toMatchObject({
        code: "INVALID_STATE",
      });
      const rejected = await pendingRequest();
      await reject(as("admin"), rejected);
      expect(payloadOf(await claim(as("requester"), rejected), "claimApiKey")).toMatchObject({
        code: "INVALID_STATE",
      });
      const withdrawn = await pendingRequest();
      await approve(as("admin"), withdrawn);
      await harness.run(
        `mutation($id: ID!) { revokeApiKey(input: { id: $id }) { __typename } }`,
        as("requester"),
        { id: withdrawn },
      );
      expect(payloadOf(await claim(as("requester"), withdrawn), "claimApiKey")).toMatchObject({
        code: "KEY_REVOKED",
      });
    });

    it("answers another account's request as NOT_FOUND", async () => {
      const foreign = await seedAccount(db.prisma, { dev: "USER" });
      const id = await pendingRequest();
      await approve(as("admin"), id);
      expect(payloadOf(await claim(sessionViewer(foreign.profiles.dev!), id), "claimApiKey")).toMatchObject({
        code: "NOT_FOUND",
      });
      expect((await rowOf(id)).status).toBe("APPROVED");
    });
  });

  it("publishes and audits every step of the flow", async () => {
    const requests: KeywardEvents["keyRequest.changed"][] = [];
    const keys: KeywardEvents["key.changed"][] = [];
    const stops = [
      harness.events.subscribe("keyRequest.changed", (event) => requests.push(event)),
      harness.events.subscribe("key.changed", (event) => keys.push(event)),
    ];
    const approved = await pendingRequest();
    await approve(as("admin"), approved);
    await claim(as("requester"), approved);
    const rejected = await pendingRequest();
    await reject(as("admin"), rejected);
    for (const stop of stops) stop();

    const approvedId = (await rowOf(approved)).id;
    const rejectedId = (await rowOf(rejected)).id;
    const steps = [
      [approvedId, "PENDING", "REQUESTED"],
      [approvedId, "APPROVED", "APPROVED"],
      [approvedId, "ACTIVE", "CLAIMED"],
      [rejectedId, "PENDING", "REQUESTED"],
      [rejectedId, "REJECTED", "REJECTED"],
    ];
    expect(requests.map((event) => [event.keyId, event.status, event.change])).toEqual(steps);
    expect(keys.map((event) => [event.keyId, event.status, event.change])).toEqual(steps);
    expect(new Set(requests.map((event) => event.requesterId))).toEqual(
      new Set([seeded.profiles.requester!.id]),
    );

    const audit = await db.prisma.auditEvent.findMany({
      where: { targetId: { in: [approvedId, rejectedId] } },
      orderBy: { seq: "asc" },
    });
    expect(audit.map((event) => [event.targetId, event.action, event.actorId])).toEqual([
      [approvedId, "keyRequest.submitted", seeded.profiles.requester!.id],
      [approvedId, "keyRequest.approved", seeded.profiles.admin!.id],
      [approvedId, "keyRequest.claimed", seeded.profiles.requester!.id],
      [rejectedId, "keyRequest.submitted", seeded.profiles.requester!.id],
      [rejectedId, "keyRequest.rejected", seeded.profiles.admin!.id],
    ]);
    expect(audit.at(-1)?.cause).toBe("Use the staging key until the launch review");
  });

  describe("keyRequests (the pending queue)", () => {
    const queue = `{ keyRequests { totalCount edges { node { id status purpose owner { id } tool { slug } } } } }`;

    it("shows people admins the account's pending requests, oldest first, and nothing else", async () => {
      const fresh = await seedAccount(db.prisma, { admin: "SUPER_ADMIN", dev: "USER" });
      const freshTools = await seedTools(db.prisma, fresh.accountId);
      const dev = sessionViewer(fresh.profiles.dev!);
      const submit = (environment: string, tool = freshTools.gated.id) =>
        harness
          .run(requestDocument, dev, { input: { toolId: toolId(tool), environment, purpose: "queue" } })
          .then((result) => keyId(rawKeyIdOf(payloadOf(result, "requestApiKey"))));
      const first = await submit("PRODUCTION");
      harness.clock.advance(1000);
      const second = await submit("PRODUCTION");
      await submit("DEVELOPMENT");
      await seedKey(db.prisma, {
        accountId: fresh.accountId,
        ownerId: fresh.profiles.dev!.id,
        status: "PENDING",
      });
      const result = await harness.run(queue, sessionViewer(fresh.profiles.admin!));
      expect(result.errors).toBeUndefined();
      const connection = result.data?.keyRequests as {
        totalCount: number;
        edges: Array<{ node: { id: string } }>;
      };
      expect(connection.totalCount).toBe(2);
      expect(connection.edges.map((edge) => edge.node)).toEqual([
        {
          id: first,
          status: "PENDING",
          purpose: "queue",
          owner: { id: toGlobalId("Profile", fresh.profiles.dev!.id) },
          tool: { slug: "openai" },
        },
        {
          id: second,
          status: "PENDING",
          purpose: "queue",
          owner: { id: toGlobalId("Profile", fresh.profiles.dev!.id) },
          tool: { slug: "openai" },
        },
      ]);
    });

    it.each(["billing", "provider", "requester"])("refuses %s", async (who) => {
      expect(errorCodesOf(await harness.run(queue, as(who)))).toEqual(["FORBIDDEN"]);
    });
  });
});
