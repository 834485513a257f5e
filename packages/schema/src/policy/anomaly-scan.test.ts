import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createInProcessEventBus } from "../events/index.ts";
import type { ApiKey, Profile } from "../generated/prisma/client.ts";
import { createManualClock } from "../runtime/clock.ts";
import {
  createTestDatabase,
  type SeededAccount,
  seedAccount,
  seedKey,
  type TestDatabase,
  testEngines,
} from "../test-support/index.ts";
import { scanAccountActivity } from "./anomaly-scan.ts";
import { loadOrgPolicy } from "./org-policy.ts";

const since = new Date("2026-04-01T12:00:00Z");
const until = new Date("2026-04-01T12:10:00Z");
const at = (seconds: number) => new Date(since.getTime() + seconds * 1000);

describe.each(testEngines())("suspicious-activity scan [%s]", (engine) => {
  let db: TestDatabase;
  let seeded: SeededAccount;
  let keys: ApiKey[];
  const clock = createManualClock(until);
  const events = createInProcessEventBus();
  const deps = () => ({ prisma: db.prisma, clock, events });

  beforeAll(async () => {
    db = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await db.close();
  });

  beforeEach(async () => {
    seeded = await seedAccount(db.prisma, { owner: "USER" });
    await db.prisma.orgPolicy.update({
      where: { accountId: seeded.accountId },
      data: { failedAuthBurstThreshold: 3, failedAuthBurstWindowSecs: 60 },
    });
    const owner = seeded.profiles.owner as Profile;
    keys = [];
    for (let index = 0; index < 4; index++) {
      keys.push((await seedKey(db.prisma, { accountId: seeded.accountId, ownerId: owner.id })).key);
    }
  });

  const event = (key: ApiKey | null, result: string, occurredAt: Date, ip: string | null = "10.0.0.1") => ({
    accountId: seeded.accountId,
    apiKeyId: key?.id ?? null,
    action: "verify",
    result,
    ip,
    occurredAt,
  });
  const scan = async () =>
    scanAccountActivity(
      deps(),
      seeded.accountId,
      await loadOrgPolicy(db.prisma, seeded.accountId),
      since,
      until,
    );
  const alerts = () =>
    db.prisma.alert.findMany({ where: { accountId: seeded.accountId }, orderBy: { dedupeKey: "asc" } });

  it("finds per-key and per-IP bursts, environment mismatches and new networks in stored activity", async () => {
    const [burst, mismatch, roaming, slow] = keys as [ApiKey, ApiKey, ApiKey, ApiKey];
    await db.prisma.keyEvent.createMany({
      data: [
        // A key burst that straddles the start of the scan: counted once, in this scan.
        event(burst, "IP_DENIED", at(-30), "192.0.2.1"),
        event(burst, "IP_DENIED", at(-20), "192.0.2.2"),
        event(burst, "FORBIDDEN", at(5), "192.0.2.3"),
        // Three failures spread over three minutes: no burst.
        event(slow, "FORBIDDEN", at(0), "192.0.2.10"),
        event(slow, "FORBIDDEN", at(90), "192.0.2.11"),
        event(slow, "FORBIDDEN", at(180), "192.0.2.12"),
        // Unknown tokens from one IP.
        event(null, "NOT_FOUND", at(100), "198.51.100.9"),
        event(null, "NOT_FOUND", at(101), "198.51.100.9"),
        event(null, "NOT_FOUND", at(102), "198.51.100.9"),
        // Rate-limited requests are not failures of authentication.
        event(slow, "RATE_LIMITED", at(300), "192.0.2.50"),
        event(slow, "RATE_LIMITED", at(301), "192.0.2.50"),
        event(slow, "RATE_LIMITED", at(302), "192.0.2.50"),
        event(mismatch, "ENVIRONMENT_MISMATCH", at(200), "10.0.0.7"),
        // A baseline network, then a new one.
        event(roaming, "VALID", at(10), "10.1.1.1"),
        event(roaming, "VALID", at(20), "10.1.1.2"),
        event(roaming, "VALID", at(30), "10.2.2.2"),
        // Outside the scanned range.
        event(mismatch, "ENVIRONMENT_MISMATCH", at(700), "10.0.0.8"),
      ],
    });
    const result = await scan();
    expect(result).toEqual({ detections: 4, alerts: 4, locked: 0 });
    expect((await alerts()).map((alert) => [alert.kind, alert.dedupeKey, alert.profileId !== null])).toEqual(
      [
        ["FAILED_AUTH_BURST", "burst:ip:198.51.100.9", false],
        ["FAILED_AUTH_BURST", `burst:key:${burst.id}`, true],
        ["ENVIRONMENT_MISMATCH", `environment:${mismatch.id}`, true],
        ["NEW_IP", `new-ip:${roaming.id}:10.2.2.0/24`, true],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );
    // Scanning the same range again finds the same things and raises nothing new.
    expect(await scan()).toEqual({ detections: 3, alerts: 0, locked: 0 });
    expect(await alerts()).toHaveLength(4);
  });

  it("does not count again a burst that reached its threshold before the scanned range", async () => {
    const [key] = keys as [ApiKey];
    await db.prisma.keyEvent.createMany({
      data: [
        event(key, "FORBIDDEN", at(-50)),
        event(key, "FORBIDDEN", at(-40)),
        event(key, "FORBIDDEN", at(-30)),
        event(key, "FORBIDDEN", at(1)),
      ],
    });
    expect(await scan()).toEqual({ detections: 0, alerts: 0, locked: 0 });
  });

  it("locks keys found by the scan when the policy locks suspicious keys", async () => {
    await db.prisma.orgPolicy.update({
      where: { accountId: seeded.accountId },
      data: { autoLockSuspicious: true },
    });
    const [key] = keys as [ApiKey];
    const invalidated: string[] = [];
    const unsubscribe = events.subscribe("key.invalidate", (event) => invalidated.push(...event.keyIds));
    await db.prisma.keyEvent.createMany({
      data: [
        event(key, "FORBIDDEN", at(1), "192.0.2.1"),
        event(key, "FORBIDDEN", at(2), "192.0.2.2"),
        event(key, "FORBIDDEN", at(3), "192.0.2.3"),
      ],
    });
    expect(await scan()).toEqual({ detections: 1, alerts: 1, locked: 1 });
    unsubscribe();
    expect(invalidated).toEqual([key.id]);
    const stored = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(stored.lockedAt).toEqual(until);
  });
});
