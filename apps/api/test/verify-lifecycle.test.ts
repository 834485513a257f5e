import path from "node:path";
import { type Database, openDatabase } from "@keyward/schema/database";
import { hashToken } from "@keyward/schema/keys";
import { type SeededAccount, testEngines } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  postVerify,
  profileOf,
  type SeededKey,
  seedApiKey,
  seedGatewayAccount,
} from "./support/key-seeds.ts";
import { graphql, startTestServer, type TestServer } from "./support/test-server.ts";

const CREATE = `mutation Create($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    __typename
    ... on IssuedApiKey { token apiKey { id } }
    ... on KeywardError { code message }
  }
}`;
const REVOKE = `mutation Revoke($input: RevokeApiKeyInput!) {
  revokeApiKey(input: $input) {
    __typename
    ... on ApiKeyPayload { apiKey { id status } }
    ... on KeywardError { code message }
  }
}`;

describe.each(testEngines())("key lifecycle over HTTP [%s]", (engine) => {
  let server: TestServer;
  let account: SeededAccount;
  let gateway: SeededKey;
  let writer: SeededKey;

  beforeAll(async () => {
    server = await startTestServer(engine);
    const seeded = await seedGatewayAccount(server.app.database.prisma);
    account = seeded.account;
    gateway = seeded.caller;
    writer = await seedApiKey(server.app.database.prisma, account, {
      ownerId: profileOf(account, "developer").id,
      permissions: ["READ", "WRITE"],
      scopes: ["runs:write"],
    });
  });
  afterAll(async () => {
    await server.close();
  });

  const asWriter = (query: string, variables: Record<string, unknown>) =>
    graphql(server.url, query, variables, { authorization: `Bearer ${writer.token}` });

  async function mint(name: string) {
    const { body } = await asWriter(CREATE, {
      input: { name, module: "WORKFLOW_AUTOMATION", permissions: ["READ"], environment: "DEVELOPMENT" },
    });
    const issued = body.data?.createApiKey as { __typename: string; token: string; apiKey: { id: string } };
    expect(issued.__typename).toBe("IssuedApiKey");
    return issued;
  }

  it("a key created through GraphQL verifies VALID, and the very next verify after its revocation is REVOKED", async () => {
    const issued = await mint("revoked soon");
    const first = await postVerify(server.url, gateway.token, { key: issued.token });
    expect(first.body).toMatchObject({ valid: true, code: "VALID" });
    // Cached now: the revocation must reach the cache through the event bus, not a TTL.
    expect((await postVerify(server.url, gateway.token, { key: issued.token })).body.code).toBe("VALID");

    const revoked = await asWriter(REVOKE, { input: { id: issued.apiKey.id, note: "leaked in a log" } });
    expect(revoked.body.data?.revokeApiKey).toMatchObject({ __typename: "ApiKeyPayload" });
    const after = await postVerify(server.url, gateway.token, { key: issued.token });
    expect(after.body).toMatchObject({ valid: false, code: "REVOKED" });
  });

  it("a bearer that revokes itself is refused on its next request", async () => {
    const issuedWriter = await seedApiKey(server.app.database.prisma, account, {
      ownerId: profileOf(account, "developer").id,
      permissions: ["READ", "WRITE"],
    });
    const self = Buffer.from(`ApiKey:${issuedWriter.id}`).toString("base64");
    const headers = { authorization: `Bearer ${issuedWriter.token}` };
    expect((await graphql(server.url, "{ viewer { id } }", {}, headers)).status).toBe(200);
    const revoked = await graphql(server.url, REVOKE, { input: { id: self } }, headers);
    expect(revoked.body.data?.revokeApiKey).toMatchObject({ apiKey: { status: "REVOKED" } });
    const refused = await graphql(server.url, "{ viewer { id } }", {}, headers);
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("the database holds only the token's hash: no text column of any table contains the token", async () => {
    const issued = await mint("searched for");
    await postVerify(server.url, gateway.token, { key: issued.token });
    await server.app.verification.activity.flush();
    const sql = server.app.database.sql;
    const columns = await sql.query<{ table: string; column: string }>(
      `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'ARRAY', 'json', 'jsonb')`,
    );
    const apiKeyColumns = columns
      .filter((column) => column.table === "ApiKey")
      .map((column) => column.column);
    expect(apiKeyColumns).toEqual(expect.arrayContaining(["hash", "displayHint", "name", "scopes"]));
    const randomPart = issued.token.slice(7, 37);
    for (const { table, column } of columns) {
      const rows = await sql.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM "${table}" WHERE "${column}"::text LIKE $1 OR "${column}"::text LIKE $2`,
        [`%${issued.token}%`, `%${randomPart}%`],
      );
      expect({ table, column, count: rows[0]?.count }).toEqual({ table, column, count: 0 });
    }
    const id = Buffer.from(issued.apiKey.id, "base64").toString("utf8").slice("ApiKey:".length);
    const stored = await server.app.database.prisma.apiKey.findUniqueOrThrow({ where: { id } });
    expect(stored.hash).toBe(hashToken(issued.token));
  });
});

describe.each(testEngines())("shutdown [%s]", (engine) => {
  let server: TestServer;
  let reopened: Database | undefined;
  const maxBuffered = 5_000;

  beforeAll(async () => {
    // Nothing is flushed on its own: the buffer is still full when stop() is called.
    server = await startTestServer(engine, {
      app: { verification: { activity: { batchSize: maxBuffered, maxBuffered, flushIntervalMs: 600_000 } } },
    });
  });
  afterAll(async () => {
    await reopened?.close();
    await server.close();
  });

  it("stop() with a full activity buffer writes every event before the database closes", async () => {
    const prisma = server.app.database.prisma;
    const { account, caller } = await seedGatewayAccount(prisma);
    const key = await seedApiKey(prisma, account, { ownerId: profileOf(account, "developer").id });
    for (let request = 0; request < 10; request++) {
      expect((await postVerify(server.url, caller.token, { key: key.token, ip: "10.9.8.7" })).body.code).toBe(
        "VALID",
      );
    }
    const activity = server.app.verification.activity;
    const occurredAt = new Date();
    let filled = 0;
    while (activity.stats().buffered < maxBuffered) {
      const recorded = activity.record({
        accountId: account.accountId,
        keyId: key.id,
        ownerId: profileOf(account, "developer").id,
        presentedHint: null,
        workspaceId: null,
        module: "GOVERNANCE",
        action: "verify",
        result: "VALID",
        ip: "10.9.8.7",
        occurredAt,
      });
      expect(recorded).toBe(true);
      filled++;
    }
    const before = activity.stats();
    expect(before).toMatchObject({ buffered: maxBuffered, dropped: 0 });

    await server.app.stop();

    expect(activity.stats()).toMatchObject({
      buffered: 0,
      dropped: 0,
      flushed: before.flushed + maxBuffered,
    });
    // PostgreSQL: the test database's own client; PGlite: the stopped server's files, opened again.
    if (!server.database) reopened = await openDatabase({ dataDir: path.join(server.dataDir, "pgdata") });
    const database = server.database ?? reopened;
    if (!database) throw new Error("no database to read back");
    // Every event is counted in the rollups (the gateway key's repeated valid authentications are
    // logged once per batch and address, counted each); every verification of the key is a row.
    const counted = await database.prisma.usageRollup.aggregate({
      where: { accountId: account.accountId },
      _sum: { count: true },
    });
    expect(counted._sum.count).toBe(before.flushed + maxBuffered);
    const verifications = await database.prisma.keyEvent.count({
      where: { accountId: account.accountId, action: "verify" },
    });
    expect(verifications).toBe(10 + filled);
    const keyEvents = await database.prisma.keyEvent.count({ where: { apiKeyId: key.id } });
    const rollups = await database.prisma.usageRollup.findMany({ where: { apiKeyId: key.id } });
    expect(rollups.reduce((sum, row) => sum + row.count, 0)).toBe(keyEvents);
    const stored = await database.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(stored.lastUsedIp).toBe("10.9.8.7");
    expect(stored.lastUsedAt).toBeInstanceOf(Date);
    // Writing a full buffer (tens of thousands of rows) takes 20 s on a loaded two-core machine.
  }, 120_000);
});
