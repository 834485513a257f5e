import { type SeededAccount, testEngines } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  postVerify,
  profileOf,
  type SeededKey,
  seedApiKey,
  seedGatewayAccount,
} from "./support/key-seeds.ts";
import { graphql, startTestServer, type TestServer } from "./support/test-server.ts";

const ALERTS = `{ alerts(first: 20) { edges { node { kind severity apiKey { id } } } } }`;

describe.each(testEngines())("policy runtime in the server [%s]", (engine) => {
  let server: TestServer;
  let account: SeededAccount;
  let gateway: SeededKey;
  let adminKey: SeededKey;
  let developerKey: SeededKey;

  beforeAll(async () => {
    server = await startTestServer(engine);
    const prisma = server.app.database.prisma;
    const seeded = await seedGatewayAccount(prisma);
    account = seeded.account;
    gateway = seeded.caller;
    await prisma.orgPolicy.update({
      where: { accountId: account.accountId },
      data: { failedAuthBurstThreshold: 3, failedAuthBurstWindowSecs: 60, autoLockSuspicious: true },
    });
    adminKey = await seedApiKey(prisma, account, {
      ownerId: profileOf(account, "admin").id,
      permissions: ["ADMIN"],
    });
    developerKey = await seedApiKey(prisma, account, {
      ownerId: profileOf(account, "developer").id,
      permissions: ["READ"],
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it("locks a key after a burst of failed verifications at the gateway, and admins see why", async () => {
    const target = await seedApiKey(server.app.database.prisma, account, {
      ownerId: profileOf(account, "developer").id,
      environment: "PRODUCTION",
      ipAllowlist: ["10.0.0.0/8"],
      expiresAt: new Date(Date.now() + 30 * 86_400_000),
    });
    const verify = (ip: string) => postVerify(server.url, gateway.token, { key: target.token, ip });
    expect((await verify("10.0.0.1")).body).toMatchObject({ valid: true });
    for (const ip of ["192.0.2.1", "192.0.2.2", "192.0.2.3"]) {
      expect((await verify(ip)).body).toMatchObject({ code: "IP_DENIED" });
    }
    // Detection runs beside the request path: wait for the lock, then the key is refused.
    await vi.waitFor(
      async () => {
        const key = await server.app.database.prisma.apiKey.findUniqueOrThrow({ where: { id: target.id } });
        expect(key.lockedAt).not.toBeNull();
      },
      { timeout: 10_000, interval: 50 },
    );
    expect((await verify("10.0.0.1")).body).toMatchObject({ valid: false, code: "REVOKED" });

    const { body } = await graphql(server.url, ALERTS, {}, { authorization: `Bearer ${adminKey.token}` });
    expect(body.errors).toBeUndefined();
    const alerts = body.data?.alerts as { edges: Array<{ node: { kind: string } }> } | undefined;
    const kinds = alerts?.edges.map((edge) => edge.node.kind);
    expect(kinds).toEqual(expect.arrayContaining(["FAILED_AUTH_BURST", "KEY_LOCKED"]));
  });

  it("refuses the admin alert list to a user's key", async () => {
    const { body } = await graphql(server.url, ALERTS, {}, { authorization: `Bearer ${developerKey.token}` });
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
  });
});
