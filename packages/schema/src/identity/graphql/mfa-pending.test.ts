import {
  type GraphQLField,
  type GraphQLInputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
} from "graphql";
import { toGlobalId } from "graphql-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSchema } from "../../graphql/build-schema.ts";
import {
  createSchemaHarness,
  createTestDatabase,
  type SchemaHarness,
  seedAccount,
  type TestDatabase,
  testEngines,
} from "../../test-support/index.ts";
import { resolveSessionViewer } from "../resolve-viewer.ts";
import { createSession } from "../sessions.ts";
import type { Viewer } from "../viewer.ts";

/** The only root fields a session whose MFA is pending may use (DESIGN §4). */
const allowedWhilePending = new Set(["viewer", "signOut", "verifyTotp"]);
const authCodes = new Set(["FORBIDDEN", "UNAUTHENTICATED"]);

/** A value for an input type that passes GraphQL validation (ids are real: the caller's own profile). */
function sampleValue(type: GraphQLInputType, id: string): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, id);
  if (isListType(type)) return [sampleValue(type.ofType, id)];
  if (isEnumType(type)) return type.getValues()[0]?.value;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined)
        value[field.name] = sampleValue(field.type, id);
    }
    return value;
  }
  if (isScalarType(type)) {
    const samples: Record<string, unknown> = {
      ID: id,
      String: "sample",
      Int: 1,
      Float: 1,
      Boolean: false,
      DateTime: "2030-01-01T00:00:00.000Z",
    };
    if (type.name in samples) return samples[type.name];
  }
  throw new Error(`No sample value for ${String(type)}: teach the test this type`);
}

/** `query|mutation ($input: T!) { field(input: $input) { __typename } }` with every required argument. */
function documentFor(operation: "query" | "mutation", field: GraphQLField<unknown, unknown>, id: string) {
  const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  const variables = Object.fromEntries(required.map((arg) => [arg.name, sampleValue(arg.type, id)]));
  const declarations = required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(", ");
  const argumentList = required.map((arg) => `${arg.name}: $${arg.name}`).join(", ");
  const selection = isLeafType(getNamedType(field.type)) ? "" : " { __typename }";
  const document = `${operation}${declarations ? ` (${declarations})` : ""} {
    ${field.name}${argumentList ? `(${argumentList})` : ""}${selection}
  }`;
  return { document, variables };
}

describe.each(testEngines())("a session with MFA pending [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let pending: Viewer;
  let profileGlobalId: string;

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db);
    const seeded = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
    const admin = seeded.profiles.admin!;
    await db.prisma.profile.update({ where: { id: admin.id }, data: { totpEnabledAt: new Date() } });
    const { token } = await createSession({ prisma: db.prisma, clock: harness.clock }, admin.id, {
      ip: null,
      userAgent: null,
    });
    const resolved = await resolveSessionViewer(
      { prisma: db.prisma, clock: harness.clock, events: harness.events },
      token,
    );
    pending = resolved!.viewer;
    profileGlobalId = toGlobalId("Profile", admin.id);
  });
  afterAll(async () => {
    await db.close();
  });

  it("is the super_admin's own session, still pending", () => {
    expect(pending).toMatchObject({ role: "SUPER_ADMIN", mfaPending: true, via: "session" });
  });

  const schema = getSchema();
  const rootFields = [
    ...Object.values(schema.getQueryType()?.getFields() ?? {}).map((field) => ({
      operation: "query" as const,
      field,
    })),
    ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({
      operation: "mutation" as const,
      field,
    })),
  ].filter(({ field }) => !allowedWhilePending.has(field.name));

  it.each(
    rootFields.map(({ operation, field }) => ({ name: `${operation} ${field.name}`, operation, field })),
  )("refuses $name", async ({ operation, field }) => {
    const { document, variables } = documentFor(operation, field, profileGlobalId);
    const result = await harness.run(document, pending, variables);
    const refusals = (result.errors ?? []).filter(
      (error) => error.path?.[0] === field.name && authCodes.has(String(error.extensions.code)),
    );
    expect(refusals.length, JSON.stringify(result)).toBeGreaterThan(0);
    expect(result.data?.[field.name] ?? null).toBeNull();
  });

  it("still reads the viewer, but not the profile or the keys behind it", async () => {
    const result = await harness.run("{ viewer { mfaPending mfaVerified role profile { id } } }", pending);
    expect(result.data?.viewer).toEqual({
      mfaPending: true,
      mfaVerified: false,
      role: "SUPER_ADMIN",
      profile: null,
    });
    expect(result.errors?.map((error) => [error.path?.join("."), error.extensions.code])).toEqual([
      ["viewer.profile", "FORBIDDEN"],
    ]);
    const keys = await harness.run("{ viewer { apiKeys { edges { cursor } } } }", pending);
    expect(keys.errors?.map((error) => [error.path?.join("."), error.extensions.code])).toEqual([
      ["viewer.apiKeys", "FORBIDDEN"],
    ]);
  });

  it("may try a TOTP code (answered as a typed error, not refused)", async () => {
    const result = await harness.run(
      `mutation { verifyTotp(input: { code: "000000" }) { __typename ... on Error { code } } }`,
      pending,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.verifyTotp).toMatchObject({ __typename: "KeywardError" });
  });

  it("may sign out, which ends the pending session", async () => {
    const result = await harness.run(
      "mutation { signOut { __typename ... on SignOutPayload { endedSessionCount } } }",
      pending,
    );
    expect(result.data?.signOut).toEqual({ __typename: "SignOutPayload", endedSessionCount: 1 });
    expect(await db.prisma.session.count({ where: { id: pending.sessionId ?? "" } })).toBe(0);
  });
});
