import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Profile } from "../generated/prisma/client.ts";
import type { Viewer } from "../identity/viewer.ts";
import {
  createSchemaHarness,
  createTestDatabase,
  type SchemaHarness,
  seedAccount,
  seedKey,
  sessionViewer,
  type TestDatabase,
  testEngines,
} from "../test-support/index.ts";

// Free-text filters carrying a control character (PostgreSQL text cannot hold NUL) match nothing
// instead of failing the query with an uncoded database error.

const queries: Array<[string, string, (data: Record<string, unknown>) => number]> = [
  [
    "apiKeys search",
    "query ($text: String) { apiKeys(filter: { search: $text }) { totalCount } }",
    (data) => (data.apiKeys as { totalCount: number }).totalCount,
  ],
  [
    "users search",
    "query ($text: String) { users(filter: { search: $text }) { totalCount } }",
    (data) => (data.users as { totalCount: number }).totalCount,
  ],
  [
    "activityLog result",
    "query ($text: String) { activityLog(filter: { result: $text }) { edges { cursor } } }",
    (data) => (data.activityLog as { edges: unknown[] }).edges.length,
  ],
];

describe.each(testEngines())("control characters in text filters [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let admin: Viewer;

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db);
    const account = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
    const profile = account.profiles.admin as Profile;
    admin = sessionViewer(profile);
    const { key } = await seedKey(db.prisma, { accountId: account.accountId, ownerId: profile.id });
    await db.prisma.keyEvent.create({
      data: {
        accountId: account.accountId,
        apiKeyId: key.id,
        action: "verify",
        result: "VALID",
        occurredAt: new Date(),
      },
    });
  });
  afterAll(async () => {
    await db.close();
  });

  it.each(queries)("%s: NUL and other control characters match nothing", async (_name, document, count) => {
    const plain = document.includes("activityLog") ? "VALID" : "a";
    const matching = await harness.run(document, admin, { text: plain });
    expect(matching.errors).toBeUndefined();
    expect(count(matching.data as Record<string, unknown>)).toBeGreaterThan(0);
    for (const text of [`${plain}\u0000`, `${plain}\u0001${plain}`, "\u0007"]) {
      const result = await harness.run(document, admin, { text });
      expect(result.errors, JSON.stringify(text)).toBeUndefined();
      expect(count(result.data as Record<string, unknown>)).toBe(0);
    }
  });
});
