import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../audit/audit-actor.ts";
import type { ApiKeyChangedEvent, KeyInvalidationEvent } from "../events/index.ts";
import type { Environment, Profile } from "../generated/prisma/client.ts";
import {
  createSchemaHarness,
  createTestDatabase,
  errorCodesOf,
  type SchemaHarness,
  type SeededAccount,
  seedAccount,
  seedKey,
  sessionViewer,
  type TestDatabase,
  testEngines,
} from "../test-support/index.ts";
import { applyOrgPolicy } from "./apply-org-policy.ts";
import { DAY_MS } from "./policy-rules.ts";

const apply = `mutation($act: Boolean!) {
  applyOrgPolicy(input: { act: $act }) {
    __typename
    ... on PolicyReport {
      evaluated acted
      violations { apiKey { name status } rules }
      actions { kind rule apiKey { name status } alert { kind severity message resolved } }
    }
    ... on KeywardError { code }
  }
}`;

interface Report {
  evaluated: number;
  acted: boolean;
  violations: Array<{ apiKey: { name: string; status: string }; rules: string[] }>;
  actions: Array<{
    kind: string;
    rule: string | null;
    apiKey: { name: string; status: string };
    alert: { kind: string; severity: string; message: string; resolved: boolean } | null;
  }>;
}

