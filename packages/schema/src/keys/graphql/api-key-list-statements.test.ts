import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../../identity/viewer.ts";
import {
  createSchemaHarness,
  createTestDatabase,
  dataOf,
  type SchemaHarness,
  seedAccount,
  seedKeyRegistry,
  sessionViewer,
  type TestDatabase,
  testEngines,
} from "../../test-support/index.ts";

// DESIGN §10: the SQL statements of a list query do not depend on its page size (no N+1 through
// owners or workspaces). Statements are counted at the Prisma driver adapter.
const document = /* GraphQL */ `
  query Registry($first: Int!) {
    apiKeys(first: $first) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          name
          status
          owner { id displayName email }
          createdBy { id displayName }
          workspaces { id slug name }
        }
      }
    }
  }
`;

type Registry = {
  totalCount: number;
  edges: Array<{
    node: { id: string; owner: { id: string; displayName: string }; workspaces: Array<{ id: string }> };
  }>;
};

describe.each(testEngines())("apiKeys list: statements per page size [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let admin: Viewer;
  const statements: string[] = [];
  let counting = false;

  beforeAll(async () => {
    db = await createTestDatabase(engine, {
      onStatement: (sql) => {
        if (counting) statements.push(sql);
      },
    });
    harness = createSchemaHarness(db);
    const seeded = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
    admin = sessionViewer(seeded.profiles.admin!);
    await seedKeyRegistry(db.prisma, { accountId: seeded.accountId, keys: 230, owners: 23, workspaces: 5 });
    // Connections are opened (and set up) before anything is counted.
    await harness.run(document, admin, { first: 1 });
  });

  afterAll(async () => {
    await db.close();
  });

  async function statementsFor(first: number): Promise<{ registry: Registry; sql: string[] }> {
    statements.length = 0;
    counting = true;
    try {
      const registry = dataOf<Registry>(await harness.run(document, admin, { first }), "apiKeys");
      return { registry, sql: [...statements] };
    } finally {
      counting = false;
    }
  }

  it("sends the same statements for 10, 50 and 200 keys with their owners and workspaces", async () => {
    const runs = [];
    for (const first of [10, 50, 200]) {
      const { registry, sql } = await statementsFor(first);
      expect(registry.totalCount).toBe(230);
      expect(registry.edges).toHaveLength(first);
      const owners = new Set(registry.edges.map((edge) => edge.node.owner.id));
      expect(owners.size).toBe(Math.min(first, 23));
      for (const edge of registry.edges) expect(edge.node.workspaces.length).toBe(2);
      runs.push(sql);
    }
    const [ten, fifty, twoHundred] = runs;
    expect(ten!.length).toBeGreaterThan(0);
    expect(fifty).toHaveLength(ten!.length);
    expect(twoHundred).toHaveLength(ten!.length);
  });
});
