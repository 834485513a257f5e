import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "../audit/audit-actor.ts";
import type { Prisma, Profile } from "../generated/prisma/client.ts";
import { generateToken } from "../keys/token-format.ts";
import {
  createSchemaHarness,
  createTestDatabase,
  type SchemaHarness,
  type SeededAccount,
  seedAccount,
  seedKey,
  type TestDatabase,
  testEngines,
} from "../test-support/index.ts";
import { type ActivityWriter, createActivityWriter } from "../verification/activity-writer.ts";
import { createMemoryKeyRateLimiter } from "../verification/key-rate-limiter.ts";
import { createKeyRecordCache } from "../verification/key-record-cache.ts";
import { createVerifier, type Verifier } from "../verification/verifier.ts";
import { resolveAlertInTransaction } from "./alerts.ts";
import { type AnomalyDetector, createAnomalyDetector } from "./anomaly-detector.ts";

const policyOf = (overrides: Prisma.OrgPolicyUpdateInput = {}): Prisma.OrgPolicyUpdateInput => ({
  failedAuthBurstThreshold: 3,
  failedAuthBurstWindowSecs: 60,
  suspiciousActivityDetection: true,
  autoLockSuspicious: false,
  ...overrides,
});

describe.each(testEngines())("suspicious-activity detection, live [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let seeded: SeededAccount;
  let owner: Profile;
  let writer: ActivityWriter;
  let verifier: Verifier;
  let detector: AnomalyDetector;
  let invalidated: string[];
  let raised: string[];

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db);
  });
  afterAll(async () => {
    await db.close();
  });

  /** A fresh account with this policy, and a verifier + detector wired through the event bus. */
  async function setUp(policy: Prisma.OrgPolicyUpdateInput = policyOf()) {
    seeded = await seedAccount(db.prisma, { admin: "SUPER_ADMIN", owner: "USER" });
    owner = seeded.profiles.owner as Profile;
    await db.prisma.orgPolicy.update({ where: { accountId: seeded.accountId }, data: policy });
    const deps = { prisma: db.prisma, clock: harness.clock, events: harness.events };
    writer = createActivityWriter({ prisma: db.prisma, events: harness.events, flushIntervalMs: 60_000 });
    verifier = createVerifier({
      ...deps,
      cache: createKeyRecordCache({ clock: harness.clock }),
      rateLimiter: createMemoryKeyRateLimiter(),
      activity: writer,
    });
    detector = createAnomalyDetector({ deps });
    detector.start();
  }

  beforeEach(() => {
    invalidated = [];
    raised = [];
    const unsubscribers = [
      harness.events.subscribe("key.invalidate", (event) => invalidated.push(...event.keyIds)),
      harness.events.subscribe("alert.raised", (event) => raised.push(event.kind)),
    ];
    return () => {
      for (const unsubscribe of unsubscribers) unsubscribe();
    };
  });

  afterEach(async () => {
    await detector.stop();
    verifier.close();
    await writer.close();
  });

  const productionKey = () =>
    seedKey(db.prisma, { accountId: seeded.accountId, ownerId: owner.id, environment: "PRODUCTION" });
  const verify = (token: string, ip: string, extra: { environment?: "DEVELOPMENT" | "PRODUCTION" } = {}) =>
    verifier.verify({ callerAccountId: seeded.accountId, token, ip, ...extra });
  const settle = async () => {
    await writer.flush();
    await detector.settled();
  };
  const alerts = () =>
    db.prisma.alert.findMany({ where: { accountId: seeded.accountId }, orderBy: { createdAt: "asc" } });

  it("raises a burst alert for the key's owner at the threshold of failures within the window", async () => {
    await setUp();
    const { key, token } = await productionKey();
    // Three IPs outside the key's allowlist: a burst of the key, not of one IP.
    for (const ip of ["192.0.2.1", "192.0.2.2"]) expect((await verify(token, ip)).code).toBe("IP_DENIED");
    await settle();
    expect(await alerts()).toEqual([]);
    await verify(token, "192.0.2.3");
    await settle();
    const [alert, ...rest] = await alerts();
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      kind: "FAILED_AUTH_BURST",
      apiKeyId: key.id,
      profileId: owner.id,
      severity: "WARNING",
      dedupeKey: `burst:key:${key.id}`,
    });
    expect(raised).toEqual(["FAILED_AUTH_BURST"]);
    // Not locked: the policy does not lock.
    expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lockedAt).toBeNull();
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { accountId: seeded.accountId } });
    expect(audit).toMatchObject({
      action: "alert.raised",
      actorKind: "SYSTEM",
      cause: "SUSPICIOUS_ACTIVITY",
    });
  });

  it("locks the key when the policy says so: audited, invalidated everywhere, refused at once", async () => {
    await setUp(policyOf({ autoLockSuspicious: true }));
    const { key, token } = await productionKey();
    expect((await verify(token, "10.0.0.1")).code).toBe("VALID");
    for (const ip of ["192.0.2.1", "192.0.2.2", "192.0.2.3"]) await verify(token, ip);
    await settle();
    const stored = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(stored.lockedAt?.getTime()).toBe(harness.clock.now().getTime());
    expect(stored.status).toBe("ACTIVE");
    expect((await alerts()).map((alert) => [alert.kind, alert.severity])).toEqual([
      ["FAILED_AUTH_BURST", "WARNING"],
      ["KEY_LOCKED", "CRITICAL"],
    ]);
    const locked = await db.prisma.auditEvent.findFirstOrThrow({
      where: { accountId: seeded.accountId, action: "apiKey.locked" },
    });
    expect(locked).toMatchObject({ targetId: key.id, cause: "SUSPICIOUS_ACTIVITY", actorKind: "SYSTEM" });
    expect(invalidated).toEqual([key.id]);
    // The cached VALID record was dropped: the very next verification is refused.
    expect((await verify(token, "10.0.0.1")).code).toBe("REVOKED");
  });

  it("raises an admin alert for a burst from one IP across keys and unknown tokens", async () => {
    await setUp();
    const first = await productionKey();
    const second = await productionKey();
    await verify(first.token, "198.51.100.7");
    await verify(second.token, "198.51.100.7");
    await verify(generateToken("PRODUCTION").token, "198.51.100.7");
    await settle();
    const [alert, ...rest] = await alerts();
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      kind: "FAILED_AUTH_BURST",
      apiKeyId: null,
      profileId: null,
      dedupeKey: "burst:ip:198.51.100.7",
    });
  });

  it("deduplicates a burst while its alert is open, and raises a new one after it is resolved", async () => {
    await setUp();
    const { token } = await productionKey();
    const burst = async (round: number) => {
      for (let index = 1; index <= 3; index++) await verify(token, `192.0.2.${round * 10 + index}`);
      await settle();
    };
    await burst(1);
    harness.clock.advance(61_000);
    await burst(2);
    expect(await alerts()).toHaveLength(1);
    const [open] = await alerts();
    await db.prisma.$transaction((tx) =>
      resolveAlertInTransaction(
        tx,
        systemActor(seeded.accountId),
        open?.id ?? "",
        "PERSON",
        harness.clock.now(),
      ),
    );
    harness.clock.advance(61_000);
    await burst(3);
    const all = await alerts();
    expect(all.map((alert) => alert.resolvedAt === null)).toEqual([false, true]);
  });

  it("alerts on the first valid use from a new /24 once the key has a baseline", async () => {
    await setUp();
    const { key, token } = await productionKey();
    await db.prisma.apiKey.update({ where: { id: key.id }, data: { ipAllowlist: [] } });
    verifier.invalidate([key.id]);
    await verify(token, "203.0.113.10");
    await settle();
    await verify(token, "203.0.113.200");
    await settle();
    expect(await alerts()).toEqual([]);
    await verify(token, "198.51.100.20");
    await settle();
    harness.clock.advance(1_000);
    await verify(token, "198.51.100.21");
    await settle();
    const [alert, ...rest] = await alerts();
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({ kind: "NEW_IP", apiKeyId: key.id, profileId: owner.id });
    expect(alert?.data).toMatchObject({ subject: "198.51.100.0/24", ip: "198.51.100.20" });
    const networks = await db.prisma.keyNetwork.findMany({
      where: { apiKeyId: key.id },
      orderBy: { firstSeenAt: "asc" },
    });
    expect(networks.map((network) => network.network).sort()).toEqual(["198.51.100.0/24", "203.0.113.0/24"]);
  });

  it("treats IPv6 uses by /64", async () => {
    await setUp();
    const { key, token } = await productionKey();
    await db.prisma.apiKey.update({ where: { id: key.id }, data: { ipAllowlist: [] } });
    verifier.invalidate([key.id]);
    await verify(token, "2001:db8:1:2::1");
    await settle();
    await verify(token, "2001:db8:1:2:ffff::9");
    await settle();
    expect(await alerts()).toEqual([]);
    await verify(token, "2001:db8:1:3::1");
    await settle();
    expect((await alerts()).map((alert) => (alert.data as { subject: string }).subject)).toEqual([
      "2001:db8:1:3::/64",
    ]);
  });

  it("alerts (and locks) on use against the wrong environment", async () => {
    await setUp(policyOf({ autoLockSuspicious: true }));
    const { key, token } = await productionKey();
    expect((await verify(token, "10.0.0.1", { environment: "DEVELOPMENT" })).code).toBe(
      "ENVIRONMENT_MISMATCH",
    );
    await verify(token, "10.0.0.1", { environment: "DEVELOPMENT" });
    await settle();
    expect((await alerts()).map((alert) => alert.kind)).toEqual(["ENVIRONMENT_MISMATCH", "KEY_LOCKED"]);
    expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lockedAt).not.toBeNull();
  });

  it("does nothing when detection is off", async () => {
    await setUp(policyOf({ suspiciousActivityDetection: false }));
    const { key, token } = await productionKey();
    for (const ip of ["192.0.2.1", "192.0.2.2", "192.0.2.3", "10.0.0.1", "10.9.0.1"]) await verify(token, ip);
    await verify(token, "10.0.0.1", { environment: "DEVELOPMENT" });
    await settle();
    expect(await alerts()).toEqual([]);
    expect(await db.prisma.keyNetwork.count({ where: { apiKeyId: key.id } })).toBe(0);
  });

  it("ignores keys over their rate limit and sign-in failures", async () => {
    await setUp();
    for (let index = 0; index < 5; index++) {
      harness.events.publish("auth.failure", {
        accountId: seeded.accountId,
        kind: "SIGN_IN",
        code: "INVALID_CREDENTIALS",
        keyId: null,
        ownerId: null,
        presentedHint: null,
        email: "someone@example.test",
        ip: "192.0.2.99",
        occurredAt: harness.clock.now(),
      });
    }
    const { key } = await productionKey();
    for (let index = 0; index < 5; index++) {
      harness.events.publish("auth.failure", {
        accountId: seeded.accountId,
        kind: "VERIFY",
        code: "RATE_LIMITED",
        keyId: key.id,
        ownerId: owner.id,
        presentedHint: null,
        email: null,
        ip: "10.0.0.1",
        occurredAt: harness.clock.now(),
      });
    }
    await settle();
    expect(await alerts()).toEqual([]);
  });
});
