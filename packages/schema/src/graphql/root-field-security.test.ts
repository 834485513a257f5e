import type { ExecutionResult } from "graphql";
import { toGlobalId } from "graphql-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../identity/viewer.ts";
import {
  createSchemaHarness,
  createTestDatabase,
  documentFor,
  keyViewer,
  type SchemaHarness,
  seedAccount,
  seedKey,
  sessionViewer,
  type TestDatabase,
  testEngines,
} from "../test-support/index.ts";
import { getSchema } from "./build-schema.ts";

// The shared security suite: every root field of the schema, called with valid arguments by an
// anonymous caller, a plain `user`, and a super_admin's key without ADMIN. Anonymous callers reach
// only the public fields; the others reach only self-service fields. A field added later is
// covered automatically and must be classified here.

/** Public: usable without signing in. */
const publicFields = new Set(["viewer", "signIn", "authConfig"]);

/** Self-service: what a plain user (or a key without ADMIN) may call on their own behalf. */
const selfServiceFields = new Set([
  ...publicFields,
  "node",
  "nodes",
  "apiKey",
  "workspaces",
  "tools",
  "signOut",
  "signOutEverywhere",
  "changePassword",
  "beginTotpEnrollment",
  "confirmTotpEnrollment",
  "verifyTotp",
  "createApiKey",
  "rotateApiKey",
  "regenerateApiKey",
  "revokeApiKey",
  "requestApiKey",
  "claimApiKey",
  "resolveAlert",
  "keyCapabilities",
]);

const refusalCodes = new Set(["FORBIDDEN", "UNAUTHENTICATED"]);

/** Refused: an auth error, or a typed result refusing with FORBIDDEN/UNAUTHENTICATED/NOT_FOUND. */
function refusal(result: ExecutionResult, field: string): string | null {
  const codes = (result.errors ?? []).map((error) => String(error.extensions.code ?? ""));
  const authCode = codes.find((code) => refusalCodes.has(code));
  if (authCode) return authCode;
  const value = (result.data as Record<string, { __typename?: string; code?: string } | null> | null)?.[
    field
  ];
  if (value && value.__typename === "KeywardError") return value.code ?? "KeywardError";
  return null;
}

const rootFields = () => {
  const schema = getSchema();
  return [
    ...Object.values(schema.getQueryType()?.getFields() ?? {}).map((field) => ({
      operation: "query" as const,
      field,
    })),
    ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({
      operation: "mutation" as const,
      field,
    })),
  ];
};

describe.each(testEngines())("root field security [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let user: Viewer;
  let weakAdminKey: Viewer;
  let anyId: string;

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db);
    const seeded = await seedAccount(db.prisma, { admin: "SUPER_ADMIN", user: "USER" });
    user = sessionViewer(seeded.profiles.user!);
    const { key } = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: seeded.profiles.admin!.id,
      permissions: ["READ", "WRITE"],
    });
    weakAdminKey = keyViewer(seeded.profiles.admin!, key);
    // Arguments name a real object of the account (the admin), so refusals are not "not found".
    anyId = toGlobalId("Profile", seeded.profiles.admin!.id);
  });
  afterAll(async () => {
    await db.close();
  });

  const adminFields = () => rootFields().filter(({ field }) => !selfServiceFields.has(field.name));
  const nonPublicFields = () => rootFields().filter(({ field }) => !publicFields.has(field.name));

  it("classifies every root field (there are admin fields to check)", () => {
    expect(adminFields().length).toBeGreaterThan(10);
  });

  it.each(nonPublicFields().map(({ operation, field }) => ({ operation, name: field.name })))(
    "anonymous → $operation $name is refused",
    async ({ operation, name }) => {
      const entry = rootFields().find((candidate) => candidate.field.name === name);
      if (!entry) throw new Error(`no field ${name}`);
      const { document, variables } = documentFor(operation, entry.field, anyId);
      const result = await harness.run(document, null, variables);
      expect(refusal(result, name)).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
    },
  );

  it.each(adminFields().map(({ operation, field }) => ({ operation, name: field.name })))(
    "user and a key without ADMIN → $operation $name is refused",
    async ({ operation, name }) => {
      const entry = rootFields().find((candidate) => candidate.field.name === name);
      if (!entry) throw new Error(`no field ${name}`);
      const { document, variables } = documentFor(operation, entry.field, anyId);
      for (const viewer of [user, weakAdminKey]) {
        const result = await harness.run(document, viewer, variables);
        expect(refusal(result, name), `${name} as ${viewer.via}`).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
      }
    },
  );
});
