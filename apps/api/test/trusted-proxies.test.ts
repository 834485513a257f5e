import { testEngines } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postVerify, profileOf, seedApiKey, seedGatewayAccount } from "./support/key-seeds.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";

/**
 * Behind a load balancer every request comes from the balancer: IP allowlists and per-IP limits
 * only work when the operator names the balancer in KEYWARD_TRUSTED_PROXIES.
 */
describe.each(testEngines())("IP allowlists behind a trusted proxy [%s]", (engine) => {
  let direct: TestServer;
  let proxied: TestServer;

  beforeAll(async () => {
    direct = await startTestServer(engine);
    proxied = await startTestServer(engine, { env: { KEYWARD_TRUSTED_PROXIES: "127.0.0.1,::1" } });
  }, 120_000);

  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
  }, 60_000);

  async function fencedGateway(server: TestServer) {
    const prisma = server.app.database.prisma;
    const { account, caller } = await seedGatewayAccount(prisma);
    const fenced = await seedApiKey(prisma, account, {
      ownerId: profileOf(account, "gateway").id,
      scopes: ["keys:verify"],
      ipAllowlist: ["203.0.113.0/24"],
    });
    return { caller, fenced };
  }

  it("a trusted proxy's X-Forwarded-For is the client address the allowlist checks", async () => {
    const { caller, fenced } = await fencedGateway(proxied);
    const inside = await postVerify(
      proxied.url,
      fenced.token,
      { key: caller.token },
      {
        "x-forwarded-for": "203.0.113.7",
      },
    );
    expect(inside.status).toBe(200);
    expect(inside.body).toMatchObject({ valid: true, code: "VALID" });

    const outside = await postVerify(
      proxied.url,
      fenced.token,
      { key: caller.token },
      {
        "x-forwarded-for": "203.0.113.7, 198.51.100.4",
      },
    );
    expect(outside.status).toBe(401);
    expect(outside.body.error?.code).toBe("FORBIDDEN");
  });

  it("without trusted proxies a client cannot talk its way into an allowlist", async () => {
    const { caller, fenced } = await fencedGateway(direct);
    const spoofed = await postVerify(
      direct.url,
      fenced.token,
      { key: caller.token },
      {
        "x-forwarded-for": "203.0.113.7",
      },
    );
    expect(spoofed.status).toBe(401);
    expect(spoofed.body.error?.code).toBe("FORBIDDEN");
  });
});
