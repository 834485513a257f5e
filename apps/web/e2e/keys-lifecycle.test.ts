// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, openBrowser } from "./support/chromium.ts";
import { type BrowserTestServer, startKeyward } from "./support/keyward-server.ts";

const admin = { email: "admin@keyward.test", password: "correct-horse-battery-staple" };

describe("Keys end to end in a real browser [browser]", () => {
  let server: BrowserTestServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startKeyward(admin);
    browser = await openBrowser();
    browser.page.on("pageerror", (error) => errors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, 60_000);

  it("signs in, issues a key shown once, revokes it with a cause, finds it in the registry, signs out", async () => {
    await browser.scenario("keys-lifecycle", async (page) => {
      await page.goto(server.url);
      await page.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: 30_000 });
      await browser.capture("sign-in");

      await page.getByLabel("Email").fill(admin.email);
      await page.getByLabel("Password").fill(admin.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor({ timeout: 30_000 });
      expect(
        await page.getByRole("navigation", { name: "Main" }).getByRole("heading", { name: "Admin" }).count(),
      ).toBe(1);

      await page.getByRole("link", { name: "My keys" }).click();
      await page.getByRole("heading", { level: 1, name: "My keys" }).waitFor();
      await page.getByRole("button", { name: "Create key" }).first().click();
      const drawer = page.getByRole("dialog", { name: "Create API key" });
      await drawer.getByLabel("Name").fill("browser-test-key");
      await drawer.getByLabel("Module").selectOption("INTEGRATIONS");
      await drawer.getByRole("radio", { name: "30 days" }).check();
      await browser.capture("create-key-drawer");
      await drawer.getByRole("button", { name: "Create key" }).click();

      const reveal = page.getByRole("dialog", { name: "Your new API key" });
      const token = (await reveal.locator("code").last().textContent()) ?? "";
      expect(token).toMatch(/^kw_dev_[0-9A-Za-z]{30,}$/);
      // Masked to its display hint in the picture (screenshots.ts); the page keeps the token.
      await browser.capture("reveal-once");
      expect(await reveal.locator("code").last().textContent()).toBe(token);
      await reveal.getByRole("checkbox", { name: "I have stored it somewhere safe" }).check();
      await reveal.getByRole("button", { name: "Done" }).click();
      await reveal.waitFor({ state: "detached" });
      expect(await page.content()).not.toContain(token);

      const row = page.getByRole("row", { name: /browser-test-key/ });
      await row.getByText("Active").waitFor();
      await row.getByRole("button", { name: "Revoke browser-test-key" }).click();
      const revoke = page.getByRole("dialog", { name: "Revoke “browser-test-key”?" });
      await revoke.getByLabel("Cause").selectOption("LEAKED");
      await revoke.getByLabel("Note (optional)").fill("Pasted in a ticket");
      await revoke.getByRole("button", { name: "Revoke key" }).click();
      await row.getByText("Revoked").waitFor();

      await page.getByRole("link", { name: "API keys" }).click();
      await page.getByRole("searchbox", { name: "Search" }).fill("browser-test");
      await page.waitForURL(/q=browser-test/);
      const registryRow = page.getByRole("row", { name: /browser-test-key/ });
      await registryRow.getByText("Revoked").waitFor();
      await browser.capture("key-registry");
      await registryRow.getByRole("link", { name: "browser-test-key" }).click();
      await page.getByRole("heading", { level: 1, name: "browser-test-key" }).waitFor();
      await page.getByText("Cause: Leaked or exposed. Note: Pasted in a ticket.", { exact: false }).waitFor();
      await browser.capture("key-detail");

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      expect(errors).toEqual([]);
    });
  }, 120_000);
});
