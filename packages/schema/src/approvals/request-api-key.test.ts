import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KeywardEvents } from "../events/index.ts";
import type { Environment } from "../generated/prisma/enums.ts";
import type { Viewer } from "../identity/viewer.ts";
import {
  createSchemaHarness,
  createTestDatabase,
  dataOf,
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
import {
  keyId,
  payloadOf,
  rawKeyIdOf,
  requestDocument,
  seedTools,
  toolId,
} from "./test/request-documents.ts";

const DAY = 86_400_000;
const environments: Environment[] = ["DEVELOPMENT", "SANDBOX", "STAGING", "PRODUCTION"];
const matrix = [true, false].flatMap((requiresApproval) =>
  environments.map((environment) => ({
    requiresApproval,
    environment,
    pending: requiresApproval && environment === "PRODUCTION",
  })),
);

describe.each(testEngines())("requestApiKey [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let seeded: SeededAccount;
  let tools: Awaited<ReturnType<typeof seedTools>>;
  let requester: Viewer;

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db, new Date("2026-03-10T12:00:00Z"));
    seeded = await seedAccount(db.prisma, { requester: "USER", admin: "SUPER_ADMIN" });
    tools = await seedTools(db.prisma, seeded.accountId);
    requester = sessionViewer(seeded.profiles.requester!, { mfaVerified: false });
  });
  afterAll(async () => {
    await db.close();
  });

  const request = (viewer: Viewer | null, input: Record<string, unknown>) =>
    harness.run(requestDocument, viewer, { input }).then((result) => payloadOf(result, "requestApiKey"));

  it.each(matrix)(
    "requiresApproval=$requiresApproval, $environment → pending=$pending",
    async ({ requiresApproval, environment, pending }) => {
      const tool = requiresApproval ? tools.gated : tools.open;
      const payload = await request(requester, {
        toolId: toolId(tool.id),
        environment,
        purpose: "nightly evaluation job",
      });
      expect(payload.__typename).toBe("KeyRequestPayload");
      const apiKey = payload.apiKey as Record<string, unknown>;
      expect(apiKey).toMatchObject({
        environment,
        module: "INTEGRATIONS",
        permissions: ["READ", "WRITE"],
        scopes: [],
        purpose: "nightly evaluation job",
        tool: { slug: tool.slug },
        name: `${tool.displayName} (${environment.toLowerCase()})`,
      });
      const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: rawKeyIdOf(payload) } });
      expect(row.toolId).toBe(tool.id);
      expect(row.purpose).toBe("nightly evaluation job");
      if (pending) {
        expect(payload).toMatchObject({ issued: false, token: null });
        expect(apiKey).toMatchObject({ status: "PENDING", displayHint: null, expiresAt: null });
        expect(row).toMatchObject({ status: "PENDING", hash: null, displayHint: null, claimedAt: null });
      } else {
        expect(payload.issued).toBe(true);
        expect(String(payload.token)).toMatch(/^kw_(dev|sbx|stg|prd)_/);
        expect(apiKey.status).toBe("ACTIVE");
        expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(new Date(String(apiKey.expiresAt)).getTime()).toBe(harness.clock.now().getTime() + 90 * DAY);
      }
    },
  );

  it("keeps the requester's name when one is given", async () => {
    const payload = await request(requester, {
      toolId: toolId(tools.open.id),
      environment: "DEVELOPMENT",
      purpose: "local experiments",
      name: "My GitHub key",
    });
    expect(payload.apiKey).toMatchObject({ name: "My GitHub key" });
  });

  it.each([
    { purpose: "", why: "empty" },
    { purpose: "   ", why: "blank" },
    { purpose: "x".repeat(301), why: "301 characters" },
    { purpose: "two\nlines", why: "a line break" },
  ])("refuses a purpose that is $why", async ({ purpose }) => {
    const before = await db.prisma.apiKey.count();
    const payload = await request(requester, {
      toolId: toolId(tools.open.id),
      environment: "DEVELOPMENT",
      purpose,
    });
    expect(payload).toMatchObject({ __typename: "KeywardError", code: "VALIDATION_FAILED" });
    expect(await db.prisma.apiKey.count()).toBe(before);
  });

  it("accepts a purpose of exactly 300 characters", async () => {
    const payload = await request(requester, {
      toolId: toolId(tools.open.id),
      environment: "DEVELOPMENT",
      purpose: "p".repeat(300),
    });
    expect(payload.__typename).toBe("KeyRequestPayload");
  });

  it("answers another account's tool (and a non-tool id) as NOT_FOUND", async () => {
    const foreign = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
    const foreignTools = await seedTools(db.prisma, foreign.accountId);
    for (const id of [toolId(foreignTools.open.id), toolId("missing"), keyId(tools.open.id)]) {
      const payload = await request(requester, { toolId: id, environment: "DEVELOPMENT", purpose: "cross" });
      expect(payload).toMatchObject({ __typename: "KeywardError", code: "NOT_FOUND" });
    }
    expect(await db.prisma.apiKey.count({ where: { toolId: foreignTools.open.id } })).toBe(0);
  });

  it("refuses anonymous callers and a key without WRITE", async () => {
    const input = { toolId: toolId(tools.open.id), environment: "DEVELOPMENT", purpose: "ci" };
    expect(errorCodesOf(await harness.run(requestDocument, null, { input }))).toEqual(["UNAUTHENTICATED"]);
    const readKey = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: seeded.profiles.requester!.id,
      permissions: ["READ"],
    });
    const viaReadKey = keyViewer(seeded.profiles.requester!, readKey.key);
    expect(errorCodesOf(await harness.run(requestDocument, viaReadKey, { input }))).toEqual(["FORBIDDEN"]);
  });

  it("never lets a key request a key with more power than itself", async () => {
    const writeKey = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: seeded.profiles.requester!.id,
      permissions: ["READ", "WRITE"],
      environment: "DEVELOPMENT",
    });
    const viaKey = keyViewer(seeded.profiles.requester!, writeKey.key);
    const elsewhere = await request(viaKey, {
      toolId: toolId(tools.open.id),
      environment: "PRODUCTION",
      purpose: "escalate",
    });
    expect(elsewhere).toMatchObject({ __typename: "KeywardError", code: "PRIVILEGE_ESCALATION" });
    const same = await request(viaKey, {
      toolId: toolId(tools.open.id),
      environment: "DEVELOPMENT",
      purpose: "ok",
    });
    expect(same).toMatchObject({ __typename: "KeyRequestPayload", issued: true });
  });

  it("follows the policy: shorter maximum expiry, IP allowlist required in production", async () => {
    const strict = await seedAccount(db.prisma, { dev: "USER" });
    await db.prisma.orgPolicy.update({
      where: { accountId: strict.accountId },
      data: { maxExpiryDays: 30, requireIpAllowlistInProduction: true },
    });
    const strictTools = await seedTools(db.prisma, strict.accountId);
    const dev = sessionViewer(strict.profiles.dev!);
    const development = await request(dev, {
      toolId: toolId(strictTools.open.id),
      environment: "DEVELOPMENT",
      purpose: "short lived",
    });
    expect(new Date(String((development.apiKey as { expiresAt: string }).expiresAt)).getTime()).toBe(
      harness.clock.now().getTime() + 30 * DAY,
    );
    const withoutAllowlist = await request(dev, {
      toolId: toolId(strictTools.gated.id),
      environment: "PRODUCTION",
      purpose: "prod",
    });
    expect(withoutAllowlist).toMatchObject({ __typename: "KeywardError", code: "IP_ALLOWLIST_REQUIRED" });
    const withAllowlist = await request(dev, {
      toolId: toolId(strictTools.gated.id),
      environment: "PRODUCTION",
      purpose: "prod",
      ipAllowlist: ["203.0.113.0/24"],
    });
    expect(withAllowlist).toMatchObject({ __typename: "KeyRequestPayload", issued: false });
  });

  it("publishes keyRequest.changed and key.changed, and audits both paths", async () => {
    const requests: KeywardEvents["keyRequest.changed"][] = [];
    const keys: KeywardEvents["key.changed"][] = [];
    const stopRequests = harness.events.subscribe("keyRequest.changed", (event) => requests.push(event));
    const stopKeys = harness.events.subscribe("key.changed", (event) => keys.push(event));
    const issued = await request(requester, {
      toolId: toolId(tools.open.id),
      environment: "STAGING",
      purpose: "a",
    });
    const pending = await request(requester, {
      toolId: toolId(tools.gated.id),
      environment: "PRODUCTION",
      purpose: "b",
    });
    stopRequests();
    stopKeys();
    const ids = [issued, pending].map((payload) => rawKeyIdOf(payload));
    expect(requests.map((event) => [event.keyId, event.status, event.change])).toEqual([
      [ids[0], "ACTIVE", "ISSUED"],
      [ids[1], "PENDING", "REQUESTED"],
    ]);
    expect(requests.every((event) => event.requesterId === seeded.profiles.requester!.id)).toBe(true);
    expect(keys.map((event) => [event.keyId, event.change])).toEqual([
      [ids[0], "ISSUED"],
      [ids[1], "REQUESTED"],
    ]);
    const audit = await db.prisma.auditEvent.findMany({
      where: { targetId: { in: ids } },
      orderBy: { seq: "asc" },
    });
    expect(audit.map((event) => [event.targetId, event.action, event.cause])).toEqual([
      [ids[0], "apiKey.created", "TOOL_REQUEST"],
      [ids[1], "keyRequest.submitted", "TOOL_REQUEST"],
    ]);
    expect(JSON.stringify(audit.map((event) => event.data))).not.toContain(String(issued.token));
  });

  it("lists as available only the tools the viewer holds no active key for", async () => {
    const fresh = await seedAccount(db.prisma, { dev: "USER", other: "USER" });
    const freshTools = await seedTools(db.prisma, fresh.accountId);
    const dev = sessionViewer(fresh.profiles.dev!);
    const available = async (viewer: Viewer) => {
      const result = await harness.run(`{ viewer { availableTools { slug requiresApproval } } }`, viewer);
      const { availableTools } = dataOf<{ availableTools: Array<{ slug: string }> }>(result, "viewer");
      return availableTools.map((tool) => tool.slug);
    };
    expect(await available(dev)).toEqual(["github", "openai"]);
    const issued = await request(dev, {
      toolId: toolId(freshTools.open.id),
      environment: "DEVELOPMENT",
      purpose: "x",
    });
    await request(dev, {
      toolId: toolId(freshTools.gated.id),
      environment: "PRODUCTION",
      purpose: "pending",
    });
    expect(await available(dev)).toEqual(["openai"]);
    expect(await available(sessionViewer(fresh.profiles.other!))).toEqual(["github", "openai"]);
    // An expired key no longer counts as held.
    await db.prisma.apiKey.update({
      where: { id: rawKeyIdOf(issued) },
      data: { expiresAt: harness.clock.now() },
    });
    expect(await available(dev)).toEqual(["github", "openai"]);
  });
});
