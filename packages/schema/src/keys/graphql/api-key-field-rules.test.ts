import { toGlobalId } from "graphql-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../../identity/viewer.ts";
import {
  type ApiKeyFieldCaller,
  apiKeyFieldCells,
  createSchemaHarness,
  createTestDatabase,
  errorCodesOf,
  keyViewer,
  type SchemaHarness,
  seedAccount,
  seedKey,
  sessionViewer,
  type TestDatabase,
  testEngines,
} from "../../test-support/index.ts";

// DESIGN §7, one test per cell (test-support/api-key-field-table.ts), with constructed viewers.
describe.each(testEngines())("ApiKey field rules [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let keyGlobalId: string;
  const viewers = new Map<ApiKeyFieldCaller, Viewer>();

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db);
    const seeded = await seedAccount(db.prisma, {
      admin: "SUPER_ADMIN",
      userAdmin: "USER_ADMIN",
      billing: "BILLING_ADMIN",
      modelAdmin: "MODEL_ADMIN",
      owner: "USER",
      other: "USER",
    });
    const p = seeded.profiles;
    const { key } = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: p.owner!.id,
      createdById: p.admin!.id,
      status: "REVOKED",
      workspaceIds: [seeded.workspaceId],
    });
    await db.prisma.apiKey.update({ where: { id: key.id }, data: { revokedById: p.admin!.id } });
    keyGlobalId = toGlobalId("ApiKey", key.id);
    const readKey = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: p.owner!.id,
      permissions: ["READ"],
    });
    const writeKey = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: p.owner!.id,
      permissions: ["WRITE"],
    });
    const adminReadKey = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: p.admin!.id,
      permissions: ["READ"],
    });
    viewers.set("super_admin", sessionViewer(p.admin!));
    viewers.set("user_admin", sessionViewer(p.userAdmin!));
    viewers.set("billing_admin", sessionViewer(p.billing!));
    viewers.set("owner (session)", sessionViewer(p.owner!));
    viewers.set("owner's key with Read", keyViewer(p.owner!, readKey.key));
    viewers.set("owner's key without Read", keyViewer(p.owner!, writeKey.key));
    viewers.set("another user", sessionViewer(p.other!));
    viewers.set("model_admin (not the owner)", sessionViewer(p.modelAdmin!));
    viewers.set("super_admin's key without Admin", keyViewer(p.admin!, adminReadKey.key));
  });
  afterAll(async () => {
    await db.close();
  });

  it.each(apiKeyFieldCells)("$caller → $field: granted=$granted", async ({ caller, field, granted }) => {
    const result = await harness.run(
      `query($id: ID!) { node(id: $id) { ... on ApiKey { ${field} } } }`,
      viewers.get(caller)!,
      {
        id: keyGlobalId,
      },
    );
    const name = field.split(" ")[0]!;
    if (granted) {
      expect(result.errors).toBeUndefined();
      expect(result.data?.node).toHaveProperty(name);
    } else {
      expect(errorCodesOf(result)).toContain("FORBIDDEN");
      const node = result.data?.node as Record<string, unknown> | null | undefined;
      expect(node?.[name] ?? null).toBeNull();
    }
  });

  it("answers another account's key as not found, never forbidden", async () => {
    const foreign = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
    const result = await harness.run(
      `query($id: ID!) { node(id: $id) { id } apiKey(id: $id) { id } }`,
      sessionViewer(foreign.profiles.admin!),
      { id: keyGlobalId },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ node: null, apiKey: null });
  });

  it("never exposes a token or a hash field on ApiKey", async () => {
    for (const field of ["token", "hash"]) {
      const result = await harness.run(
        `query($id: ID!) { node(id: $id) { ... on ApiKey { ${field} } } }`,
        viewers.get("super_admin")!,
        {
          id: keyGlobalId,
        },
      );
      expect(result.errors?.[0]?.message).toMatch(new RegExp(`(Cannot query|Unknown) field "?${field}"?`));
    }
  });
});
