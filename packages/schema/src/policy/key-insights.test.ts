import { toGlobalId } from "graphql-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiKey, Profile } from "../generated/prisma/client.ts";
import {
  createSchemaHarness,
  createTestDatabase,
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
import { createMemoryKeyRateLimiter } from "../verification/key-rate-limiter.ts";
import { createKeyRecordCache } from "../verification/key-record-cache.ts";
import { createVerifier } from "../verification/verifier.ts";
import { DAY_MS } from "./policy-rules.ts";

const unused = `query($id: ID!, $days: Int!) { apiKey(id: $id) {
  unusedGrants(days: $days) { days permissions scopes verifications }
} }`;
const capabilities = `query($id: ID!, $permission: Permission, $scope: String, $workspace: String,
  $environment: Environment, $ip: String) {
  keyCapabilities(keyId: $id, permission: $permission, scope: $scope, workspace: $workspace,
    environment: $environment, ip: $ip) { allowed code reasons }
}`;
const unlock = `mutation($id: ID!) { unlockApiKey(input: { id: $id }) {
  __typename ... on UnlockApiKeyPayload { apiKey { lockedAt status } } ... on KeywardError { code }
} }`;

describe.each(testEngines())("permission insights [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let seeded: SeededAccount;
  let key: ApiKey;
  let token: string;
  let keyId: string;
  const profile = (name: string) => seeded.profiles[name] as Profile;

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db);
    seeded = await seedAccount(db.prisma, {
      admin: "SUPER_ADMIN",
      billing: "BILLING_ADMIN",
      owner: "USER",
      other: "USER",
    });
    const seededKey = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: profile("owner").id,
      environment: "PRODUCTION",
      permissions: ["READ", "WRITE", "EXECUTE"],
      workspaceIds: [seeded.workspaceId],
    });
    token = seededKey.token;
    key = await db.prisma.apiKey.update({
      where: { id: seededKey.key.id },
      data: {
        scopes: ["runs:write", "mcp:call", "usage:read"],
        expiresAt: new Date(harness.clock.now().getTime() + 60 * DAY_MS),
      },
    });
    keyId = toGlobalId("ApiKey", key.id);
    const daysAgo = (days: number) => new Date(harness.clock.now().getTime() - days * DAY_MS);
    const use = (
      result: string,
      occurredAt: Date,
      permission: "READ" | "WRITE" | null,
      scope: string | null,
    ) => ({
      accountId: seeded.accountId,
      apiKeyId: key.id,
      action: "verify",
      result,
      permission,
      scope,
      ip: "10.0.0.1",
      occurredAt,
    });
    await db.prisma.keyEvent.createMany({
      data: [
        use("VALID", daysAgo(1), "READ", "runs:write"),
        use("VALID", daysAgo(2), null, null),
        // A refused request did not use the grant.
        use("FORBIDDEN", daysAgo(3), "WRITE", "usage:read"),
        use("VALID", daysAgo(45), "WRITE", "mcp:call"),
      ],
    });
  });
  afterAll(async () => {
    await db.close();
  });

  it("lists grants no successful verification asked for in the window", async () => {
    const recent = await harness.run(unused, sessionViewer(profile("owner")), { id: keyId, days: 30 });
    expect(recent.errors).toBeUndefined();
    expect(recent.data?.apiKey).toEqual({
      unusedGrants: {
        days: 30,
        permissions: ["WRITE", "EXECUTE"],
        scopes: ["mcp:call", "usage:read"],
        verifications: 2,
      },
    });
    const longer = await harness.run(unused, sessionViewer(profile("billing")), { id: keyId, days: 60 });
    expect(longer.data?.apiKey).toEqual({
      unusedGrants: { days: 60, permissions: ["EXECUTE"], scopes: ["usage:read"], verifications: 3 },
    });
  });

  it("refuses usage insights to other users and bounds the window", async () => {
    const refused = await harness.run(unused, sessionViewer(profile("other")), { id: keyId, days: 30 });
    expect(errorCodesOf(refused)).toContain("FORBIDDEN");
    const tooLong = await harness.run(unused, sessionViewer(profile("owner")), { id: keyId, days: 1000 });
    expect(tooLong.errors?.length).toBeGreaterThan(0);
  });

  it("answers what the key can do with the verifier's own decision", async () => {
    const ask = async (variables: Record<string, unknown>) => {
      const result = await harness.run(capabilities, sessionViewer(profile("owner")), {
        id: keyId,
        ...variables,
      });
      expect(result.errors).toBeUndefined();
      return result.data?.keyCapabilities as { allowed: boolean; code: string; reasons: string[] };
    };
    const granted = await ask({
      permission: "READ",
      scope: "runs:write",
      workspace: "default",
      environment: "PRODUCTION",
      ip: "10.20.30.40",
    });
    expect(granted.allowed).toBe(true);
    expect(granted.code).toBe("VALID");
    expect(granted.reasons).toEqual([
      "The key is active",
      expect.stringMatching(/^The key expires on \d{4}-\d{2}-\d{2}$/),
      "The key belongs to production",
      "10.20.30.40 is in the key's IP allowlist",
      "The key reaches the workspace default",
      "The key grants READ",
      "The key holds the scope runs:write",
      "Requests are limited to 100 per minute (not counted here)",
    ]);
    const denied = await ask({
      permission: "ADMIN",
      scope: "keys:verify",
      workspace: "elsewhere",
      environment: "STAGING",
      ip: "192.0.2.1",
    });
    expect(denied).toMatchObject({ allowed: false, code: "ENVIRONMENT_MISMATCH" });
    expect(denied.reasons).toEqual(
      expect.arrayContaining([
        "The key belongs to production, not staging",
        "192.0.2.1 is not in the key's IP allowlist",
        "The key does not reach the workspace elsewhere",
        "The key does not grant ADMIN",
        "The key does not hold the scope keys:verify",
      ]),
    );
    const byGlobalId = await ask({ workspace: toGlobalId("Workspace", seeded.workspaceId), ip: "10.0.0.9" });
    expect(byGlobalId.allowed).toBe(true);

    // The same questions put to the verifier itself get the same codes.
    const verifier = createVerifier({
      prisma: db.prisma,
      clock: harness.clock,
      cache: createKeyRecordCache({ clock: harness.clock }),
      rateLimiter: createMemoryKeyRateLimiter(),
      activity: { record: () => true },
      events: harness.events,
    });
    const questions = [
      { permission: "EXECUTE", ip: "10.0.0.1" },
      { permission: "ADMIN", ip: "10.0.0.1" },
      { scope: "mcp:call", ip: "10.0.0.1", environment: "PRODUCTION" },
      { ip: "192.0.2.1" },
      {},
      { workspace: "default", ip: "10.0.0.1", environment: "DEVELOPMENT" },
    ] as const;
    for (const question of questions) {
      const verified = await verifier.verify({ callerAccountId: seeded.accountId, token, ...question });
      expect((await ask(question)).code).toBe(verified.code);
    }
    verifier.close();
  });

  it("explains a locked key, and lets people admins unlock it (audited, invalidated)", async () => {
    await db.prisma.apiKey.update({ where: { id: key.id }, data: { lockedAt: harness.clock.now() } });
    const locked = await harness.run(capabilities, sessionViewer(profile("admin")), {
      id: keyId,
      ip: "10.0.0.1",
    });
    expect(locked.data?.keyCapabilities).toMatchObject({
      allowed: false,
      code: "REVOKED",
      reasons: expect.arrayContaining([
        expect.stringMatching(/^The key was locked after suspicious activity/),
      ]),
    });
    for (const name of ["owner", "billing"]) {
      expect(errorCodesOf(await harness.run(unlock, sessionViewer(profile(name)), { id: keyId }))).toEqual([
        "FORBIDDEN",
      ]);
    }
    const invalidated: string[] = [];
    const unsubscribe = harness.events.subscribe("key.invalidate", (event) =>
      invalidated.push(...event.keyIds),
    );
    const result = await harness.run(unlock, sessionViewer(profile("admin")), { id: keyId });
    unsubscribe();
    expect(result.data?.unlockApiKey).toEqual({
      __typename: "UnlockApiKeyPayload",
      apiKey: { lockedAt: null, status: "ACTIVE" },
    });
    expect(invalidated).toEqual([key.id]);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({
      where: { accountId: seeded.accountId, action: "apiKey.unlocked" },
    });
    expect(audit).toMatchObject({ actorId: profile("admin").id, targetId: key.id });
    const again = await harness.run(unlock, sessionViewer(profile("admin")), { id: keyId });
    expect(again.data?.unlockApiKey).toEqual({ __typename: "KeywardError", code: "INVALID_STATE" });
  });

  it("refuses capabilities to other users and keys without Read; another account's key is null", async () => {
    expect(
      errorCodesOf(await harness.run(capabilities, sessionViewer(profile("other")), { id: keyId })),
    ).toEqual(["FORBIDDEN"]);
    const writeOnly = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: profile("owner").id,
      permissions: ["WRITE"],
    });
    expect(
      errorCodesOf(
        await harness.run(capabilities, keyViewer(profile("owner"), writeOnly.key), { id: keyId }),
      ),
    ).toEqual(["FORBIDDEN"]);
    const foreign = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
    const result = await harness.run(capabilities, sessionViewer(foreign.profiles.admin as Profile), {
      id: keyId,
    });
    expect(result).toEqual({ data: { keyCapabilities: null } });
  });
});
