import { type ExecutionResult, isInputObjectType, isNonNullType, parse, validate } from "graphql";
import { toGlobalId } from "graphql-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Profile } from "../generated/prisma/client.ts";
import type { Viewer } from "../identity/viewer.ts";
import {
  accountSnapshot,
  createSchemaHarness,
  createTestDatabase,
  keyViewer,
  type SchemaHarness,
  type SeededAccount,
  sampleValue,
  seedAccount,
  seedKey,
  sessionViewer,
  type TestDatabase,
  testEngines,
} from "../test-support/index.ts";
import { getSchema } from "./build-schema.ts";

// Issue #8, item 3: mass assignment. Fields no caller may set (status, owner, hash, account, …)
// do not exist on any mutation input, and GraphQL refuses them before anything executes; fields
// that exist refuse values beyond the caller's power with a typed error, and nothing is written.

/** Row fields a client must never set directly. */
const protectedFields: Record<string, unknown> = {
  status: "ACTIVE",
  ownerId: "UHJvZmlsZTpvdGhlcg==",
  hash: "0".repeat(64),
  accountId: "another-account",
  createdById: "UHJvZmlsZTpvdGhlcg==",
  revokedById: "UHJvZmlsZTpvdGhlcg==",
  reviewedById: "UHJvZmlsZTpvdGhlcg==",
  role: "SUPER_ADMIN",
  permissions: ["ADMIN"],
  scopes: ["keys:verify"],
  lockedAt: "2030-01-01T00:00:00.000Z",
  token: "sample",
  secret: "sample",
  mfaVerified: true,
};

const mutationsWithInput = () =>
  Object.values(getSchema().getMutationType()?.getFields() ?? {}).flatMap((field) => {
    const input = field.args.find((arg) => arg.name === "input");
    if (!input) return [];
    const type = isNonNullType(input.type) ? input.type.ofType : input.type;
    return isInputObjectType(type) ? [{ field, input, type }] : [];
  });

const codeOf = (result: ExecutionResult, field: string): string | null => {
  const top = result.errors?.[0]?.extensions.code;
  if (top) return String(top);
  const value = result.data?.[field] as { __typename?: string; code?: string } | undefined;
  return value?.__typename === "KeywardError" ? (value.code ?? null) : null;
};

const createKey = `mutation ($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    __typename
    ... on KeywardError { code message }
    ... on IssuedApiKey { apiKey { id permissions scopes environment } }
  }
}`;

const setRole = `mutation ($input: SetUserRoleInput!) {
  setUserRole(input: $input) { __typename ... on KeywardError { code message } ... on ProfilePayload { profile { role } } }
}`;

const revokeKey = `mutation ($input: RevokeApiKeyInput!) {
  revokeApiKey(input: $input) { __typename ... on KeywardError { code message } }
}`;

const updatePolicy = `mutation ($input: UpdateOrgPolicyInput!) {
  updateOrgPolicy(input: $input) { __typename ... on KeywardError { code message } }
}`;

describe("mass assignment: protected fields exist on no mutation input", () => {
  it("covers every mutation that takes an input object", () => {
    expect(mutationsWithInput().length).toBeGreaterThan(25);
  });

  it.each(mutationsWithInput().map(({ field }) => field.name))("%s", (name) => {
    const entry = mutationsWithInput().find(({ field }) => field.name === name);
    if (!entry) throw new Error(`no mutation ${name}`);
    const own = entry.type.getFields();
    const injected = Object.keys(protectedFields).filter((key) => !(key in own));
    // An inline literal: refused by validation, before execution.
    for (const key of injected) {
      const literal = `mutation { ${name}(input: { ${key}: ${JSON.stringify(protectedFields[key])} }) { __typename } }`;
      const errors = validate(getSchema(), parse(literal));
      expect(errors.map((error) => error.message).join(" "), `${name}.${key} as a literal`).toMatch(
        new RegExp(`Field "${key}" is not defined by type "${entry.type.name}"`),
      );
    }
  });
});

