import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

const readPolicy = `{ orgPolicy { maxExpiryDays rotationAgeDays rotationGraceDays expiryAlertDays usageMonitoring
  suspiciousActivityDetection autoLockSuspicious failedAuthBurstThreshold failedAuthBurstWindowSecs
  requireIpAllowlistInProduction updatedAt updatedBy { id displayName } } }`;

const update = `mutation($input: UpdateOrgPolicyInput!) {
  updateOrgPolicy(input: $input) {
    __typename
    ... on UpdateOrgPolicyPayload { orgPolicy { maxExpiryDays rotationAgeDays autoLockSuspicious failedAuthBurstThreshold } }
    ... on KeywardError { code message fieldIssues { path message } }
  }
}`;

describe.each(testEngines())("org policy [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let seeded: SeededAccount;
  const profile = (name: string) => {
    const found = seeded.profiles[name];
    if (!found) throw new Error(`no profile ${name}`);
    return found;
  };

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db);
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

  it("lets key auditors read the policy (the schema defaults at first)", async () => {
    for (const name of ["admin", "userAdmin", "billing"]) {
      const result = await harness.run(readPolicy, sessionViewer(profile(name)));
      expect(result.errors).toBeUndefined();
      expect(result.data?.orgPolicy).toMatchObject({
        maxExpiryDays: 365,
        rotationAgeDays: 90,
        rotationGraceDays: 14,
        expiryAlertDays: 14,
        usageMonitoring: true,
        suspiciousActivityDetection: true,
        autoLockSuspicious: false,
        failedAuthBurstThreshold: 20,
        failedAuthBurstWindowSecs: 60,
        requireIpAllowlistInProduction: false,
      });
    }
  });

  it("refuses the policy to users, other admins, keys without Admin and anonymous callers", async () => {
    const { key } = await seedKey(db.prisma, { accountId: seeded.accountId, ownerId: profile("admin").id });
    for (const viewer of [
      sessionViewer(profile("user")),
      sessionViewer(profile("modelAdmin")),
      keyViewer(profile("admin"), key),
    ]) {
      const result = await harness.run(readPolicy, viewer);
      expect(errorCodesOf(result)).toEqual(["FORBIDDEN"]);
      expect(result.data).toBeNull();
    }
    expect(errorCodesOf(await harness.run(readPolicy, null))).toEqual(["UNAUTHENTICATED"]);
  });

  it("lets people admins change the policy, audited with every change", async () => {
    const result = await harness.run(update, sessionViewer(profile("userAdmin")), {
      input: {
        maxExpiryDays: 180,
        rotationAgeDays: null,
        autoLockSuspicious: true,
        failedAuthBurstThreshold: 5,
      },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateOrgPolicy).toEqual({
      __typename: "UpdateOrgPolicyPayload",
      orgPolicy: {
        maxExpiryDays: 180,
        rotationAgeDays: null,
        autoLockSuspicious: true,
        failedAuthBurstThreshold: 5,
      },
    });
    const read = await harness.run(readPolicy, sessionViewer(profile("billing")));
    expect(read.data?.orgPolicy).toMatchObject({
      maxExpiryDays: 180,
      rotationGraceDays: 14,
      updatedBy: { displayName: "userAdmin" },
    });
    const audit = await db.prisma.auditEvent.findFirstOrThrow({
      where: { accountId: seeded.accountId, action: "orgPolicy.updated" },
    });
    expect(audit).toMatchObject({ actorId: profile("userAdmin").id, targetType: "OrgPolicy" });
    expect(audit.data).toEqual({
      changes: {
        maxExpiryDays: { from: 365, to: 180 },
        rotationAgeDays: { from: 90, to: null },
        autoLockSuspicious: { from: false, to: true },
        failedAuthBurstThreshold: { from: 20, to: 5 },
      },
    });
  });

  it("enforces the new maximum expiry when keys are created", async () => {
    const create = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
      __typename ... on KeywardError { code } } }`;
    const result = await harness.run(create, sessionViewer(profile("user")), {
      input: {
        name: "long-lived",
        module: "SANDBOX",
        permissions: ["READ"],
        environment: "SANDBOX",
        expiresAt: new Date(harness.clock.now().getTime() + 200 * 86_400_000).toISOString(),
      },
    });
    expect(result.data?.createApiKey).toEqual({ __typename: "KeywardError", code: "EXPIRY_TOO_LONG" });
  });

  it("refuses values out of range with field issues, and changes nothing", async () => {
    const before = await db.prisma.orgPolicy.findUniqueOrThrow({ where: { accountId: seeded.accountId } });
    for (const input of [
      { maxExpiryDays: 0 },
      { maxExpiryDays: 3651 },
      { rotationAgeDays: 0 },
      { rotationGraceDays: -1 },
      { expiryAlertDays: 400 },
      { failedAuthBurstThreshold: 1 },
      { failedAuthBurstWindowSecs: 5 },
      { failedAuthBurstWindowSecs: 86_401 },
      { maxExpiryDays: null },
    ]) {
      const result = await harness.run(update, sessionViewer(profile("admin")), { input });
      expect(result.data?.updateOrgPolicy).toMatchObject({
        __typename: "KeywardError",
        code: "VALIDATION_FAILED",
      });
      const payload = result.data?.updateOrgPolicy as { fieldIssues: Array<{ path: string }> } | undefined;
      expect(payload?.fieldIssues[0]?.path).toBe(Object.keys(input)[0]);
    }
    const after = await db.prisma.orgPolicy.findUniqueOrThrow({ where: { accountId: seeded.accountId } });
    expect(after).toEqual(before);
  });

  it("refuses automatic locking without detection", async () => {
    const result = await harness.run(update, sessionViewer(profile("admin")), {
      input: { suspiciousActivityDetection: false, autoLockSuspicious: true },
    });
    expect(result.data?.updateOrgPolicy).toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("refuses policy changes to billing admins and users", async () => {
    for (const name of ["billing", "user", "modelAdmin"]) {
      const result = await harness.run(update, sessionViewer(profile(name)), {
        input: { maxExpiryDays: 30 },
      });
      expect(errorCodesOf(result)).toEqual(["FORBIDDEN"]);
    }
    const policy = await db.prisma.orgPolicy.findUniqueOrThrow({ where: { accountId: seeded.accountId } });
    expect(policy.maxExpiryDays).toBe(180);
  });

  it("keeps accounts apart: an admin of another account changes only their own policy", async () => {
    const other = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
    const otherAdmin = other.profiles.admin;
    if (!otherAdmin) throw new Error("no admin");
    await harness.run(update, sessionViewer(otherAdmin), { input: { maxExpiryDays: 7 } });
    const mine = await db.prisma.orgPolicy.findUniqueOrThrow({ where: { accountId: seeded.accountId } });
    const theirs = await db.prisma.orgPolicy.findUniqueOrThrow({ where: { accountId: other.accountId } });
    expect([mine.maxExpiryDays, theirs.maxExpiryDays]).toEqual([180, 7]);
  });
});
