// @vitest-environment node
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, openBrowser } from "./support/chromium.ts";
import { postGraphQL } from "./support/http-api.ts";
import { type BrowserTestServer, startKeyward } from "./support/keyward-server.ts";
import { seedKey } from "./support/seed-keys.ts";
import { signIn } from "./support/sign-in.ts";

const admin = { email: "admin@keyward.test", password: "correct-horse-battery-staple" };

const CREATE_ENDPOINT = `mutation ($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    __typename
    ... on CreatedWebhookEndpoint { endpoint { id url } }
    ... on KeywardError { code message }
  }
}`;

const REVOKE = `mutation ($input: RevokeApiKeyInput!) {
  revokeApiKey(input: $input) {
    __typename
    ... on ApiKeyPayload { apiKey { status } }
    ... on KeywardError { code message }
  }
}`;

/** A receiver standing in for the customer's endpoint: records what arrives, answers 204. */
async function startReceiver(): Promise<{ url: string; received: IncomingHttpHeaders[]; server: Server }> {
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      received.push(request.headers);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/keyward-events`, received, server };
}

describe("Webhook delivery log in a real browser [browser]", () => {
  let server: BrowserTestServer;
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    server = await startKeyward(admin);
    receiver = await startReceiver();
    browser = await openBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => receiver?.server.close(resolve));
  }, 60_000);

  it("shows an endpoint registered through the API and the delivery of a revocation event", async () => {
    const prisma = server.app.database.prisma;
    const { id: adminId } = await prisma.profile.findFirstOrThrow({ where: { email: admin.email } });
    const key = await seedKey(server, { ownerId: adminId, name: "reporting-export" });

    await browser.scenario("webhooks", async (page) => {
      await signIn(page, server.url, admin);
      const session = (await browser.context.cookies(server.url)).find(
        (cookie) => cookie.name === "keyward_session",
      );
      const cookie = `keyward_session=${session?.value}`;

      const created = await postGraphQL(server.url, CREATE_ENDPOINT, {
        cookie,
        variables: { input: { url: receiver.url, events: ["key.revoked"] } },
      });
      expect(created.body.data?.createWebhookEndpoint).toMatchObject({
        __typename: "CreatedWebhookEndpoint",
        endpoint: { url: receiver.url },
      });
      const revoked = await postGraphQL(server.url, REVOKE, {
        cookie,
        variables: { input: { id: Buffer.from(`ApiKey:${key.id}`).toString("base64"), cause: "LEAKED" } },
      });
      expect(revoked.body.data?.revokeApiKey).toEqual({
        __typename: "ApiKeyPayload",
        apiKey: { status: "REVOKED" },
      });
      await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(1);
      expect(receiver.received[0]?.["keyward-event"]).toBe("key.revoked");

      await page.getByRole("link", { name: "Webhooks" }).click();
      await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor({ timeout: 30_000 });
      const endpoints = page.getByRole("table", { name: "Webhook endpoints" });
      await endpoints
        .getByRole("row", { name: new RegExp(receiver.url) })
        .getByText("key.revoked")
        .waitFor();
      // The only endpoint's log opens by itself.
      const log = page.getByRole("table", { name: `Deliveries to ${receiver.url}` });
      const row = log.getByRole("row", { name: /key\.revoked/ });
      await row.getByText("Delivered").waitFor({ timeout: 30_000 });
      expect(await row.textContent()).toContain("204");
      await browser.capture("webhooks");
    });
  }, 120_000);
});
