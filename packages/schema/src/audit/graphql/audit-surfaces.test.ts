import type { ExecutionResult } from "graphql";
import { toGlobalId } from "graphql-relay";
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
} from "../../test-support/index.ts";
import { actorOf } from "../audit-actor.ts";
import { recordAuditEvent } from "../record-audit-event.ts";

const eventsQuery = `query($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { seq action targetType targetId occurredAt actorKind hash prevHash } }
  }
}`;
const statusQuery = `{ auditChainStatus { valid events brokenAtSeq reason lastHash } }`;

const nodesOf = (result: ExecutionResult) =>
  (
    (result.data?.auditEvents as { edges: Array<{ node: Record<string, unknown> }> } | undefined)?.edges ?? []
  ).map((edge) => edge.node);

describe.each(testEngines())("audit surfaces [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let seeded: SeededAccount;
  let foreign: SeededAccount;

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
    foreign = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
    const p = seeded.profiles;
    const write = (profile: typeof p.admin, action: string, targetId: string, at: string) =>
      db.prisma.$transaction((tx) =>
        recordAuditEvent(
          tx,
          actorOf(sessionViewer(profile!), "203.0.113.7"),
          {
            action,
            targetType: "ApiKey",
            targetId,
            cause: "MANUAL",
            data: { note: `${action} ${targetId}` },
          },
          new Date(at),
        ),
      );
    await write(p.admin, "apiKey.created", "k1", "2026-01-01T00:00:00Z");
    await write(p.userAdmin, "apiKey.created", "k2", "2026-01-02T00:00:00Z");
    await write(p.admin, "apiKey.revoked", "k1", "2026-01-03T00:00:00Z");
    await write(p.userAdmin, "apiKey.rotated", "k2", "2026-01-04T00:00:00Z");
    await write(p.admin, "apiKey.revoked", "k3", "2026-01-05T00:00:00Z");
    await db.prisma.$transaction((tx) =>
      recordAuditEvent(
        tx,
        actorOf(sessionViewer(foreign.profiles.admin!), null),
        { action: "apiKey.created", targetType: "ApiKey", targetId: "f1" },
        new Date("2026-01-01T00:00:00Z"),
      ),
    );
  });
  afterAll(async () => {
    await db.close();
  });

  it("lists the account's events newest first, with cursor pages", async () => {
    const first = await harness.run(eventsQuery, sessionViewer(seeded.profiles.admin!), { first: 2 });
    expect(first.errors).toBeUndefined();
    const page = first.data?.auditEvents as {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string };
      edges: Array<{ node: { seq: number; action: string } }>;
    };
    expect(page.totalCount).toBe(5);
    expect(page.edges.map((edge) => edge.node.seq)).toEqual([5, 4]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await harness.run(eventsQuery, sessionViewer(seeded.profiles.admin!), {
      first: 10,
      after: page.pageInfo.endCursor,
    });
    const rest = next.data?.auditEvents as { edges: Array<{ node: { seq: number } }> };
    expect(rest.edges.map((edge) => edge.node.seq)).toEqual([3, 2, 1]);
  });

  it.each([
    [{ action: "apiKey.revoked" }, [5, 3]],
    [{ targetType: "ApiKey", targetId: "k2" }, [4, 2]],
    [{ since: "2026-01-02T00:00:00Z", until: "2026-01-04T00:00:00Z" }, [3, 2]],
    [{ action: "apiKey.created", since: "2026-01-02T00:00:00Z" }, [2]],
    [{ targetType: "Profile" }, []],
  ])("filters by %o", async (filter, seqs) => {
    const result = await harness.run(eventsQuery, sessionViewer(seeded.profiles.userAdmin!), { filter });
    expect(result.errors).toBeUndefined();
    expect(nodesOf(result).map((node) => node.seq)).toEqual(seqs);
  });

  it("filters by actor for people admins only", async () => {
    const filter = { actorId: toGlobalId("Profile", seeded.profiles.userAdmin!.id) };
    const admin = await harness.run(eventsQuery, sessionViewer(seeded.profiles.admin!), { filter });
    expect(nodesOf(admin).map((node) => node.seq)).toEqual([4, 2]);
    const billing = await harness.run(eventsQuery, sessionViewer(seeded.profiles.billing!), { filter });
    expect(errorCodesOf(billing)).toEqual(["FORBIDDEN"]);
    const notAProfile = await harness.run(eventsQuery, sessionViewer(seeded.profiles.admin!), {
      filter: { actorId: toGlobalId("ApiKey", seeded.profiles.userAdmin!.id) },
    });
    expect(notAProfile.errors).toBeUndefined();
    expect(nodesOf(notAProfile)).toEqual([]);
  });

  it("shows who, from where and why to people admins, and only what/when to billing_admin", async () => {
    const details = `{ auditEvents(first: 1) { edges { node { seq action actor { id } ip cause data viaKeyId } } } }`;
    const admin = await harness.run(details, sessionViewer(seeded.profiles.userAdmin!));
    expect(admin.errors).toBeUndefined();
    expect(nodesOf(admin)[0]).toEqual({
      seq: 5,
      action: "apiKey.revoked",
      actor: { id: toGlobalId("Profile", seeded.profiles.admin!.id) },
      ip: "203.0.113.7",
      cause: "MANUAL",
      data: '{"note":"apiKey.revoked k3"}',
      viaKeyId: null,
    });
    const billing = await harness.run(details, sessionViewer(seeded.profiles.billing!));
    expect(errorCodesOf(billing)).toEqual(["FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"]);
    const metadata = await harness.run(eventsQuery, sessionViewer(seeded.profiles.billing!), { first: 1 });
    expect(metadata.errors).toBeUndefined();
    expect(nodesOf(metadata)[0]).toMatchObject({
      seq: 5,
      action: "apiKey.revoked",
      targetId: "k3",
      actorKind: "USER",
    });
  });

  it("refuses users, other admin roles, keys without ADMIN and anonymous callers", async () => {
    const key = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: seeded.profiles.admin!.id,
      permissions: ["READ"],
    });
    for (const viewer of [
      sessionViewer(seeded.profiles.user!),
      sessionViewer(seeded.profiles.modelAdmin!),
      keyViewer(seeded.profiles.admin!, key.key),
    ]) {
      expect(errorCodesOf(await harness.run(eventsQuery, viewer))).toEqual(["FORBIDDEN"]);
      expect(errorCodesOf(await harness.run(statusQuery, viewer))).toEqual(["FORBIDDEN"]);
    }
    expect(errorCodesOf(await harness.run(statusQuery, null))).toEqual(["UNAUTHENTICATED"]);
  });

  it("never shows another account's events", async () => {
    const result = await harness.run(eventsQuery, sessionViewer(foreign.profiles.admin!), {
      filter: { targetId: "k1" },
    });
    expect(result.data?.auditEvents).toMatchObject({ totalCount: 0, edges: [] });
  });

  it("reports the chain valid, then broken at the row that was edited", async () => {
    const before = await harness.run(statusQuery, sessionViewer(seeded.profiles.billing!));
    expect(before.data?.auditChainStatus).toEqual({
      valid: true,
      events: 5,
      brokenAtSeq: null,
      reason: null,
      lastHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // An attacker with database access bypasses the append-only trigger.
    await db.sql.withConnection(async (connection) => {
      await connection.exec("SET session_replication_role = replica");
      await connection.query(`UPDATE "AuditEvent" SET "targetId" = 'k9' WHERE "accountId" = $1 AND seq = 3`, [
        seeded.accountId,
      ]);
      await connection.exec("SET session_replication_role = DEFAULT");
    });
    const after = await harness.run(statusQuery, sessionViewer(seeded.profiles.admin!));
    expect(after.data?.auditChainStatus).toEqual({
      valid: false,
      events: 2,
      brokenAtSeq: 3,
      reason: "HASH_MISMATCH",
      lastHash: null,
    });
    const other = await harness.run(statusQuery, sessionViewer(foreign.profiles.admin!));
    expect(other.data?.auditChainStatus).toMatchObject({ valid: true, events: 1 });
  });
});
