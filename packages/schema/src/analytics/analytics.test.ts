import { fromGlobalId, toGlobalId } from "graphql-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Viewer } from "../identity/viewer.ts";
import {
  createSchemaHarness,
  createTestDatabase,
  dataOf,
  errorCodesOf,
  type SchemaHarness,
  type SeededAccount,
  seedAccount,
  sessionViewer,
  type TestDatabase,
  testEngines,
} from "../test-support/index.ts";

const NOW = new Date("2026-05-20T10:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const minute = (date: Date) => new Date(Math.floor(date.getTime() / 60_000) * 60_000);
const day = (daysAgo: number) => new Date(Date.UTC(2026, 4, 20 - daysAgo)).toISOString();

describe.each(testEngines())("analytics [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let seeded: SeededAccount;
  const keys: Record<string, string> = {};
  const as = (name: string): Viewer => sessionViewer(seeded.profiles[name]!);

  async function key(name: string, data: Partial<Prisma.ApiKeyUncheckedCreateInput>) {
    const created = await db.prisma.apiKey.create({
      data: {
        accountId: seeded.accountId,
        ownerId: seeded.profiles.user!.id,
        name,
        environment: "DEVELOPMENT",
        module: "AGENTS_EXECUTION",
        permissions: ["READ"],
        status: "ACTIVE",
        hash:
          data.status && !["ACTIVE", "REVOKED"].includes(data.status)
            ? null
            : `hash-${name}-${seeded.accountId}`,
        ...data,
      },
    });
    keys[name] = created.id;
  }
  const rollup = (name: string, at: Date, result: string, count: number) => ({
    accountId: seeded.accountId,
    apiKeyId: keys[name]!,
    minute: minute(at),
    result,
    count,
  });
  const event = (name: string | null, at: Date, result: string, module: string | null = null) => ({
    accountId: seeded.accountId,
    apiKeyId: name ? keys[name]! : null,
    presentedHint: name ? null : "kw_dev_abcd…123456",
    module: module as Prisma.KeyEventCreateManyInput["module"],
    action: "verify",
    result,
    ip: "198.51.100.7",
    occurredAt: at,
  });

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db, NOW);
    seeded = await seedAccount(db.prisma, {
      admin: "SUPER_ADMIN",
      userAdmin: "USER_ADMIN",
      billing: "BILLING_ADMIN",
      modelAdmin: "MODEL_ADMIN",
      user: "USER",
    });
    const future = new Date(NOW.getTime() + 30 * DAY);
    await key("A", {
      module: "AGENTS_EXECUTION",
      environment: "PRODUCTION",
      permissions: ["EXECUTE"],
      expiresAt: future,
      lastUsedAt: ago(HOUR),
    });
    await key("B", { module: "AGENTS_EXECUTION", lastUsedAt: ago(2 * DAY), ipAllowlist: ["10.0.0.0/8"] });
    await key("C", {
      module: "WORKFLOW_AUTOMATION",
      environment: "PRODUCTION",
      permissions: ["WRITE"],
      expiresAt: future,
    });
    await key("D", { module: "WORKFLOW_AUTOMATION", expiresAt: ago(DAY) });
    await key("E", {
      module: "GOVERNANCE",
      environment: "PRODUCTION",
      permissions: ["ADMIN"],
      ipAllowlist: ["10.0.0.0/8"],
      expiresAt: future,
    });
    await key("F", { module: "SANDBOX", status: "REVOKED" });
    await key("G", { module: "INTEGRATIONS", environment: "PRODUCTION", status: "PENDING" });
    await key("H", { module: "INTEGRATIONS", environment: "STAGING", status: "REJECTED" });
    await key("I", { module: "MONITORING_LOGS" });
    await key("J", { module: "DEMO_BUILDS" });
    await key("K", { module: "SANDBOX", status: "APPROVED" });
    await db.prisma.usageRollup.createMany({
      data: [
        rollup("A", ago(HOUR), "VALID", 50),
        rollup("A", ago(HOUR), "IP_DENIED", 5),
        rollup("A", ago(3 * DAY), "VALID", 20),
        rollup("B", ago(2 * DAY), "VALID", 5),
        rollup("I", ago(2 * HOUR), "VALID", 70),
        rollup("I", ago(2 * HOUR), "IP_DENIED", 30),
        rollup("J", ago(DAY), "VALID", 90),
        rollup("J", ago(DAY), "RATE_LIMITED", 10),
        rollup("J", ago(20 * DAY), "IP_DENIED", 500),
        rollup("C", ago(10 * DAY), "VALID", 1000),
      ],
    });
    await db.prisma.keyEvent.createMany({
      data: [
        event("A", ago(10 * DAY), "REVOKED"),
        event("A", ago(2 * DAY), "IP_DENIED"),
        event(null, ago(2 * DAY + HOUR), "NOT_FOUND"),
        event("A", ago(3 * DAY), "VALID", "AGENTS_EXECUTION"),
        event("A", ago(3 * HOUR), "VALID", "AGENTS_EXECUTION"),
        event("B", ago(2 * HOUR), "VALID", "WORKFLOW_AUTOMATION"),
        event("A", ago(90 * 60_000), "IP_DENIED", "AGENTS_EXECUTION"),
        event(null, ago(HOUR), "NOT_FOUND"),
        event("A", ago(30 * 60_000), "VALID", "AGENTS_EXECUTION"),
        event("I", ago(10 * 60_000), "EXPIRED", "MONITORING_LOGS"),
      ],
    });
  });
  afterAll(async () => {
    await db.close();
  });

  describe("overview", () => {
    const query = `{ overview { total active expired revoked pending approved rejected } }`;

    it.each(["admin", "userAdmin", "billing"])("counts the account's keys for %s", async (who) => {
      expect(dataOf(await harness.run(query, as(who)), "overview")).toEqual({
        total: 11,
        active: 6,
        expired: 1,
        revoked: 1,
        pending: 1,
        approved: 1,
        rejected: 1,
      });
    });

    it("counts nothing of another account", async () => {
      const foreign = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
      expect(
        dataOf(await harness.run(query, sessionViewer(foreign.profiles.admin!)), "overview"),
      ).toMatchObject({
        total: 0,
        active: 0,
      });
    });
  });

  it("summarises every module with counts, last execution and the documented risk", async () => {
    const result = await harness.run(
      `{ moduleSummary { module keyCount activeCount lastExecutionAt risk riskReasons } }`,
      as("billing"),
    );
    const rows = dataOf<Array<{ module: string; riskReasons: string[] }>>(result, "moduleSummary");
    const summary = Object.fromEntries(
      rows.map(({ module, riskReasons: _reasons, ...rest }) => [module, rest]),
    );
    expect(summary).toEqual({
      AGENTS_EXECUTION: {
        keyCount: 2,
        activeCount: 2,
        lastExecutionAt: ago(HOUR).toISOString(),
        risk: "HIGH",
      },
      WORKFLOW_AUTOMATION: { keyCount: 2, activeCount: 1, lastExecutionAt: null, risk: "MEDIUM" },
      GOVERNANCE: { keyCount: 1, activeCount: 1, lastExecutionAt: null, risk: "MEDIUM" },
      SANDBOX: { keyCount: 2, activeCount: 0, lastExecutionAt: null, risk: "LOW" },
      DEMO_BUILDS: { keyCount: 1, activeCount: 1, lastExecutionAt: null, risk: "MEDIUM" },
      INTEGRATIONS: { keyCount: 2, activeCount: 0, lastExecutionAt: null, risk: "LOW" },
      MONITORING_LOGS: { keyCount: 1, activeCount: 1, lastExecutionAt: null, risk: "HIGH" },
    });
    const reasons = Object.fromEntries(rows.map((row) => [row.module, row.riskReasons]));
    expect(reasons.MONITORING_LOGS).toEqual(["30 % of recent verifications failed"]);
    expect(reasons.DEMO_BUILDS).toEqual(["10 % of recent verifications failed"]);
    expect(reasons.AGENTS_EXECUTION).toEqual([
      "1 production key(s) with Execute/Admin and no IP allowlist",
      "6 % of recent verifications failed",
    ]);
  });

  describe("usage", () => {
    const countsOf = (rows: Array<{ apiKey: { id: string }; count: number }>) =>
      rows.map((row) => [fromGlobalId(row.apiKey.id).id, row.count]);
    const name = (letter: string) => keys[letter]!;

    it("reads executions and most used keys from rollups in the window", async () => {
      const result = await harness.run(
        `{ usage(days: 7) { since executionsPerKey { apiKey { id name } count } mostUsedKeys(first: 2) { apiKey { id } count } } }`,
        as("billing"),
      );
      const usage = dataOf<{
        since: string;
        executionsPerKey: Array<{ apiKey: { id: string }; count: number }>;
        mostUsedKeys: Array<{ apiKey: { id: string }; count: number }>;
      }>(result, "usage");
      expect(usage.since).toBe(day(6));
      const tie = [name("A"), name("I")].sort();
      expect(countsOf(usage.executionsPerKey)).toEqual([
        [name("J"), 90],
        [tie[0], 70],
        [tie[1], 70],
        [name("B"), 5],
      ]);
      expect(countsOf(usage.mostUsedKeys)).toEqual([name("I"), name("J")].sort().map((id) => [id, 100]));
      const month = await harness.run(
        `{ usage { executionsPerKey(first: 1) { count apiKey { name } } } }`,
        as("admin"),
      );
      expect(dataOf(month, "usage")).toEqual({ executionsPerKey: [{ count: 1000, apiKey: { name: "C" } }] });
    });

    it("draws failed authentications and agent-triggered calls per day from key events", async () => {
      const result = await harness.run(
        `{ usage(days: 4) { failedAuthOverTime { bucket count } agentTriggeredCalls { bucket count } } }`,
        as("admin"),
      );
      expect(dataOf(result, "usage")).toEqual({
        failedAuthOverTime: [
          { bucket: day(3), count: 0 },
          { bucket: day(2), count: 2 },
          { bucket: day(1), count: 0 },
          { bucket: day(0), count: 3 },
        ],
        agentTriggeredCalls: [
          { bucket: day(3), count: 1 },
          { bucket: day(2), count: 0 },
          { bucket: day(1), count: 0 },
          { bucket: day(0), count: 2 },
        ],
      });
    });

    it("refuses a window outside 1–366 days", async () => {
      const result = await harness.run(`{ usage(days: 0) { since } }`, as("admin"));
      expect(result.errors?.length).toBe(1);
    });
  });

  describe("activity log", () => {
    const page = `query($first: Int, $after: String, $filter: ActivityLogFilter) {
      activityLog(first: $first, after: $after, filter: $filter) {
        edges { cursor node { result occurredAt apiKey { name } } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    type Page = {
      edges: Array<{ node: { result: string; occurredAt: string; apiKey: { name: string } | null } }>;
      pageInfo: { hasNextPage: boolean; endCursor: string };
    };
    const read = async (variables: Record<string, unknown>, who = "billing") =>
      dataOf<Page>(await harness.run(page, as(who), variables), "activityLog");

    it("pages through every event, newest first, with the presented key", async () => {
      const seen: Page["edges"] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const current: Page = await read({ first: 3, after });
        seen.push(...current.edges);
        if (!current.pageInfo.hasNextPage) break;
        after = current.pageInfo.endCursor;
      }
      expect(seen).toHaveLength(10);
      const times = seen.map((edge) => edge.node.occurredAt);
      expect(times).toEqual([...times].sort().reverse());
      expect(seen[0]?.node).toEqual({
        result: "EXPIRED",
        occurredAt: ago(10 * 60_000).toISOString(),
        apiKey: { name: "I" },
      });
      expect(seen[2]?.node).toMatchObject({ result: "NOT_FOUND", apiKey: null });
    });

    it("filters by key, result, module and failure", async () => {
      const byKey = await read({ filter: { keyId: toGlobalId("ApiKey", keys.A!) } });
      expect(byKey.edges).toHaveLength(6);
      const denied = await read({ filter: { result: "IP_DENIED" } });
      expect(denied.edges.map((edge) => edge.node.result)).toEqual(["IP_DENIED", "IP_DENIED"]);
      const agents = await read({ filter: { module: "AGENTS_EXECUTION", failed: false } });
      expect(agents.edges).toHaveLength(3);
      const failures = await read({ filter: { failed: true } });
      expect(failures.edges).toHaveLength(6);
      const wrongType = await read({ filter: { keyId: toGlobalId("Tool", keys.A!) } });
      expect(wrongType.edges).toEqual([]);
    });

    it("refuses a forged cursor with a coded error", async () => {
      const result = await harness.run(page, as("admin"), { after: "bm90LWEtY3Vyc29y" });
      expect(errorCodesOf(result)).toEqual(["VALIDATION_FAILED"]);
    });

    it("lists the most recent failures", async () => {
      const result = await harness.run(
        `{ authFailures(first: 3) { result presentedHint apiKey { name } } }`,
        as("admin"),
      );
      expect(dataOf(result, "authFailures")).toEqual([
        { result: "EXPIRED", presentedHint: null, apiKey: { name: "I" } },
        { result: "NOT_FOUND", presentedHint: "kw_dev_abcd…123456", apiKey: null },
        { result: "IP_DENIED", presentedHint: null, apiKey: { name: "A" } },
      ]);
    });

    it("shows another account's admin none of these events", async () => {
      const foreign = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
      const result = await harness.run(
        `{ activityLog { edges { cursor } } authFailures { id } }`,
        sessionViewer(foreign.profiles.admin!),
      );
      expect(result.data).toEqual({ activityLog: { edges: [] }, authFailures: [] });
    });
  });

  const adminQueries = {
    overview: `{ overview { total } }`,
    moduleSummary: `{ moduleSummary { module } }`,
    usage: `{ usage { since } }`,
    activityLog: `{ activityLog { edges { cursor } } }`,
    authFailures: `{ authFailures { id } }`,
  };
  it.each(
    Object.entries(adminQueries).flatMap(([field, query]) =>
      ["user", "modelAdmin"].map((who) => ({ field, query, who })),
    ),
  )("refuses $field to $who", async ({ query, who }) => {
    const result = await harness.run(query, as(who));
    expect(errorCodesOf(result)).toEqual(["FORBIDDEN"]);
    expect(result.data).toBeNull();
  });
  it.each(Object.keys(adminQueries))("refuses %s to anonymous callers", async (field) => {
    expect(errorCodesOf(await harness.run(adminQueries[field as keyof typeof adminQueries], null))).toEqual([
      "UNAUTHENTICATED",
    ]);
  });
});
