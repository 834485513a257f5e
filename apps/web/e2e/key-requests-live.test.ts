// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, openBrowser } from "./support/chromium.ts";
import { addPerson, type BrowserTestServer, startKeyward } from "./support/keyward-server.ts";
import { signIn } from "./support/sign-in.ts";

const admin = { email: "admin@keyward.test", password: "correct-horse-battery-staple" };
const developer = {
  email: "dana@keyward.test",
  password: "dana-has-a-long-password",
  displayName: "Dana Developer",
};

describe("Key requests live between two people [browser]", () => {
  let server: BrowserTestServer;
  let adminBrowser: Browser;
  let developerBrowser: Browser;

  beforeAll(async () => {
    server = await startKeyward(admin);
    await addPerson(server, admin, developer);
    adminBrowser = await openBrowser();
    developerBrowser = await openBrowser();
  }, 120_000);

  afterAll(async () => {
    await developerBrowser?.close();
    await adminBrowser?.close();
    await server?.close();
  }, 60_000);

  it("sends a production request for approval, flips it live for the requester, who claims the key once", async () => {
    await adminBrowser.scenario("key-requests-admin", async (adminPage) => {
      await signIn(adminPage, server.url, admin);
      await adminPage.getByRole("link", { name: "Pending requests" }).click();
      await adminPage.getByRole("button", { name: "Add tool" }).click();
      const addTool = adminPage.getByRole("dialog", { name: "Add a tool to the catalogue" });
      await addTool.getByLabel("Name").fill("OpenAI");
      await addTool.getByRole("button", { name: "Add tool" }).click();
      await adminPage.getByRole("row", { name: /OpenAI/ }).waitFor();
    });

    await developerBrowser.scenario("key-requests-developer", async (page) => {
      await signIn(page, server.url, developer);
      expect(
        await page.getByRole("navigation", { name: "Main" }).getByRole("heading", { name: "Admin" }).count(),
      ).toBe(0);
      await page.getByRole("link", { name: "My AI keys" }).click();
      await page.getByRole("button", { name: "Request a key for OpenAI" }).click();
      const drawer = page.getByRole("dialog", { name: "Request a key for OpenAI" });
      await drawer.getByLabel("Environment").selectOption("PRODUCTION");
      await drawer.getByLabel("Purpose").fill("Nightly summaries of the support inbox");
      await developerBrowser.capture("request-drawer");
      await drawer.getByRole("button", { name: "Submit request" }).click();
      await page.getByText("was sent for approval").waitFor();
      await page
        .getByRole("row", { name: /OpenAI/ })
        .getByText("Pending")
        .waitFor();
    });

    await adminBrowser.scenario("key-requests-admin-approve", async (adminPage) => {
      // The queue is live: the request arrives without a reload.
      const approve = adminPage.getByRole("button", { name: "Approve Dana Developer's OpenAI key" });
      await approve.waitFor();
      await adminBrowser.capture("pending-queue");
      await approve.click();
      await adminPage.getByText("No request is waiting.", { exact: false }).waitFor();
    });

    await developerBrowser.scenario("key-requests-developer-claim", async (page) => {
      // No reload: the status flips through the subscription.
      await page.getByText("Your OpenAI key was approved.", { exact: false }).waitFor();
      await developerBrowser.capture("my-ai-keys-approved");
      await page.getByRole("button", { name: "Claim OpenAI key" }).click();
      const reveal = page.getByRole("dialog", { name: "Your new API key" });
      const token = (await reveal.locator("code").last().textContent()) ?? "";
      expect(token).toMatch(/^kw_prd_/);
      await reveal.getByRole("checkbox", { name: "I have stored it somewhere safe" }).check();
      await reveal.getByRole("button", { name: "Done" }).click();
      await page
        .getByRole("row", { name: /OpenAI/ })
        .getByText("Active")
        .waitFor();
      expect(await page.getByRole("button", { name: "Claim OpenAI key" }).count()).toBe(0);
    });
  }, 180_000);
});