describe.each(testEngines())("mass assignment [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let a: SeededAccount;
  let b: SeededAccount;
  let superAdmin: Viewer;
  let plainUser: Viewer;
  let userWithoutStepUp: Viewer;
  let userAdmin: Viewer;
  let otherWorkspaceId: string;

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db);
    a = await seedAccount(db.prisma, {
      admin: "SUPER_ADMIN",
      second: "SUPER_ADMIN",
      people: "USER_ADMIN",
      user: "USER",
      colleague: "USER",
    });
    b = await seedAccount(db.prisma, { admin: "SUPER_ADMIN", user: "USER" });
    superAdmin = sessionViewer(a.profiles.admin as Profile);
    plainUser = sessionViewer(a.profiles.user as Profile);
    userWithoutStepUp = sessionViewer(a.profiles.user as Profile, { mfaVerified: false });
    userAdmin = sessionViewer(a.profiles.people as Profile);
    otherWorkspaceId = (
      await db.prisma.workspace.create({ data: { accountId: a.accountId, slug: "other", name: "Other" } })
    ).id;
  });
  afterAll(async () => {
    await db.close();
  });

  /** Runs a call and proves neither account changed (no row, no audit event). */
  async function refusedWithoutChange(document: string, viewer: Viewer, variables: Record<string, unknown>) {
    const before = [
      await accountSnapshot(db.prisma, a.accountId),
      await accountSnapshot(db.prisma, b.accountId),
    ];
    const result = await harness.run(document, viewer, variables);
    const after = [
      await accountSnapshot(db.prisma, a.accountId),
      await accountSnapshot(db.prisma, b.accountId),
    ];
    expect(after, "a refused call changed the database").toEqual(before);
    return result;
  }

  const keyInput = (extra: Record<string, unknown> = {}) => ({
    name: "mass assignment",
    module: "AGENTS_EXECUTION",
    permissions: ["READ"],
    environment: "DEVELOPMENT",
    ...extra,
  });

  it("refuses protected fields sent through variables before any resolver runs", async () => {
    const before = [
      await accountSnapshot(db.prisma, a.accountId),
      await accountSnapshot(db.prisma, b.accountId),
    ];
    for (const { field, type } of mutationsWithInput()) {
      const own = type.getFields();
      const injected = Object.keys(protectedFields).filter((key) => !(key in own));
      const input = { ...(sampleValue(type, toGlobalId("Profile", "x")) as Record<string, unknown>) };
      for (const key of injected) {
        const document = `mutation ($input: ${type.name}!) { ${field.name}(input: $input) { __typename } }`;
        const result = await harness.run(document, superAdmin, {
          input: { ...input, [key]: protectedFields[key] },
        });
        expect(result.data, `${field.name}.${key} executed`).toBeUndefined();
        expect(result.errors?.map((error) => error.message).join(" ")).toMatch(
          new RegExp(`Field "${key}" is not defined by type "${type.name}"`),
        );
      }
    }
    const after = [
      await accountSnapshot(db.prisma, a.accountId),
      await accountSnapshot(db.prisma, b.accountId),
    ];
    expect(after, "an input with a protected field changed the database").toEqual(before);
  });

  it("createApiKey: an owner of another account is NOT_FOUND, like a missing one; nothing is created", async () => {
    const foreign = await refusedWithoutChange(createKey, superAdmin, {
      input: keyInput({ ownerId: toGlobalId("Profile", (b.profiles.user as Profile).id) }),
    });
    const missing = await refusedWithoutChange(createKey, superAdmin, {
      input: keyInput({ ownerId: toGlobalId("Profile", "01900000-0000-7000-8000-000000000000") }),
    });
    expect(foreign.data?.createApiKey).toEqual({
      __typename: "KeywardError",
      code: "NOT_FOUND",
      message: "Owner not found",
    });
    expect(foreign).toEqual(missing);
  });

  it("createApiKey: a plain user cannot name another owner (FORBIDDEN); nothing is created", async () => {
    const result = await refusedWithoutChange(createKey, plainUser, {
      input: keyInput({ ownerId: toGlobalId("Profile", (a.profiles.colleague as Profile).id) }),
    });
    expect(codeOf(result, "createApiKey")).toBe("FORBIDDEN");
  });

  it("createApiKey: another account's workspace in the list is NOT_FOUND; nothing is created", async () => {
    const result = await refusedWithoutChange(createKey, superAdmin, {
      input: keyInput({
        workspaceIds: [toGlobalId("Workspace", a.workspaceId), toGlobalId("Workspace", b.workspaceId)],
      }),
    });
    expect(result.data?.createApiKey).toEqual({
      __typename: "KeywardError",
      code: "NOT_FOUND",
      message: "Workspace not found",
    });
  });

  it.each([["EXECUTE"], ["ADMIN"]])(
    "createApiKey: %s without step-up is MFA_REQUIRED; nothing is created",
    async (permission) => {
      const result = await refusedWithoutChange(createKey, userWithoutStepUp, {
        input: keyInput({ permissions: ["READ", permission] }),
      });
      expect(codeOf(result, "createApiKey")).toBe("MFA_REQUIRED");
    },
  );

  describe("a key principal never mints more power than it holds", () => {
    let principal: Viewer;
    const expiresAt = new Date(Date.now() + 20 * 86_400_000);

    beforeAll(async () => {
      const owner = a.profiles.user as Profile;
      const { key } = await seedKey(db.prisma, {
        accountId: a.accountId,
        ownerId: owner.id,
        permissions: ["READ", "WRITE"],
        environment: "DEVELOPMENT",
        workspaceIds: [a.workspaceId],
      });
      const held = await db.prisma.apiKey.update({ where: { id: key.id }, data: { expiresAt } });
      principal = keyViewer(owner, held, [a.workspaceId]);
    });

    const within = () =>
      keyInput({
        permissions: ["READ"],
        scopes: ["runs:write"],
        workspaceIds: [toGlobalId("Workspace", a.workspaceId)],
        expiresAt: new Date(expiresAt.getTime() - 86_400_000).toISOString(),
      });

    it("issues a key within its power (so the refusals below are about power)", async () => {
      const result = await harness.run(createKey, principal, { input: within() });
      expect(result.data?.createApiKey).toMatchObject({ __typename: "IssuedApiKey" });
    });

    it.each([
      ["a scope it does not hold", { scopes: ["mcp:call"] }, "PRIVILEGE_ESCALATION"],
      ["EXECUTE", { permissions: ["READ", "EXECUTE"] }, "PRIVILEGE_ESCALATION"],
      ["ADMIN", { permissions: ["ADMIN"] }, "PRIVILEGE_ESCALATION"],
      ["another environment", { environment: "STAGING" }, "PRIVILEGE_ESCALATION"],
      ["a workspace it cannot reach", { workspaceIds: ["<other workspace>"] }, "PRIVILEGE_ESCALATION"],
      ["no expiry", { expiresAt: null }, "PRIVILEGE_ESCALATION"],
      ["another account's workspace", { workspaceIds: ["<foreign workspace>"] }, "NOT_FOUND"],
      ["another owner", { ownerId: "<colleague>" }, "FORBIDDEN"],
    ])("%s → %s; nothing is created", async (_what, change, code) => {
      const substitutes: Record<string, unknown> = {
        "<other workspace>": toGlobalId("Workspace", otherWorkspaceId),
        "<foreign workspace>": toGlobalId("Workspace", b.workspaceId),
        "<colleague>": toGlobalId("Profile", (a.profiles.colleague as Profile).id),
      };
      const resolved = JSON.parse(JSON.stringify(change), (_key, value) => substitutes[value] ?? value);
      const result = await refusedWithoutChange(createKey, principal, {
        input: { ...within(), ...resolved },
      });
      expect(codeOf(result, "createApiKey"), JSON.stringify(result)).toBe(code);
    });
  });

  it("setUserRole: a user_admin cannot grant or touch super_admin, nor change its own role", async () => {
    const cases: Array<[string, string, string]> = [
      [(a.profiles.user as Profile).id, "SUPER_ADMIN", "PRIVILEGE_ESCALATION"],
      [(a.profiles.second as Profile).id, "USER", "PRIVILEGE_ESCALATION"],
      [(a.profiles.people as Profile).id, "SUPER_ADMIN", "PRIVILEGE_ESCALATION"],
      [(a.profiles.people as Profile).id, "BILLING_ADMIN", "SELF_LOCKOUT"],
      [(b.profiles.user as Profile).id, "USER_ADMIN", "NOT_FOUND"],
    ];
    for (const [userId, role, code] of cases) {
      const result = await refusedWithoutChange(setRole, userAdmin, {
        input: { userId: toGlobalId("Profile", userId), role },
      });
      expect(codeOf(result, "setUserRole"), `${role} for ${userId}`).toBe(code);
    }
    const byUser = await refusedWithoutChange(setRole, plainUser, {
      input: { userId: toGlobalId("Profile", (a.profiles.colleague as Profile).id), role: "SUPER_ADMIN" },
    });
    expect(codeOf(byUser, "setUserRole")).toBe("FORBIDDEN");
  });

  it("revokeApiKey: a manual revoke cannot claim a rotation (ROTATED/REGENERATED name a successor)", async () => {
    const { key } = await seedKey(db.prisma, {
      accountId: a.accountId,
      ownerId: (a.profiles.user as Profile).id,
    });
    for (const cause of ["ROTATED", "REGENERATED"]) {
      const result = await refusedWithoutChange(revokeKey, superAdmin, {
        input: { id: toGlobalId("ApiKey", key.id), cause },
      });
      expect(codeOf(result, "revokeApiKey"), cause).toBe("VALIDATION_FAILED");
    }
    const leaked = await harness.run(revokeKey, superAdmin, {
      input: { id: toGlobalId("ApiKey", key.id), cause: "LEAKED" },
    });
    expect(leaked.data?.revokeApiKey).toEqual({ __typename: "ApiKeyPayload" });
  });

  it("updateOrgPolicy: out-of-range values are VALIDATION_FAILED and users are FORBIDDEN; the policy is unchanged", async () => {
    for (const input of [
      { maxExpiryDays: 0 },
      { maxExpiryDays: 100_000 },
      { rotationAgeDays: -1 },
      { failedAuthBurstThreshold: 1 },
      { expiryAlertDays: 366 },
    ]) {
      const result = await refusedWithoutChange(updatePolicy, superAdmin, { input });
      expect(codeOf(result, "updateOrgPolicy"), JSON.stringify(input)).toBe("VALIDATION_FAILED");
    }
    const byUser = await refusedWithoutChange(updatePolicy, plainUser, { input: { maxExpiryDays: 30 } });
    expect(codeOf(byUser, "updateOrgPolicy")).toBe("FORBIDDEN");
  });
});
