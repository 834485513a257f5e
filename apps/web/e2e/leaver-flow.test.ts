// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, openBrowser } from "./support/chromium.ts";
import { postGraphQL, postVerify } from "./support/http-api.ts";
import { addPerson, type BrowserTestServer, startKeyward } from "./support/keyward-server.ts";
import { type SeededKey, seedGateway, seedKey } from "./support/seed-keys.ts";
import { signIn } from "./support/sign-in.ts";

const admin = { email: "admin@keyward.test", password: "correct-horse-battery-staple" };
const leaver = { email: "lee@keyward.test", password: "lee-is-leaving-on-friday", displayName: "Lee Leaver" };
const keyNames = ["lee-nightly-export", "lee-slack-bot"];

const SIGN_IN = `mutation ($input: SignInInput!) {
  signIn(input: $input) {
    __typename
    ... on SignInPayload { mfaRequired }
    ... on KeywardError { code }
  }
}`;

/** Signs the leaver in over HTTP: the sign-in's typed answer and the session cookie it set. */
async function signInOverHttp(url: string) {
  const answer = await postGraphQL(url, SIGN_IN, {
    variables: { input: { email: leaver.email, password: leaver.password } },
  });
  const session = answer.setCookies.find((header) => header.startsWith("keyward_session="));
  return { payload: answer.body.data?.signIn, cookie: session?.split(";", 1)[0] ?? "" };
}

describe("The leaver flow in a real browser [browser]", () => {
  let server: BrowserTestServer;
  let adminBrowser: Browser;
  let leaverBrowser: Browser;
  let gateway: SeededKey;
  let leaverKeys: SeededKey[];
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startKeyward(admin);
    gateway = await seedGateway(server, admin);
    const leaverId = await addPerson(server, admin, leaver);
    leaverKeys = [];
    for (const name of keyNames) leaverKeys.push(await seedKey(server, { ownerId: leaverId, name }));
    adminBrowser = await openBrowser();
    leaverBrowser = await openBrowser();
    adminBrowser.page.on("pageerror", (error) => errors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await leaverBrowser?.close();
    await adminBrowser?.close();
    await server?.close();
  }, 60_000);

  it("revokes every key of the user, deactivates them and ends their session, as one guided action", async () => {
    // Before: the keys work at the gateway and the leaver has a session.
    for (const key of leaverKeys) {
      expect((await postVerify(server.url, gateway.token, key.token)).body).toMatchObject({
        valid: true,
        code: "VALID",
      });
    }
    const before = await signInOverHttp(server.url);
    expect(before.payload).toEqual({ __typename: "SignInPayload", mfaRequired: false });
    expect(
      (await postGraphQL(server.url, "{ viewer { id } }", { cookie: before.cookie })).body.data?.viewer,
    ).not.toBeNull();

    await adminBrowser.scenario("leaver-flow", async (page) => {
      await signIn(page, server.url, admin);
      await page.getByRole("link", { name: "Users" }).click();
      await page.getByRole("heading", { level: 1, name: "Users" }).waitFor({ timeout: 30_000 });
      await page.getByRole("searchbox", { name: "Search" }).fill("Lee");
      await page.waitForURL(/q=Lee/);
      await page.getByRole("link", { name: leaver.displayName }).click();
      await page.getByRole("heading", { level: 1, name: leaver.displayName }).waitFor({ timeout: 30_000 });
      const keys = page.getByRole("table", { name: `Keys owned by ${leaver.displayName}` });
      for (const name of keyNames)
        await keys
          .getByRole("row", { name: new RegExp(name) })
          .getByText("Active")
          .waitFor();

      const main = page.getByRole("main");
      expect(await main.getByText("Inactive", { exact: true }).count()).toBe(0);
      await page.getByRole("button", { name: "Offboard…" }).click();
      const dialog = page.getByRole("dialog", { name: `Offboard ${leaver.displayName}` });
      await dialog.getByText("2 keys stop working immediately").waitFor();
      for (const name of keyNames) await dialog.getByText(name).waitFor();
      await dialog.getByLabel("Reason").fill("Left the company on Friday");
      await adminBrowser.capture("leaver-dialog");
      await dialog.getByRole("button", { name: "Revoke keys and deactivate" }).click();
      await dialog.getByText(`${leaver.displayName} is offboarded`).waitFor({ timeout: 30_000 });
      await dialog.getByText("2 keys were revoked", { exact: false }).waitFor();
      await dialog.getByRole("button", { name: "Done" }).click();
      await dialog.waitFor({ state: "detached" });

      // The page shows the outcome without a reload: inactive, every key revoked.
      await main.getByText("Inactive", { exact: true }).first().waitFor();
      for (const name of keyNames)
        await keys
          .getByRole("row", { name: new RegExp(name) })
          .getByText("Revoked")
          .waitFor();
      expect(await keys.getByText("Active", { exact: true }).count()).toBe(0);
      expect(await page.getByRole("button", { name: "Offboard…" }).isDisabled()).toBe(true);
      await adminBrowser.capture("user-offboarded");
      expect(errors).toEqual([]);
    });

    // After, through the API: the keys are refused as revoked at the gateway...
    for (const key of leaverKeys) {
      expect(await postVerify(server.url, gateway.token, key.token)).toEqual({
        status: 200,
        body: expect.objectContaining({ valid: false, code: "REVOKED" }),
      });
    }
    // ...the open session has ended, and signing in again is refused.
    expect(
      (await postGraphQL(server.url, "{ viewer { id } }", { cookie: before.cookie })).body.data?.viewer,
    ).toBeNull();
    expect((await signInOverHttp(server.url)).payload).toEqual({
      __typename: "KeywardError",
      code: "ACCOUNT_INACTIVE",
    });

    // And in the browser, the leaver is told why.
    await leaverBrowser.scenario("leaver-sign-in-refused", async (page) => {
      await page.goto(server.url);
      await page.getByLabel("Email").fill(leaver.email);
      await page.getByLabel("Password").fill(leaver.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("alert").getByText("This account is deactivated.", { exact: false }).waitFor();
      expect(await page.getByRole("navigation", { name: "Main" }).count()).toBe(0);
    });
  }, 180_000);
});
