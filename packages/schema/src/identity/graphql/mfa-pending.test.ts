import { toGlobalId } from "graphql-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSchema } from "../../graphql/build-schema.ts";
import {
  createSchemaHarness,
  createTestDatabase,
  documentFor,
  type SchemaHarness,
  seedAccount,
  type TestDatabase,
  testEngines,
} from "../../test-support/index.ts";
import { resolveSessionViewer } from "../resolve-viewer.ts";
import { createSession } from "../sessions.ts";
import type { Viewer } from "../viewer.ts";

/** The only root fields a session whose MFA is pending may use (DESIGN §4). */
// authConfig is public: anonymous callers read it on the sign-in page.
const allowedWhilePending = new Set(["viewer", "signOut", "verifyTotp", "authConfig"]);
const authCodes = new Set(["FORBIDDEN", "UNAUTHENTICATED"]);

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
