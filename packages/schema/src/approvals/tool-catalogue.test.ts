import { fromGlobalId, toGlobalId } from "graphql-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
import { payloadOf, seedTools } from "./test/request-documents.ts";

const createDocument = `mutation($input: CreateToolInput!) {
  createTool(input: $input) {
    __typename
    ... on ToolPayload { tool { id slug displayName requiresApproval } }
    ... on KeywardError { code message fieldIssues { path } }
  }
}`;
const updateDocument = `mutation($input: UpdateToolInput!) {
  updateTool(input: $input) {
    __typename
    ... on ToolPayload { tool { id slug displayName requiresApproval } }
    ... on KeywardError { code message }
  }
}`;

describe.each(testEngines())("tool catalogue [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let seeded: SeededAccount;
  const as = (name: string): Viewer => sessionViewer(seeded.profiles[name]!);

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db);
    seeded = await seedAccount(db.prisma, {
      admin: "SUPER_ADMIN",
      provider: "PROVIDER_ADMIN",
      userAdmin: "USER_ADMIN",
      billing: "BILLING_ADMIN",
      user: "USER",
    });
  });
  afterAll(async () => {
    await db.close();
  });

  const create = (viewer: Viewer, input: Record<string, unknown>) =>
    harness.run(createDocument, viewer, { input });
  const update = (viewer: Viewer, input: Record<string, unknown>) =>
    harness.run(updateDocument, viewer, { input });

  it.each(["admin", "provider"])("%s adds a catalogue entry, audited", async (who) => {
    const slug = `tool-${who}`;
    const payload = payloadOf(
      await create(as(who), {
        slug: ` ${slug.toUpperCase()} `,
        displayName: " Mistral ",
        requiresApproval: true,
      }),
      "createTool",
    );
    expect(payload.tool).toMatchObject({ slug, displayName: "Mistral", requiresApproval: true });
    const id = fromGlobalId(String((payload.tool as { id: string }).id)).id;
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { targetId: id } });
    expect(audit).toMatchObject({
      action: "tool.created",
      targetType: "Tool",
      actorId: seeded.profiles[who]!.id,
    });
  });

  it.each(["userAdmin", "billing", "user"])("%s may not change the catalogue", async (who) => {
    expect(errorCodesOf(await create(as(who), { slug: `nope-${who}`, displayName: "Nope" }))).toEqual([
      "FORBIDDEN",
    ]);
    const tool = await db.prisma.tool.create({
      data: { accountId: seeded.accountId, slug: `fixed-${who}`, displayName: "Fixed" },
    });
    expect(
      errorCodesOf(await update(as(who), { id: toGlobalId("Tool", tool.id), requiresApproval: true })),
    ).toEqual(["FORBIDDEN"]);
    expect((await db.prisma.tool.findUniqueOrThrow({ where: { id: tool.id } })).requiresApproval).toBe(false);
  });

  it("refuses a key principal without ADMIN even when its owner is a catalogue admin", async () => {
    const key = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: seeded.profiles.provider!.id,
      permissions: ["READ", "WRITE"],
    });
    const viaKey = keyViewer(seeded.profiles.provider!, key.key);
    expect(errorCodesOf(await create(viaKey, { slug: "via-key", displayName: "Via key" }))).toEqual([
      "FORBIDDEN",
    ]);
  });

  it("refuses a duplicate slug (CONFLICT) and a malformed one (VALIDATION_FAILED)", async () => {
    await create(as("admin"), { slug: "anthropic", displayName: "Anthropic" });
    expect(
      payloadOf(await create(as("admin"), { slug: "Anthropic", displayName: "Again" }), "createTool"),
    ).toMatchObject({
      code: "CONFLICT",
    });
    for (const slug of ["", "has space", "-lead", "x".repeat(65)]) {
      expect(payloadOf(await create(as("admin"), { slug, displayName: "Bad" }), "createTool")).toMatchObject({
        code: "VALIDATION_FAILED",
      });
    }
    expect(
      payloadOf(await create(as("admin"), { slug: "ok-slug", displayName: "" }), "createTool"),
    ).toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });

  it("updates only the given fields, audited with before and after", async () => {
    const tool = await db.prisma.tool.create({
      data: { accountId: seeded.accountId, slug: "cohere", displayName: "Cohere" },
    });
    const payload = payloadOf(
      await update(as("provider"), { id: toGlobalId("Tool", tool.id), requiresApproval: true }),
      "updateTool",
    );
    expect(payload.tool).toMatchObject({ slug: "cohere", displayName: "Cohere", requiresApproval: true });
    const audit = await db.prisma.auditEvent.findFirstOrThrow({
      where: { targetId: tool.id, action: "tool.updated" },
    });
    expect(audit.data).toEqual({
      before: { slug: "cohere", displayName: "Cohere", requiresApproval: false },
      after: { slug: "cohere", displayName: "Cohere", requiresApproval: true },
    });
    expect(
      payloadOf(
        await update(as("provider"), { id: toGlobalId("Tool", tool.id), slug: "anthropic" }),
        "updateTool",
      ),
    ).toMatchObject({ code: "CONFLICT" });
  });

  it("answers another account's tool as not found: query, node and mutation", async () => {
    const foreign = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
    const foreignTools = await seedTools(db.prisma, foreign.accountId);
    const id = toGlobalId("Tool", foreignTools.gated.id);
    expect(payloadOf(await update(as("admin"), { id, requiresApproval: false }), "updateTool")).toMatchObject(
      {
        code: "NOT_FOUND",
      },
    );
    expect(
      payloadOf(
        await update(as("admin"), { id: toGlobalId("ApiKey", "x"), requiresApproval: false }),
        "updateTool",
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    const node = await harness.run(`query($id: ID!) { node(id: $id) { id } }`, as("admin"), { id });
    expect(node.errors).toBeUndefined();
    expect(node.data?.node).toBeNull();
    expect(
      (await db.prisma.tool.findUniqueOrThrow({ where: { id: foreignTools.gated.id } })).requiresApproval,
    ).toBe(true);
  });

  it("lists the own account's catalogue to any signed-in caller, nobody else's", async () => {
    const other = await seedAccount(db.prisma, { user: "USER" });
    await seedTools(db.prisma, other.accountId);
    const result = await harness.run(`{ tools { slug requiresApproval createdAt } }`, as("user"));
    const slugs = dataOf<Array<{ slug: string }>>(result, "tools").map((tool) => tool.slug);
    const own = await db.prisma.tool.findMany({ where: { accountId: seeded.accountId } });
    expect(slugs.sort()).toEqual(own.map((tool) => tool.slug).sort());
    const theirs = await harness.run(`{ tools { slug } }`, sessionViewer(other.profiles.user!));
    expect(dataOf<Array<{ slug: string }>>(theirs, "tools").map((tool) => tool.slug)).toEqual([
      "github",
      "openai",
    ]);
    expect(errorCodesOf(await harness.run(`{ tools { slug } }`, null))).toEqual(["UNAUTHENTICATED"]);
  });
});
