import { toGlobalId } from "graphql-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../identity/viewer.ts";
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
import { recommendedScopes } from "./workspace-readiness.ts";

const readinessQuery = `query($id: ID!) {
  workspaceReadiness(workspaceId: $id) {
    workspace { slug }
    ready blockers serviceAccountCount activeKeyCount recommendedScopes
    usagePressure { used limit ratio high }
  }
}`;
const completeDocument = `mutation($id: ID!) {
  completeWorkspaceBootstrap(input: { workspaceId: $id }) {
    __typename
    ... on WorkspacePayload { workspace { slug bootstrapCompletedAt } }
    ... on KeywardError { code }
  }
}`;

type Readiness = { blockers: string[]; ready: boolean; recommendedScopes: string[] };

describe("recommended scopes", () => {
  it("start narrow with runs:write, then widen in the seed's order", () => {
    expect(recommendedScopes(new Set())).toEqual(["runs:write"]);
    expect(recommendedScopes(new Set(["runs:manage"]))).toEqual(["runs:write"]);
    expect(recommendedScopes(new Set(["runs:write"]))).toEqual([
      "runs:manage",
      "approvals:write",
      "a2a:write",
      "mcp:call",
    ]);
    expect(recommendedScopes(new Set(["runs:write", "runs:manage", "a2a:write"]))).toEqual([
      "approvals:write",
      "mcp:call",
    ]);
  });
});