describe.each(testEngines())("applyOrgPolicy [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let seeded: SeededAccount;
  let admin: Profile;
  let owner: Profile;
  const keyIds = new Map<string, string>();
  const invalidated: string[] = [];
  const changes: ApiKeyChangedEvent[] = [];
  const raised: string[] = [];

  const now = () => harness.clock.now().getTime();
  const run = async (viewer: Profile, act: boolean) => {
    const result = await harness.run(apply, sessionViewer(viewer), { act });
    expect(result.errors).toBeUndefined();
    return result.data?.applyOrgPolicy as Report & { __typename: string };
  };
  const byName = (report: Report) =>
    Object.fromEntries(report.violations.map((violation) => [violation.apiKey.name, violation.rules]));
  const actionsOf = (report: Report) =>
    report.actions.map((action) => [action.apiKey.name, action.kind, action.rule]).sort();

  async function key(
    name: string,
    options: {
      createdDaysAgo: number;
      expiresInDays: number | null;
      environment?: Environment;
      allowlist?: boolean;
    },
  ) {
    const { key } = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: owner.id,
      environment: options.environment ?? "PRODUCTION",
    });
    await db.prisma.apiKey.update({
      where: { id: key.id },
      data: {
        name,
        createdAt: new Date(now() - options.createdDaysAgo * DAY_MS),
        expiresAt: options.expiresInDays === null ? null : new Date(now() + options.expiresInDays * DAY_MS),
        ipAllowlist: options.allowlist === false ? [] : ["10.0.0.0/8"],
      },
    });
    keyIds.set(name, key.id);
  }

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db);
    seeded = await seedAccount(db.prisma, { admin: "SUPER_ADMIN", billing: "BILLING_ADMIN", owner: "USER" });
    admin = seeded.profiles.admin as Profile;
    owner = seeded.profiles.owner as Profile;
    await db.prisma.orgPolicy.update({
      where: { accountId: seeded.accountId },
      data: { requireIpAllowlistInProduction: true },
    });
    await key("fresh", { createdDaysAgo: 10, expiresInDays: 50 });
    await key("due", { createdDaysAgo: 95, expiresInDays: 200 });
    await key("overdue", { createdDaysAgo: 120, expiresInDays: 100 });
    await key("expiring", { createdDaysAgo: 10, expiresInDays: 5 });
    await key("expired", { createdDaysAgo: 50, expiresInDays: -1 });
    await key("no-expiry", { createdDaysAgo: 10, expiresInDays: null });
    await key("beyond-maximum", { createdDaysAgo: 10, expiresInDays: 400 });
    await key("no-allowlist", { createdDaysAgo: 10, expiresInDays: 50, allowlist: false });
    await key("sandbox-no-expiry", { createdDaysAgo: 10, expiresInDays: null, environment: "SANDBOX" });
    const revoked = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: owner.id,
      status: "REVOKED",
    });
    await db.prisma.apiKey.update({
      where: { id: revoked.key.id },
      data: { name: "revoked", createdAt: new Date(now() - 400 * DAY_MS) },
    });
    harness.events.subscribe("key.invalidate", (event: KeyInvalidationEvent) =>
      invalidated.push(...event.keyIds),
    );
    harness.events.subscribe("key.changed", (event) => changes.push(event));
    harness.events.subscribe("alert.raised", (event) => raised.push(event.kind));
  });
  afterAll(async () => {
    await db.close();
  });

  it("reports what every active key violates, and changes nothing without act", async () => {
    const report = await run(seeded.profiles.billing as Profile, false);
    expect(report).toMatchObject({ __typename: "PolicyReport", evaluated: 9, acted: false, actions: [] });
    expect(byName(report)).toEqual({
      due: ["ROTATION_DUE"],
      overdue: ["ROTATION_DUE", "ROTATION_OVERDUE"],
      expiring: ["EXPIRING_SOON"],
      expired: ["EXPIRED"],
      "no-expiry": ["NO_EXPIRY_IN_PRODUCTION"],
      "beyond-maximum": ["EXPIRY_BEYOND_MAXIMUM"],
      "no-allowlist": ["MISSING_IP_ALLOWLIST_IN_PRODUCTION"],
    });
    expect(await db.prisma.alert.count({ where: { accountId: seeded.accountId } })).toBe(0);
    expect(await db.prisma.apiKey.count({ where: { rotationDueAt: { not: null } } })).toBe(0);
    expect(await db.prisma.auditEvent.count({ where: { accountId: seeded.accountId } })).toBe(0);
  });

  it("refuses to act for anyone but people admins, and refuses reports to users", async () => {
    const billing = seeded.profiles.billing as Profile;
    expect(errorCodesOf(await harness.run(apply, sessionViewer(billing), { act: true }))).toEqual([
      "FORBIDDEN",
    ]);
    expect(errorCodesOf(await harness.run(apply, sessionViewer(owner), { act: true }))).toEqual([
      "FORBIDDEN",
    ]);
    expect(errorCodesOf(await harness.run(apply, sessionViewer(owner), { act: false }))).toEqual([
      "FORBIDDEN",
    ]);
    expect(errorCodesOf(await harness.run(apply, null, { act: false }))).toEqual(["UNAUTHENTICATED"]);
    expect(await db.prisma.alert.count({ where: { accountId: seeded.accountId } })).toBe(0);
  });

  it("acts: rotation-due dates, owner alerts, and expiry of the overdue key, all audited", async () => {
    const report = await run(admin, true);
    expect(report.acted).toBe(true);
    expect(actionsOf(report)).toEqual(
      [
        ["due", "ROTATION_DUE_SET", "ROTATION_DUE"],
        ["due", "ALERT_RAISED", "ROTATION_DUE"],
        ["overdue", "ROTATION_DUE_SET", "ROTATION_DUE"],
        ["overdue", "KEY_EXPIRED", "ROTATION_OVERDUE"],
        ["overdue", "ALERT_RAISED", "ROTATION_OVERDUE"],
        ["expiring", "ALERT_RAISED", "EXPIRING_SOON"],
        ["expired", "ALERT_RAISED", "EXPIRED"],
        ["no-expiry", "ALERT_RAISED", "NO_EXPIRY_IN_PRODUCTION"],
        ["beyond-maximum", "ALERT_RAISED", "EXPIRY_BEYOND_MAXIMUM"],
        ["no-allowlist", "ALERT_RAISED", "MISSING_IP_ALLOWLIST_IN_PRODUCTION"],
      ].sort(),
    );
    const overdueAlert = report.actions.find(
      (action) => action.kind === "ALERT_RAISED" && action.apiKey.name === "overdue",
    );
    expect(overdueAlert?.alert).toMatchObject({ kind: "EXPIRED", severity: "CRITICAL", resolved: false });
    // The report shows the key as it is after acting.
    expect(report.violations.find((violation) => violation.apiKey.name === "overdue")?.apiKey.status).toBe(
      "EXPIRED",
    );

    const overdue = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: keyIds.get("overdue") } });
    // Expired, not revoked: EXPIRED is derived from expiresAt.
    expect(overdue.status).toBe("ACTIVE");
    expect(overdue.expiresAt?.getTime()).toBe(now());
    expect(overdue.revokedAt).toBeNull();
    const due = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: keyIds.get("due") } });
    expect(due.rotationDueAt?.getTime()).toBe(due.createdAt.getTime() + 90 * DAY_MS);

    const alerts = await db.prisma.alert.findMany({ where: { accountId: seeded.accountId } });
    expect(alerts).toHaveLength(7);
    expect(new Set(alerts.map((alert) => alert.profileId))).toEqual(new Set([owner.id]));

    const audit = await db.prisma.auditEvent.findMany({ where: { accountId: seeded.accountId } });
    expect(audit.every((event) => event.cause === "POLICY" && event.actorId === admin.id)).toBe(true);
    expect(audit.map((event) => event.action).sort()).toEqual(
      [...Array(7).fill("alert.raised"), "apiKey.expired", "apiKey.rotationDue", "apiKey.rotationDue"].sort(),
    );

    // Every instance drops the expired key from its verification cache; owners hear of the alerts live.
    expect(invalidated).toEqual([keyIds.get("overdue")]);
    expect(changes.map((change) => change.change)).toEqual(["EXPIRED"]);
    expect(raised).toHaveLength(7);
  });

  it("deduplicates: acting again raises nothing new and changes nothing", async () => {
    const before = await db.prisma.auditEvent.count({ where: { accountId: seeded.accountId } });
    const report = await run(admin, true);
    expect(report.actions).toEqual([]);
    expect(byName(report).overdue).toEqual(["EXPIRED"]);
    expect(await db.prisma.alert.count({ where: { accountId: seeded.accountId } })).toBe(7);
    expect(await db.prisma.auditEvent.count({ where: { accountId: seeded.accountId } })).toBe(before);
  });

  it("resolves a policy alert once its condition clears, and raises it again if it comes back", async () => {
    await db.prisma.apiKey.update({
      where: { id: keyIds.get("no-allowlist") },
      data: { ipAllowlist: ["192.0.2.0/24"] },
    });
    const cleared = await run(admin, true);
    expect(actionsOf(cleared)).toEqual([["no-allowlist", "ALERT_RESOLVED", null]]);
    expect(cleared.actions[0]?.alert).toMatchObject({ kind: "POLICY_VIOLATION", resolved: true });

    await db.prisma.apiKey.update({ where: { id: keyIds.get("no-allowlist") }, data: { ipAllowlist: [] } });
    const back = await run(admin, true);
    expect(actionsOf(back)).toEqual([["no-allowlist", "ALERT_RAISED", "MISSING_IP_ALLOWLIST_IN_PRODUCTION"]]);
  });

  it("does not raise again an alert its owner acknowledged while the condition stands", async () => {
    const alert = await db.prisma.alert.findFirstOrThrow({
      where: { apiKeyId: keyIds.get("due"), kind: "ROTATION_DUE" },
    });
    const resolve = await harness.run(
      `mutation($id: ID!) { resolveAlert(input: { id: $id }) { __typename ... on ResolveAlertPayload { alert { resolved } } } }`,
      sessionViewer(owner),
      { id: Buffer.from(`Alert:${alert.id}`).toString("base64") },
    );
    expect(resolve.data?.resolveAlert).toEqual({
      __typename: "ResolveAlertPayload",
      alert: { resolved: true },
    });
    const report = await run(admin, true);
    expect(report.actions).toEqual([]);
    expect(byName(report).due).toEqual(["ROTATION_DUE"]);
  });

  it("clears rotation-due dates when auto rotation is turned off", async () => {
    await db.prisma.orgPolicy.update({
      where: { accountId: seeded.accountId },
      data: { rotationAgeDays: null },
    });
    const report = await run(admin, true);
    expect(actionsOf(report)).toEqual([["due", "ROTATION_DUE_CLEARED", null]]);
    const due = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: keyIds.get("due") } });
    expect(due.rotationDueAt).toBeNull();
    // The expired key keeps the date it was expired for.
    const overdue = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: keyIds.get("overdue") } });
    expect(overdue.rotationDueAt).not.toBeNull();
  });

  it("leaves other rules' alerts alone when only some rules are applied (the scheduler's passes)", async () => {
    const open = () =>
      db.prisma.alert.count({ where: { accountId: seeded.accountId, resolvedAt: null, kind: "EXPIRED" } });
    const before = await open();
    expect(before).toBe(2);
    const report = await applyOrgPolicy(
      { prisma: db.prisma, clock: harness.clock, events: harness.events },
      systemActor(seeded.accountId),
      { act: true, rules: ["ROTATION_DUE", "ROTATION_OVERDUE"] },
    );
    expect(report.actions).toEqual([]);
    expect(await open()).toBe(before);
  });

  it("evaluates only the caller's account", async () => {
    const other = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
    const report = await run(other.profiles.admin as Profile, true);
    expect(report).toMatchObject({ evaluated: 0, violations: [], actions: [] });
  });
});
