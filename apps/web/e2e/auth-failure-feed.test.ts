// @vitest-environment node
import { generateToken } from "@keyward/schema/keys";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, openBrowser } from "./support/chromium.ts";
import { postVerify } from "./support/http-api.ts";
import { type BrowserTestServer, startKeyward } from "./support/keyward-server.ts";
import { type SeededKey, seedGateway, seedKey } from "./support/seed-keys.ts";
import { signIn } from "./support/sign-in.ts";

const admin = { email: "admin@keyward.test", password: "correct-horse-battery-staple" };
/** From the verify answer to the row on the admin's screen (DESIGN §6: failures are published live). */
const liveBoundMs = 1000;

/** The server's count of subscriptions started so far (GET /metrics). */
async function subscriptionsStarted(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split("\n").find((entry) => entry.startsWith("keyward_subscriptions_started_total"));
  return Number(line?.split(" ").at(-1) ?? Number.NaN);
}

/**
 * Starts watching the table captioned `caption` for `text` and resolves with the wall-clock time
 * (Date.now(), the same clock as the test's) at which it was first rendered there: a
 * MutationObserver fires in the same task as the DOM change, so polling does not inflate the figure.
 */
async function watchTable(page: Page, caption: string, text: string): Promise<() => Promise<number>> {
  await page.evaluate(
    ([wantedCaption, wanted]) => {
      const store = window as unknown as { __keywardSeen?: Promise<number> };
      store.__keywardSeen = new Promise<number>((resolve) => {
        const check = () => {
          const table = Array.from(document.querySelectorAll("table")).find(
            (candidate) => candidate.caption?.textContent === wantedCaption,
          );
          if (!table?.tBodies[0]?.textContent?.includes(wanted)) return false;
          resolve(Date.now());
          return true;
        };
        if (check()) return;
        const observer = new MutationObserver(() => {
          if (check()) observer.disconnect();
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
    },
    [caption, text] as const,
  );
  return () =>
    page.evaluate(() => (window as unknown as { __keywardSeen?: Promise<number> }).__keywardSeen ?? 0);
}

describe("Live auth-failure feed in a real browser [browser]", () => {
  let server: BrowserTestServer;
  let browser: Browser;
  let gateway: SeededKey;
  let leakedKey: SeededKey;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startKeyward(admin);
    gateway = await seedGateway(server, admin);
    const prisma = server.app.database.prisma;
    const { id: adminId } = await prisma.profile.findFirstOrThrow({ where: { email: admin.email } });
    leakedKey = await seedKey(server, { ownerId: adminId, name: "legacy-billing-sync", status: "REVOKED" });
    browser = await openBrowser();
    browser.page.on("pageerror", (error) => errors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, 60_000);

  it("shows a refused verification on the admin's feed, without a reload, within a second", async () => {
    await browser.scenario("auth-failure-feed", async (page) => {
      await signIn(page, server.url, admin);
      await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor({ timeout: 30_000 });
      await browser.capture("overview");

      const started = await subscriptionsStarted(server.url);
      await page.getByRole("link", { name: "Activity" }).click();
      await page.getByRole("heading", { level: 1, name: "Activity" }).waitFor({ timeout: 30_000 });
      await page
        .getByRole("status")
        .filter({ hasText: /^Live$/ })
        .waitFor({ timeout: 30_000 });
      // The page's two subscriptions (activity, auth failures) are registered on the server: an
      // event published from now on reaches this page.
      await expect
        .poll(() => subscriptionsStarted(server.url), { timeout: 30_000 })
        .toBeGreaterThanOrEqual(started + 2);
      await page.getByText("No failed authentications.").waitFor();
      // Gone if the page reloads: the rows must arrive into this very document.
      await page.evaluate(() => {
        (window as unknown as { __keywardSameDocument?: boolean }).__keywardSameDocument = true;
      });

      // 1. A revoked key presented at the gateway: the row names the key.
      const revokedSeen = await watchTable(page, "Authentication failures", "legacy-billing-sync");
      const revokedSentAt = Date.now();
      const revoked = await postVerify(server.url, gateway.token, leakedKey.token);
      const revokedAnsweredAt = Date.now();
      expect(revoked).toEqual({
        status: 200,
        body: expect.objectContaining({ valid: false, code: "REVOKED" }),
      });
      const failures = page.getByRole("table", { name: "Authentication failures" });
      const revokedRow = failures.getByRole("row", { name: /legacy-billing-sync/ });
      await revokedRow.waitFor({ timeout: 10_000 });
      const revokedShownAt = await revokedSeen();
      expect(revokedShownAt).toBeGreaterThanOrEqual(revokedSentAt);

      // 2. A well-formed token no key has (generated now, never stored): the row shows its hint.
      const unknown = generateToken("DEVELOPMENT");
      const unknownSeen = await watchTable(page, "Authentication failures", unknown.displayHint);
      const notFoundSentAt = Date.now();
      const notFound = await postVerify(server.url, gateway.token, unknown.token);
      const notFoundAnsweredAt = Date.now();
      expect(notFound).toEqual({
        status: 200,
        body: expect.objectContaining({ valid: false, code: "NOT_FOUND" }),
      });
      const unknownRow = failures.getByRole("row", { name: new RegExp(unknown.displayHint) });
      await unknownRow.waitFor({ timeout: 10_000 });
      const unknownShownAt = await unknownSeen();
      expect(unknownShownAt).toBeGreaterThanOrEqual(notFoundSentAt);

      // The WebSocket frame can even beat the HTTP answer to the test: then the delay is negative.
      const revokedDelay = revokedShownAt - revokedAnsweredAt;
      const notFoundDelay = unknownShownAt - notFoundAnsweredAt;
      console.info(
        `auth-failure feed: revoked key shown ${revokedDelay} ms, unknown key ${notFoundDelay} ms after the verify answer ` +
          `(${revokedShownAt - revokedSentAt} ms, ${unknownShownAt - notFoundSentAt} ms after the request was sent)`,
      );
      expect(revokedDelay).toBeLessThanOrEqual(liveBoundMs);
      expect(notFoundDelay).toBeLessThanOrEqual(liveBoundMs);

      expect(await revokedRow.textContent()).toContain("Key verification");
      expect(await unknownRow.textContent()).toContain("Unknown key");
      // Live, not reloaded: the same document, which counts what arrived since it opened.
      expect(
        await page.evaluate(
          () => (window as unknown as { __keywardSameDocument?: boolean }).__keywardSameDocument,
        ),
      ).toBe(true);
      await page.getByText("2 new since you opened this page").waitFor();
      await browser.capture("auth-failure-feed");
      expect(errors).toEqual([]);
    });
  }, 120_000);
});
