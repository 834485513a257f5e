import { toGlobalId } from "graphql-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
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
import type { Viewer } from "../viewer.ts";

// Every admin field of the identity domain, with the caller kinds that must be refused and the
// ones that must get through. Each operation targets `target`, a plain user of the same account.
const operations = {
  users: { document: "{ users { totalCount } }", variables: () => ({}) },
  user: {
    document: "query ($id: ID!) { user(id: $id) { id } }",
    variables: (target: string) => ({ id: target }),
  },
  activity: {
    document: "query ($id: ID!) { node(id: $id) { ... on Profile { activity { verifications } } } }",
    variables: (target: string) => ({ id: target }),
  },
  setUserRole: {
    document: `mutation ($input: SetUserRoleInput!) { setUserRole(input: $input) { __typename } }`,
    variables: (target: string) => ({ input: { userId: target, role: "MODEL_ADMIN" } }),
  },
  setUserStatus: {
    document: `mutation ($input: SetUserStatusInput!) { setUserStatus(input: $input) { __typename } }`,
    variables: (target: string) => ({ input: { userId: target, status: "INACTIVE" } }),
  },
  offboardUser: {
    document: `mutation ($input: OffboardUserInput!) { offboardUser(input: $input) { __typename } }`,
    variables: (target: string) => ({ input: { userId: target, reason: "test" } }),
  },
  createServiceAccount: {
    document: `mutation ($input: CreateServiceAccountInput!) { createServiceAccount(input: $input) { __typename } }`,
    variables: () => ({ input: { displayName: "ci-runner" } }),
  },
} as const;
type Operation = keyof typeof operations;

const refused: Array<{ caller: string; code: "UNAUTHENTICATED" | "FORBIDDEN" }> = [
  { caller: "anonymous", code: "UNAUTHENTICATED" },
  { caller: "user", code: "FORBIDDEN" },
  { caller: "billing_admin", code: "FORBIDDEN" },
  { caller: "model_admin", code: "FORBIDDEN" },
  { caller: "super_admin's key without ADMIN", code: "FORBIDDEN" },
];
const granted = ["super_admin", "user_admin", "super_admin's key with ADMIN"];

describe.each(testEngines())("identity admin fields: who may call them [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  const viewers = new Map<string, Viewer | null>();

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db);
  });
  afterAll(async () => {
    await db.close();
  });

  /** A fresh account per case, so a granted mutation never changes another case's target. */
  async function setup() {
    const seeded = await seedAccount(db.prisma, {
      superAdmin: "SUPER_ADMIN",
      userAdmin: "USER_ADMIN",
      billing: "BILLING_ADMIN",
      modelAdmin: "MODEL_ADMIN",
      user: "USER",
      target: "USER",
    });
    const p = seeded.profiles;
    const readKey = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: p.superAdmin!.id,
      permissions: ["READ", "WRITE"],
    });
    const adminKey = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: p.superAdmin!.id,
      permissions: ["READ", "WRITE", "ADMIN"],
    });
    viewers.set("anonymous", null);
    viewers.set("user", sessionViewer(p.user!));
    viewers.set("billing_admin", sessionViewer(p.billing!));
    viewers.set("model_admin", sessionViewer(p.modelAdmin!));
    viewers.set("super_admin's key without ADMIN", keyViewer(p.superAdmin!, readKey.key));
    viewers.set("super_admin", sessionViewer(p.superAdmin!));
    viewers.set("user_admin", sessionViewer(p.userAdmin!));
    viewers.set("super_admin's key with ADMIN", keyViewer(p.superAdmin!, adminKey.key));
    return { target: p.target!, accountId: seeded.accountId };
  }

  const names = Object.keys(operations) as Operation[];
  const refusals = names.flatMap((operation) => refused.map((caller) => ({ operation, ...caller })));

  it.each(refusals)("$operation: $caller → $code, nothing changes", async ({ operation, caller, code }) => {
    const { target, accountId } = await setup();
    const before = await db.prisma.profile.findMany({ where: { accountId }, orderBy: { id: "asc" } });
    const { document, variables } = operations[operation];
    const result = await harness.run(
      document,
      viewers.get(caller) ?? null,
      variables(toGlobalId("Profile", target.id)),
    );

    expect(errorCodesOf(result)).toEqual([code]);
    expect(await db.prisma.profile.findMany({ where: { accountId }, orderBy: { id: "asc" } })).toEqual(
      before,
    );
    expect(await db.prisma.auditEvent.count({ where: { accountId } })).toBe(0);
  });

  const grants = names.flatMap((operation) => granted.map((caller) => ({ operation, caller })));

  it.each(grants)("$operation: $caller → allowed", async ({ operation, caller }) => {
    const { target } = await setup();
    const { document, variables } = operations[operation];
    const result = await harness.run(
      document,
      viewers.get(caller) ?? null,
      variables(toGlobalId("Profile", target.id)),
    );
    expect(result.errors).toBeUndefined();
    const payload = Object.values(result.data ?? {})[0] as { __typename?: string } | null;
    expect(payload).not.toBeNull();
    expect(payload?.__typename).not.toBe("KeywardError");
  });
});