describe.each(testEngines())("workspace readiness [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let seeded: SeededAccount;
  const as = (name: string): Viewer => sessionViewer(seeded.profiles[name]!);

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db, new Date("2026-06-15T12:00:00Z"));
    seeded = await seedAccount(db.prisma, {
      admin: "SUPER_ADMIN",
      userAdmin: "USER_ADMIN",
      billing: "BILLING_ADMIN",
      modelAdmin: "MODEL_ADMIN",
      user: "USER",
    });
  });
  afterAll(async () => {
    await db.close();
  });

  async function freshWorkspace(slug: string) {
    const workspace = await db.prisma.workspace.create({
      data: { accountId: seeded.accountId, slug, name: slug },
    });
    return { workspace, id: toGlobalId("Workspace", workspace.id) };
  }
  const readiness = async (id: string, who = "admin") =>
    dataOf<Readiness>(await harness.run(readinessQuery, as(who), { id }), "workspaceReadiness");

  it("shows each blocker until it is cleared, and again when it comes back", async () => {
    const { workspace, id } = await freshWorkspace("onboarding");
    expect(await readiness(id)).toMatchObject({
      workspace: { slug: "onboarding" },
      ready: false,
      blockers: ["BOOTSTRAP_INCOMPLETE", "SERVICE_ACCOUNT_MISSING", "API_KEY_MISSING"],
      serviceAccountCount: 0,
      activeKeyCount: 0,
      recommendedScopes: ["runs:write"],
    });

    const completed = await harness.run(completeDocument, as("userAdmin"), { id });
    expect(
      dataOf<{ workspace: { bootstrapCompletedAt: string } }>(completed, "completeWorkspaceBootstrap"),
    ).toEqual({
      __typename: "WorkspacePayload",
      workspace: { slug: "onboarding", bootstrapCompletedAt: harness.clock.now().toISOString() },
    });
    expect((await readiness(id)).blockers).toEqual(["SERVICE_ACCOUNT_MISSING", "API_KEY_MISSING"]);

    // A service account of the account granted to the workspace (an inactive one does not count).
    const inactive = await db.prisma.profile.create({
      data: {
        accountId: seeded.accountId,
        kind: "SERVICE_ACCOUNT",
        displayName: "old runner",
        status: "INACTIVE",
      },
    });
    await db.prisma.profileWorkspace.create({ data: { profileId: inactive.id, workspaceId: workspace.id } });
    await db.prisma.profileWorkspace.create({
      data: { profileId: seeded.profiles.user!.id, workspaceId: workspace.id },
    });
    expect((await readiness(id)).blockers).toEqual(["SERVICE_ACCOUNT_MISSING", "API_KEY_MISSING"]);
    const runner = await db.prisma.profile.create({
      data: { accountId: seeded.accountId, kind: "SERVICE_ACCOUNT", displayName: "runner" },
    });
    await db.prisma.profileWorkspace.create({ data: { profileId: runner.id, workspaceId: workspace.id } });
    expect((await readiness(id)).blockers).toEqual(["API_KEY_MISSING"]);

    // A key of another workspace, a revoked key or an expired key is no key for this one.
    await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: runner.id,
      workspaceIds: [seeded.workspaceId],
    });
    await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: runner.id,
      status: "REVOKED",
      workspaceIds: [workspace.id],
    });
    const expired = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: runner.id,
      workspaceIds: [workspace.id],
    });
    await db.prisma.apiKey.update({
      where: { id: expired.key.id },
      data: { expiresAt: harness.clock.now() },
    });
    expect((await readiness(id)).blockers).toEqual(["API_KEY_MISSING"]);

    const paired = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: runner.id,
      workspaceIds: [workspace.id],
    });
    expect(await readiness(id)).toMatchObject({
      ready: true,
      blockers: [],
      serviceAccountCount: 1,
      activeKeyCount: 1,
      recommendedScopes: ["runs:manage", "approvals:write", "a2a:write", "mcp:call"],
    });

    await harness.run(`mutation($id: ID!) { revokeApiKey(input: { id: $id }) { __typename } }`, as("admin"), {
      id: toGlobalId("ApiKey", paired.key.id),
    });
    expect((await readiness(id)).blockers).toEqual(["API_KEY_MISSING"]);
    await db.prisma.profile.update({ where: { id: runner.id }, data: { status: "INACTIVE" } });
    expect((await readiness(id)).blockers).toEqual(["SERVICE_ACCOUNT_MISSING", "API_KEY_MISSING"]);
  });

  it("completes the bootstrap once: audited once, the first time kept", async () => {
    const { workspace, id } = await freshWorkspace("twice");
    const first = harness.clock.now().toISOString();
    await harness.run(completeDocument, as("admin"), { id });
    harness.clock.advance(60_000);
    const again = await harness.run(completeDocument, as("admin"), { id });
    expect(dataOf(again, "completeWorkspaceBootstrap")).toMatchObject({
      workspace: { bootstrapCompletedAt: first },
    });
    const audit = await db.prisma.auditEvent.findMany({ where: { targetId: workspace.id } });
    expect(audit.map((event) => [event.action, event.actorId])).toEqual([
      ["workspace.bootstrapCompleted", seeded.profiles.admin!.id],
    ]);
  });

  it("reports usage pressure against the plan limit, and warns (without blocking) when keys are issued", async () => {
    const { id } = await freshWorkspace("pressure");
    await db.prisma.account.update({
      where: { id: seeded.accountId },
      data: { planMonthlyVerifications: 100 },
    });
    const key = await seedKey(db.prisma, { accountId: seeded.accountId, ownerId: seeded.profiles.user!.id });
    await db.prisma.usageRollup.createMany({
      data: [
        {
          accountId: seeded.accountId,
          apiKeyId: key.key.id,
          minute: new Date("2026-06-02T08:00:00Z"),
          result: "VALID",
          count: 70,
        },
        {
          accountId: seeded.accountId,
          apiKeyId: key.key.id,
          minute: new Date("2026-06-03T08:00:00Z"),
          result: "IP_DENIED",
          count: 15,
        },
        // Last month does not count.
        {
          accountId: seeded.accountId,
          apiKeyId: key.key.id,
          minute: new Date("2026-05-31T08:00:00Z"),
          result: "VALID",
          count: 500,
        },
      ],
    });
    expect(
      dataOf(await harness.run(readinessQuery, as("billing"), { id }), "workspaceReadiness"),
    ).toMatchObject({
      usagePressure: { used: 85, limit: 100, ratio: 0.85, high: true },
    });

    // The checkpoint is non-blocking: issuing still works and says so in a warning.
    const warning =
      "Usage pressure: 85 of 100 monthly verifications used (85 %). Review the plan before widening access.";
    const created = await harness.run(
      `mutation { createApiKey(input: { name: "under pressure", module: SANDBOX, permissions: [READ], environment: DEVELOPMENT }) {
        ... on IssuedApiKey { token warnings } } }`,
      as("user"),
    );
    expect(dataOf<{ warnings: string[] }>(created, "createApiKey").warnings).toEqual([warning]);
    const tool = await db.prisma.tool.create({
      data: { accountId: seeded.accountId, slug: "pressured", displayName: "P" },
    });
    const requested = await harness.run(
      `mutation($toolId: ID!) { requestApiKey(input: { toolId: $toolId, environment: DEVELOPMENT, purpose: "demo" }) {
        ... on KeyRequestPayload { issued warnings } } }`,
      as("user"),
      { toolId: toGlobalId("Tool", tool.id) },
    );
    expect(dataOf(requested, "requestApiKey")).toEqual({ issued: true, warnings: [warning] });
  });

  it("is a field of every workspace, computed for the whole list at once", async () => {
    const result = await harness.run(`{ workspaces { slug readiness { blockers } } }`, as("modelAdmin"));
    const rows = dataOf<Array<{ slug: string; readiness: { blockers: string[] } }>>(result, "workspaces");
    expect(rows.map((row) => row.slug)).toEqual(["default", "onboarding", "pressure", "twice"]);
    expect(rows.find((row) => row.slug === "twice")?.readiness.blockers).toEqual([
      "SERVICE_ACCOUNT_MISSING",
      "API_KEY_MISSING",
    ]);
  });

  it("refuses users, answers another account's workspace as null and its bootstrap as NOT_FOUND", async () => {
    const { workspace, id } = await freshWorkspace("guarded");
    expect(errorCodesOf(await harness.run(readinessQuery, as("user"), { id }))).toEqual(["FORBIDDEN"]);
    const listed = await harness.run(`{ workspaces { slug readiness { ready } } }`, as("user"));
    expect(errorCodesOf(listed)).toContain("FORBIDDEN");
    expect(errorCodesOf(await harness.run(readinessQuery, null, { id }))).toEqual(["UNAUTHENTICATED"]);
    for (const who of ["billing", "modelAdmin", "user"]) {
      expect(errorCodesOf(await harness.run(completeDocument, as(who), { id }))).toEqual(["FORBIDDEN"]);
    }
    const foreign = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
    const foreignAdmin = sessionViewer(foreign.profiles.admin!);
    expect(dataOf(await harness.run(readinessQuery, foreignAdmin, { id }), "workspaceReadiness")).toBeNull();
    expect(
      dataOf(
        await harness.run(readinessQuery, as("admin"), { id: toGlobalId("Tool", workspace.id) }),
        "workspaceReadiness",
      ),
    ).toBeNull();
    expect(
      dataOf(await harness.run(completeDocument, foreignAdmin, { id }), "completeWorkspaceBootstrap"),
    ).toEqual({
      __typename: "KeywardError",
      code: "NOT_FOUND",
    });
    expect(
      (await db.prisma.workspace.findUniqueOrThrow({ where: { id: workspace.id } })).bootstrapCompletedAt,
    ).toBeNull();
  });
});
