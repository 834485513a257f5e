import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessEventBus } from "../events/index.ts";
import type { Profile } from "../generated/prisma/client.ts";
import { createManualClock } from "../runtime/clock.ts";
import {
  createTestDatabase,
  seedAccount,
  seedKey,
  type TestDatabase,
  testEngines,
} from "../test-support/index.ts";
import { alertOnUsagePressure } from "./usage-monitoring.ts";

describe.each(testEngines())("usage monitoring [%s]", (engine) => {
  let db: TestDatabase;
  const clock = createManualClock(new Date("2026-05-20T00:00:00Z"));
  beforeAll(async () => {
    db = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await db.close();
  });

  it("raises one admin alert per month once 80 % of the plan is used", async () => {
    const seeded = await seedAccount(db.prisma, { owner: "USER" });
    await db.prisma.account.update({
      where: { id: seeded.accountId },
      data: { planMonthlyVerifications: 100 },
    });
    const { key } = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: (seeded.profiles.owner as Profile).id,
    });
    const deps = { prisma: db.prisma, clock, events: createInProcessEventBus() };
    const use = (count: number, minute: string) =>
      db.prisma.usageRollup.create({
        data: {
          accountId: seeded.accountId,
          apiKeyId: key.id,
          minute: new Date(minute),
          result: "VALID",
          count,
        },
      });
    await use(79, "2026-05-02T10:00:00Z");
    await use(500, "2026-04-30T10:00:00Z");
    expect(await alertOnUsagePressure(deps, seeded.accountId, clock.now())).toBeNull();
    await use(1, "2026-05-03T10:00:00Z");
    const alert = await alertOnUsagePressure(deps, seeded.accountId, clock.now());
    expect(alert).toMatchObject({
      kind: "USAGE_PRESSURE",
      severity: "WARNING",
      profileId: null,
      dedupeKey: "usage:2026-05",
    });
    expect(await alertOnUsagePressure(deps, seeded.accountId, clock.now())).toBeNull();
  });
});
