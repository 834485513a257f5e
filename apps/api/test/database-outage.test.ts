import { testEngines } from "@keyward/schema/test-support";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  postVerify,
  profileOf,
  type SeededKey,
  seedApiKey,
  seedGatewayAccount,
} from "./support/key-seeds.ts";
import { graphql, startTestServer, type TestServer } from "./support/test-server.ts";

// DESIGN §10: PostgreSQL unreachable for a few seconds. Cached keys keep verifying, requests that
// need the database fail with a clear error, and buffered activity reaches the database after it
// returns. The outage is real: new connections to the test database are refused and every open
// backend is terminated.
describe.runIf(testEngines().includes("postgres"))("PostgreSQL outage [postgres]", () => {
  let server: TestServer;
  let admin: pg.Client;
  let databaseName: string;
  let gateway: SeededKey;
  let cached: SeededKey;
  let uncached: SeededKey;

  const setReachable = async (reachable: boolean) => {
    await admin.query(`ALTER DATABASE "${databaseName}" WITH ALLOW_CONNECTIONS ${reachable}`);
    if (!reachable) {
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [
        databaseName,
      ]);
    }
  };

  beforeAll(async () => {
    server = await startTestServer("postgres");
    const url = server.database?.url;
    if (!url) throw new Error("no PostgreSQL database");
    databaseName = new URL(url).pathname.slice(1);
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const prisma = server.app.database.prisma;
    const seeded = await seedGatewayAccount(prisma);
    gateway = seeded.caller;
    const ownerId = profileOf(seeded.account, "developer").id;
    cached = await seedApiKey(prisma, seeded.account, { ownerId });
    uncached = await seedApiKey(prisma, seeded.account, { ownerId });
  });
  afterAll(async () => {
    await setReachable(true).catch(() => {});
    await admin.end();
    await server.close();
  });

  it("keeps verifying cached keys, fails clearly where the database is needed, and loses no activity", async () => {
    // Warm the cache for the gateway's own key and the key it verifies.
    expect((await postVerify(server.url, gateway.token, { key: cached.token })).body.code).toBe("VALID");
    const before = await server.app.database.prisma.keyEvent.count({ where: { apiKeyId: cached.id } });

    await setReachable(false);
    try {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const answer = await postVerify(server.url, gateway.token, { key: cached.token });
        expect(answer.status).toBe(200);
        expect(answer.body.code).toBe("VALID");
      }
      const miss = await postVerify(server.url, gateway.token, { key: uncached.token });
      expect(miss.status).toBe(503);
      expect(JSON.stringify(miss.body)).not.toContain(uncached.token);
      const query = await graphql(
        server.url,
        "{ workspaces { id } }",
        {},
        { authorization: `Bearer ${gateway.token}` },
      );
      expect(query.body.data?.workspaces ?? null).toBeNull();
      expect(query.body.errors?.length ?? 0).toBeGreaterThan(0);
      expect(JSON.stringify(query.body)).not.toMatch(/SELECT|prisma|ECONNREFUSED/i);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await setReachable(true);
    }

    // The five verifications made during the outage reach the database once it is back.
    await expect
      .poll(async () => server.app.database.prisma.keyEvent.count({ where: { apiKeyId: cached.id } }), {
        timeout: 30_000,
        interval: 250,
      })
      .toBeGreaterThanOrEqual(before + 5);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect((await postVerify(server.url, gateway.token, { key: uncached.token })).body.code).toBe("VALID");
  });
});
