import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhookSignature } from "@keyward/schema";
import { type SeededAccount, seedAccount, seedKey, testEngines } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { seedApiKey } from "./support/key-seeds.ts";
import { graphql, startTestServer, type TestServer } from "./support/test-server.ts";

async function postLeaks(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/v1/keys/leaks`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe.each(testEngines())("leaked-key reports over HTTP [%s]", (engine) => {
  let server: TestServer;
  let seeded: SeededAccount;
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.end();
    });
  });
  let webhookSecret: string;
  let endpointId: string;
  let adminToken: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    seeded = await seedAccount(server.app.database.prisma, { admin: "SUPER_ADMIN", owner: "USER" });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const { port } = receiver.address() as AddressInfo;
    adminToken = (
      await seedApiKey(server.app.database.prisma, seeded, {
        ownerId: seeded.profiles.admin!.id,
        permissions: ["READ", "WRITE", "ADMIN"],
      })
    ).token;
    const created = await graphql(
      server.url,
      `mutation($input: CreateWebhookEndpointInput!) {
        createWebhookEndpoint(input: $input) { ... on CreatedWebhookEndpoint { secret endpoint { id } } }
      }`,
      { input: { url: `http://127.0.0.1:${port}/keyward`, events: ["key.revoked", "key.leaked"] } },
      { authorization: `Bearer ${adminToken}` },
    );
    const payload = created.body.data?.createWebhookEndpoint as { secret: string; endpoint: { id: string } };
    webhookSecret = payload.secret;
    endpointId = payload.endpoint.id;
  });
  afterAll(async () => {
    await server.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it("revokes a reported live key at once and tells its webhooks, signed", async () => {
    const prisma = server.app.database.prisma;
    const { key, token } = await seedKey(prisma, {
      accountId: seeded.accountId,
      ownerId: seeded.profiles.owner!.id,
    });
    const result = await postLeaks(server.url, { tokens: [token, "not-a-token"], source: "public gist" });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ received: 2, revoked: 1, ignored: 1 });
    expect(JSON.stringify(result.body)).not.toContain(key.id);
    const stored = await prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(stored).toMatchObject({ status: "REVOKED", revocationCause: "LEAKED", revokedById: null });
    expect(await prisma.alert.count({ where: { apiKeyId: key.id, kind: "KEY_LEAKED" } })).toBe(1);

    // The app's own dispatcher delivers both events to the local receiver.
    await vi.waitFor(
      () =>
        expect(received.map((request) => request.headers["keyward-event"]).sort()).toEqual([
          "key.leaked",
          "key.revoked",
        ]),
      {
        timeout: 10_000,
        interval: 50,
      },
    );
    for (const request of received) {
      const signature = String(request.headers["keyward-signature"]);
      expect(
        verifyWebhookSignature(webhookSecret, signature, request.body, Math.floor(Date.now() / 1000)),
      ).toBe(true);
      expect(request.body).not.toContain(token);
    }
    await vi.waitFor(
      async () =>
        expect((await prisma.webhookDelivery.findMany({})).map((delivery) => delivery.status)).toEqual([
          "DELIVERED",
          "DELIVERED",
        ]),
      { timeout: 10_000, interval: 50 },
    );
  });

  it("shows the delivery log to the account's admin only", async () => {
    const query = `query($id: ID!) { webhookDeliveries(endpointId: $id) { edges { node { event status attempts } } } }`;
    const own = await graphql(
      server.url,
      query,
      { id: endpointId },
      { authorization: `Bearer ${adminToken}` },
    );
    const events = (own.body.data!.webhookDeliveries as { edges: Array<{ node: { event: string } }> }).edges
      .map((edge) => edge.node)
      .sort((a, b) => a.event.localeCompare(b.event));
    expect(events).toEqual([
      { event: "key.leaked", status: "DELIVERED", attempts: 1 },
      { event: "key.revoked", status: "DELIVERED", attempts: 1 },
    ]);
    const foreign = await seedAccount(server.app.database.prisma, { admin: "SUPER_ADMIN" });
    const foreignKey = await seedApiKey(server.app.database.prisma, foreign, {
      ownerId: foreign.profiles.admin!.id,
      permissions: ["READ", "WRITE", "ADMIN"],
    });
    const bearer = { authorization: `Bearer ${foreignKey.token}` };
    expect((await graphql(server.url, query, { id: endpointId }, bearer)).body).toEqual({
      data: { webhookDeliveries: null },
    });
    const deleted = await graphql(
      server.url,
      `mutation($id: ID!) { deleteWebhookEndpoint(input: { id: $id }) { __typename ... on KeywardError { code } } }`,
      { id: endpointId },
      bearer,
    );
    expect(deleted.body.data?.deleteWebhookEndpoint).toEqual({
      __typename: "KeywardError",
      code: "NOT_FOUND",
    });
  });

  it("ignores garbage, changing nothing", async () => {
    const prisma = server.app.database.prisma;
    const { key, token } = await seedKey(prisma, {
      accountId: seeded.accountId,
      ownerId: seeded.profiles.owner!.id,
    });
    const checksumTypo = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    const result = await postLeaks(server.url, {
      tokens: ["", "kw_prd_nope", checksumTypo, token.toUpperCase()],
    });
    expect(result).toMatchObject({ status: 200, body: { received: 4, revoked: 0, ignored: 4 } });
    expect((await prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).status).toBe("ACTIVE");
  });

  it("refuses malformed reports", async () => {
    const tooMany = await postLeaks(server.url, { tokens: Array.from({ length: 101 }, () => "x") });
    expect(tooMany).toMatchObject({ status: 400, body: { error: { code: "VALIDATION_FAILED" } } });
    expect((await postLeaks(server.url, { tokens: "kw_dev_x" })).status).toBe(400);
    expect((await postLeaks(server.url, "{not json")).status).toBe(400);
    const wrongType = await fetch(`${server.url}/v1/keys/leaks`, { method: "POST", body: "tokens" });
    expect(wrongType.status).toBe(415);
    expect((await fetch(`${server.url}/v1/keys/leaks`)).status).toBe(405);
  });

  it("limits reports per IP", async () => {
    let limited: Awaited<ReturnType<typeof postLeaks>> | undefined;
    for (let attempt = 0; attempt < 40 && !limited; attempt++) {
      const result = await postLeaks(server.url, { tokens: ["garbage"] });
      if (result.status === 429) limited = result;
      else expect(result.status).toBe(200);
    }
    expect(limited?.body).toMatchObject({ error: { code: "RATE_LIMITED" } });
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
