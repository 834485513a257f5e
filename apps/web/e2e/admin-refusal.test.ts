// @vitest-environment node
import { Kind, type OperationDefinitionNode, parse } from "graphql";
import type { Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, openBrowser } from "./support/chromium.ts";
import { errorCodes, type GraphQLAnswer, postGraphQL } from "./support/http-api.ts";
import { addPerson, type BrowserTestServer, startKeyward } from "./support/keyward-server.ts";
import { seedKey } from "./support/seed-keys.ts";
import { signIn } from "./support/sign-in.ts";

const admin = { email: "admin@keyward.test", password: "correct-horse-battery-staple" };
const developer = {
  email: "dana@keyward.test",
  password: "dana-has-a-long-password",
  displayName: "Dana Developer",
};

/** Admin-only root fields the Admin pages read (the API refuses them to the `user` role). */
const adminRootFields = new Set([
  "apiKeys",
  "users",
  "overview",
  "keyRequests",
  "auditEvents",
  "auditChainStatus",
  "authFailures",
  "activityLog",
  "usage",
  "moduleSummary",
  "alerts",
  "exportReceipts",
]);

/** What one GraphQL request of the page asked for and what came back. */
interface Exchange {
  operationName: string;
  rootFields: string[];
  status: number;
  body: GraphQLAnswer;
  text: string;
}

function rootFieldsOf(query: string): string[] {
  return parse(query)
    .definitions.filter(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    )
    .flatMap((operation) => operation.selectionSet.selections)
    .flatMap((selection) => (selection.kind === Kind.FIELD ? [selection.name.value] : []));
}

async function exchangeOf(response: Response): Promise<Exchange | undefined> {
  const request = response.request();
  if (!request.url().endsWith("/graphql") || request.method() !== "POST") return undefined;
  const sent = request.postDataJSON() as { query: string; operationName?: string };
  const text = await response.text();
  return {
    operationName: sent.operationName ?? "",
    rootFields: rootFieldsOf(sent.query),
    status: response.status(),
    body: JSON.parse(text) as GraphQLAnswer,
    text,
  };
}

describe("Admin addresses refused to a `user` in a real browser [browser]", () => {
  let server: BrowserTestServer;
  let browser: Browser;
  const pending: Array<Promise<Exchange | undefined>> = [];

  beforeAll(async () => {
    server = await startKeyward(admin);
    await addPerson(server, admin, developer);
    // Admin data that must not reach the developer's browser.
    const prisma = server.app.database.prisma;
    const { id: adminId } = await prisma.profile.findFirstOrThrow({ where: { email: admin.email } });
    await seedKey(server, { ownerId: adminId, name: "admin-only-payroll-key" });
    browser = await openBrowser();
    browser.page.on("response", (response) => {
      pending.push(exchangeOf(response).catch(() => undefined));
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, 60_000);

  it("shows a refusal for typed Admin URLs, and the API never hands the page admin data", async () => {
    await browser.scenario("admin-refusal", async (page) => {
      await signIn(page, server.url, developer);
      await page.getByRole("heading", { level: 1, name: "My keys" }).waitFor({ timeout: 30_000 });
      expect(
        await page.getByRole("navigation", { name: "Main" }).getByRole("heading", { name: "Admin" }).count(),
      ).toBe(0);

      for (const address of ["/admin/keys", "/admin/users", "/admin"]) {
        // Typed into the address bar: a full page load of an Admin URL.
        await page.goto(`${server.url}${address}`);
        await page.getByRole("heading", { level: 1, name: "Not available" }).waitFor({ timeout: 30_000 });
        await page.getByText("This page is for administrators.").waitFor();
        expect(await page.getByRole("heading", { level: 1 }).count()).toBe(1);
        if (address === "/admin/keys") await browser.capture("admin-refusal");
      }
      await page.waitForLoadState("networkidle");
    });

    const exchanges = (await Promise.all(pending)).filter((exchange) => exchange !== undefined);
    // The page did talk to the API (who is calling: a `user`)...
    expect(exchanges.map((exchange) => exchange.operationName)).toContain("Viewer");
    // ...but asked for nothing of the Admin surface,
    const adminAsks = exchanges.filter((exchange) =>
      exchange.rootFields.some((field) => adminRootFields.has(field)),
    );
    expect(adminAsks.map((exchange) => exchange.operationName)).toEqual([]);
    // and no answer it received holds admin data (checked on every answer, whatever was asked).
    for (const exchange of exchanges) {
      for (const field of adminRootFields) expect(exchange.body.data?.[field] ?? null).toBeNull();
      expect(exchange.text).not.toContain("admin-only-payroll-key");
    }
  }, 120_000);

  it("refuses the Admin root fields over HTTP to the same session cookie", async () => {
    const cookies = await browser.context.cookies(server.url);
    const session = cookies.find((cookie) => cookie.name === "keyward_session");
    expect(session?.httpOnly).toBe(true);
    const cookie = `${session?.name}=${session?.value}`;

    // The cookie is a live session: the refusals below are about the role, not a missing sign-in.
    const viewer = await postGraphQL(server.url, "{ viewer { profile { email role } } }", { cookie });
    expect(viewer.body.data).toEqual({ viewer: { profile: { email: developer.email, role: "USER" } } });

    for (const query of [
      "{ apiKeys(first: 5) { edges { node { id name } } } }",
      "{ users(first: 5) { edges { node { id displayName } } } }",
      "{ overview { active revoked } }",
    ]) {
      const refused = await postGraphQL(server.url, query, { cookie });
      expect(errorCodes(refused.body), query).toEqual(["FORBIDDEN"]);
      expect(refused.body.data ?? null, query).toBeNull();
      expect(JSON.stringify(refused.body)).not.toContain("admin-only-payroll-key");
    }
  }, 60_000);
});
