import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../errors/index.ts";
import { createInProcessEventBus, type KeywardEvents } from "../events/index.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { createManualClock } from "../runtime/clock.ts";
import {
  createTestDatabase,
  type SeededAccount,
  seedAccount,
  seedKey,
  type TestDatabase,
  testEngines,
} from "../test-support/index.ts";
import { createLeakReporter } from "./report-leaked-tokens.ts";
import { generateToken } from "./token-format.ts";

/** The client, recording every use of it: a report that uses none of it ran no SQL. */
function watched(prisma: PrismaClient) {
  const uses: string[] = [];
  const proxy = new Proxy(prisma, {
    get(target, property, receiver) {
      uses.push(String(property));
      return Reflect.get(target, property, receiver);
    },
  });
  return { prisma: proxy, uses };
}

describe.each(testEngines())("leak reports [%s]", (engine) => {
  let db: TestDatabase;
  let seeded: SeededAccount;
  const clock = createManualClock(new Date("2026-05-01T08:00:00Z"));

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    seeded = await seedAccount(db.prisma, { owner: "USER" });
  });
  afterAll(async () => {
    await db.close();
  });

  function reporter() {
    const events = createInProcessEventBus();
    const published: Array<[keyof KeywardEvents, unknown]> = [];
    for (const topic of ["key.changed", "key.invalidate", "alert.raised"] as const) {
      events.subscribe(topic, (payload) => published.push([topic, payload]));
    }
    const { prisma, uses } = watched(db.prisma);
    return { leaks: createLeakReporter({ prisma, clock, events }), published, uses };
  }

  const valid = generateToken("PRODUCTION").token;
  const badChecksum = `${valid.slice(0, -1)}${valid.endsWith("0") ? "1" : "0"}`;
  const garbage = ["", "hello", badChecksum, "kw_prd_short", `${valid}x`];

  it("ignores garbage and bad checksums without hashing or any SQL", async () => {
    const { leaks, uses, published } = reporter();
    expect(await leaks.report({ tokens: garbage, source: "github" }, "192.0.2.1")).toEqual({
      received: 5,
      revoked: 0,
      ignored: 5,
    });
    expect(leaks.counters).toMatchObject({ malformed: 5, hashes: 0, lookups: 0, revoked: 0 });
    expect(uses).toEqual([]);
    expect(published).toEqual([]);
  });

  it("looks well-formed tokens up in one query and ignores unknown ones", async () => {
    const { leaks, uses } = reporter();
    const unknown = [generateToken("DEVELOPMENT").token, generateToken("STAGING").token];
    expect(await leaks.report({ tokens: [...unknown, "junk"] }, null)).toEqual({
      received: 3,
      revoked: 0,
      ignored: 3,
    });
    expect(leaks.counters).toMatchObject({ malformed: 1, hashes: 2, lookups: 1 });
    expect(uses).toEqual(["apiKey"]);
  });

  it("revokes a live key at once, audits it as the system, alerts the owner and publishes", async () => {
    const owner = seeded.profiles.owner!;
    const { key, token } = await seedKey(db.prisma, { accountId: seeded.accountId, ownerId: owner.id });
    const { leaks, published } = reporter();
    const result = await leaks.report(
      { tokens: [token, token, "garbage"], source: "github-secret-scanning" },
      "192.0.2.9",
    );
    expect(result).toEqual({ received: 3, revoked: 1, ignored: 2 });

    const stored = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(stored).toMatchObject({
      status: "REVOKED",
      revocationCause: "LEAKED",
      revokedById: null,
      revokedAt: clock.now(),
      revocationNote: "Reported leaked (source: github-secret-scanning)",
    });
    const audit = await db.prisma.auditEvent.findFirstOrThrow({
      where: { accountId: seeded.accountId, action: "apiKey.revoked", targetId: key.id },
    });
    expect(audit).toMatchObject({ actorKind: "SYSTEM", actorId: null, ip: "192.0.2.9", cause: "LEAKED" });
    expect(audit.data).toEqual({
      ownerId: owner.id,
      note: "Reported leaked (source: github-secret-scanning)",
    });
    const alert = await db.prisma.alert.findFirstOrThrow({ where: { apiKeyId: key.id } });
    expect(alert).toMatchObject({ kind: "KEY_LEAKED", severity: "CRITICAL", profileId: owner.id });
    expect(alert.message).not.toContain(token);

    expect(published).toEqual([
      // Invalidation first: every instance stops accepting the key before anything else happens.
      ["key.invalidate", { keyIds: [key.id] }],
      ["key.changed", expect.objectContaining({ keyId: key.id, status: "REVOKED", change: "REVOKED" })],
      ["alert.raised", expect.objectContaining({ alertId: alert.id, kind: "KEY_LEAKED", apiKeyId: key.id })],
    ]);

    // Reported again: already revoked, nothing happens.
    const again = reporter();
    expect(await again.leaks.report({ tokens: [token] }, null)).toEqual({
      received: 1,
      revoked: 0,
      ignored: 1,
    });
    expect(again.published).toEqual([]);
    expect(await db.prisma.alert.count({ where: { apiKeyId: key.id } })).toBe(1);
  });

  it("refuses malformed reports with VALIDATION_FAILED", async () => {
    const { leaks } = reporter();
    for (const input of [
      {},
      { tokens: "kw" },
      { tokens: [] },
      { tokens: Array(101).fill("x") },
      { tokens: ["x"], source: "a\u0000b" },
    ]) {
      await expect(leaks.report(input, null)).rejects.toSatisfy(
        (error) => error instanceof DomainError && error.code === "VALIDATION_FAILED",
      );
    }
  });
});
