import { randomUUID } from "node:crypto";
import { testEngines } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./support/free-port.ts";
import { signInOverHttp } from "./support/identity-fixtures.ts";
import { type MockOidcProvider, startMockOidcProvider } from "./support/mock-oidc-provider.ts";
import { graphql, startTestServer, type TestServer } from "./support/test-server.ts";

const admin = { email: "root@keyward.test", password: "correct-horse-battery" };
const roleMap = "platform-admins=SUPER_ADMIN,billing=BILLING_ADMIN,people=USER_ADMIN";

/** A browser's cookies for the Keyward origin (paths ignored: every test cookie is sent). */
class Browser {
  readonly cookies = new Map<string, string>();

  constructor(private readonly origin: string) {}

  /** GET without following redirects, like a browser step by step; keeps Set-Cookie. */
  async get(pathOrUrl: string): Promise<Response> {
    const url = new URL(pathOrUrl, this.origin);
    const response = await fetch(url, { redirect: "manual", headers: { cookie: this.cookieHeader() } });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ""] = header.split(";");
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator);
      if (/;\s*Max-Age=0/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(separator + 1));
    }
    return response;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

const location = (response: Response) => response.headers.get("location") ?? "";

describe.each(testEngines())("single sign-on (OIDC) [%s]", (engine) => {
  let provider: MockOidcProvider;
  let server: TestServer;
  let origin: string;

  beforeAll(async () => {
    provider = await startMockOidcProvider();
    const port = await freePort();
    origin = `http://localhost:${port}`;
    server = await startTestServer(engine, {
      env: {
        PORT: String(port),
        KEYWARD_ORIGIN: origin,
        KEYWARD_ADMIN_EMAIL: admin.email,
        KEYWARD_ADMIN_PASSWORD: admin.password,
        KEYWARD_OIDC_ISSUER: provider.issuer,
        KEYWARD_OIDC_CLIENT_ID: "keyward",
        KEYWARD_OIDC_CLIENT_SECRET: "keyward-client-secret",
        KEYWARD_OIDC_ROLE_MAP: roleMap,
      },
    });
    expect(server.url).toBe(origin);
  });
  afterAll(async () => {
    await server?.close();
    await provider?.stop();
  });

  /** A fresh identity at the provider. */
  const person = (claims: Record<string, unknown> = {}) => {
    const sub = `sub-${randomUUID()}`;
    return { sub, email: `${sub}@idp.test`, name: "Grace Hopper", ...claims };
  };

  /** Start → provider → callback, as a browser does; returns the callback's response. */
  async function signInThroughProvider(browser: Browser): Promise<Response> {
    const start = await browser.get("/auth/oidc/start");
    expect(start.status).toBe(302);
    const authorize = await fetch(location(start), { redirect: "manual" });
    expect(authorize.status).toBe(302);
    return browser.get(location(authorize));
  }

  const viewerQuery = "{ viewer { id role authenticatedVia profile { email displayName role ssoManaged } } }";
  const viewerOf = async (browser: Browser) => {
    const { body } = await graphql(server.url, viewerQuery, {}, { cookie: browser.cookieHeader() });
    return body.data?.viewer as
      | { id: string; role: string; profile: { email: string; role: string; ssoManaged: boolean } }
      | null
      | undefined;
  };

  const profileBySubject = (sub: string) =>
    server.app.database.prisma.profile.findFirst({ where: { ssoSubject: sub } });

  it("tells anonymous callers that SSO is available", async () => {
    const { body } = await graphql(server.url, "{ authConfig { passwordSignIn ssoEnabled ssoStartUrl } }");
    expect(body).toEqual({
      data: { authConfig: { passwordSignIn: true, ssoEnabled: true, ssoStartUrl: "/auth/oidc/start" } },
    });
  });

  it("sends the browser to the provider with PKCE (S256), state and nonce in a signed HttpOnly cookie", async () => {
    const browser = new Browser(origin);
    const start = await browser.get("/auth/oidc/start");
    expect(start.status).toBe(302);
    const url = new URL(location(start));
    expect(`${url.origin}${url.pathname}`).toBe(`${provider.issuer}/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: "keyward",
      response_type: "code",
      redirect_uri: `${origin}/auth/oidc/callback`,
      scope: "openid email profile",
      code_challenge_method: "S256",
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.any(String),
      nonce: expect.any(String),
    });
    const [cookie = ""] = start.headers.getSetCookie();
    expect(cookie).toMatch(
      /^keyward_oidc=[\w-]+\.[\w-]+; Path=\/auth\/oidc\/callback; HttpOnly; SameSite=Lax; Max-Age=600$/,
    );
    // Only the verifier's hash travels; the verifier itself stays in the signed cookie.
    expect(url.searchParams.toString()).not.toContain(browser.cookies.get("keyward_oidc") ?? "-");
  });

  it("creates the profile at the first sign-in with the mapped role and a working session", async () => {
    const grace = person({ groups: ["billing", "engineering"] });
    provider.signInAs(grace);
    const browser = new Browser(origin);
    const callback = await signInThroughProvider(browser);

    expect(callback.status).toBe(302);
    expect(location(callback)).toBe("/");
    const cookies = callback.headers.getSetCookie();
    expect(cookies).toContainEqual(expect.stringMatching(/^keyward_oidc=; .*Max-Age=0$/));
    expect(cookies).toContainEqual(
      expect.stringMatching(/^keyward_session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Expires=/),
    );
    expect(browser.cookies.has("keyward_oidc")).toBe(false);

    expect(await viewerOf(browser)).toMatchObject({
      role: "BILLING_ADMIN",
      profile: { email: grace.email, role: "BILLING_ADMIN", ssoManaged: true },
    });
    expect(await profileBySubject(grace.sub)).toMatchObject({
      kind: "USER",
      displayName: "Grace Hopper",
      ssoManaged: true,
      passwordHash: null,
    });
  });

  it("reapplies the mapping at every sign-in, over an admin's refused manual edit", async () => {
    const ada = person({ groups: ["billing"] });
    provider.signInAs(ada);
    const first = new Browser(origin);
    await signInThroughProvider(first);
    const viewer = await viewerOf(first);
    if (!viewer) throw new Error("the first sign-in did not give a session");

    // An admin tries to change the role by hand: refused, with the rule in words.
    const { cookie: adminCookie } = await signInOverHttp(server.url, admin.email, admin.password);
    expect(adminCookie).toMatch(/^keyward_session=./);
    const edit = await graphql(
      server.url,
      "mutation($input: SetUserRoleInput!) { setUserRole(input: $input) { __typename ... on Error { code message } } }",
      { input: { userId: viewer.id, role: "MODEL_ADMIN" } },
      { cookie: adminCookie },
    );
    expect(edit.body.data?.setUserRole).toMatchObject({
      code: "SSO_MANAGED_ROLE",
      message: expect.stringMatching(/single sign-on and is reapplied at every sign-in.*identity provider/),
    });
    expect(await viewerOf(first)).toMatchObject({ role: "BILLING_ADMIN" });

    // The provider now puts Ada in another group: the mapping wins at her next sign-in.
    provider.signInAs({ ...ada, groups: ["people"] });
    const second = new Browser(origin);
    const callback = await signInThroughProvider(second);
    expect(location(callback)).toBe("/");
    expect(await viewerOf(second)).toMatchObject({ id: viewer.id, role: "USER_ADMIN" });
    // The session that carried the old role ended.
    expect(await viewerOf(first)).toBeNull();
    const profile = await profileBySubject(ada.sub);
    const audit = await server.app.database.prisma.auditEvent.findMany({
      where: { targetId: profile?.id ?? "", action: "user.roleMappedBySso" },
    });
    expect(audit.map((event) => event.data)).toEqual([
      { from: "BILLING_ADMIN", to: "USER_ADMIN", claimValues: ["people"] },
    ]);
  });

  it("gives USER to an unmapped claim", async () => {
    provider.signInAs(person({ groups: ["engineering", "Billing"] }));
    const browser = new Browser(origin);
    await signInThroughProvider(browser);
    expect(await viewerOf(browser)).toMatchObject({ role: "USER", profile: { role: "USER" } });
  });

  it("reads the role claim from userinfo when the ID token lacks it", async () => {
    provider.signInAs(person(), { groups: ["platform-admins"] });
    const browser = new Browser(origin);
    await signInThroughProvider(browser);
    expect(await viewerOf(browser)).toMatchObject({ role: "SUPER_ADMIN" });
  });

  /** Expects a refused callback: back to the sign-in page with a code, no session. */
  function expectRefused(callback: Response, code: string) {
    expect(callback.status).toBe(302);
    expect(location(callback)).toBe(`/sign-in?error=${code}`);
    const cookies = callback.headers.getSetCookie();
    expect(cookies.some((cookie) => cookie.startsWith("keyward_session="))).toBe(false);
    expect(cookies).toContainEqual(expect.stringMatching(/^keyward_oidc=; .*Max-Age=0$/));
  }

  it("refuses a callback whose state does not match the flow cookie", async () => {
    const victim = person();
    provider.signInAs(victim);
    const browser = new Browser(origin);
    const firstStart = await browser.get("/auth/oidc/start");
    // A second start replaces the flow cookie: the first flow's callback no longer matches.
    await browser.get("/auth/oidc/start");
    const authorize = await fetch(location(firstStart), { redirect: "manual" });
    expectRefused(await browser.get(location(authorize)), "SSO_STATE_INVALID");
    expect(await profileBySubject(victim.sub)).toBeNull();
  });

  it("refuses a callback without the flow cookie (no PKCE verifier)", async () => {
    provider.signInAs(person());
    const browser = new Browser(origin);
    const start = await browser.get("/auth/oidc/start");
    browser.cookies.delete("keyward_oidc");
    const authorize = await fetch(location(start), { redirect: "manual" });
    expectRefused(await browser.get(location(authorize)), "SSO_STATE_INVALID");
  });

  it("refuses a tampered flow cookie (e.g. a swapped PKCE verifier)", async () => {
    const target = person();
    provider.signInAs(target);
    const browser = new Browser(origin);
    const start = await browser.get("/auth/oidc/start");
    const [payload = "", signature = ""] = (browser.cookies.get("keyward_oidc") ?? "").split(".");
    const flow = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    const swapped = Buffer.from(JSON.stringify({ ...flow, codeVerifier: "a".repeat(64) })).toString(
      "base64url",
    );
    browser.cookies.set("keyward_oidc", `${swapped}.${signature}`);
    const authorize = await fetch(location(start), { redirect: "manual" });
    expectRefused(await browser.get(location(authorize)), "SSO_STATE_INVALID");
    expect(await profileBySubject(target.sub)).toBeNull();
  });

  it("uses an authorization code once", async () => {
    provider.signInAs(person());
    const browser = new Browser(origin);
    const start = await browser.get("/auth/oidc/start");
    const flowCookie = browser.cookies.get("keyward_oidc") ?? "";
    const authorize = await fetch(location(start), { redirect: "manual" });
    const callback = location(authorize);
    expect(location(await browser.get(callback))).toBe("/");
    // Replaying the same callback with the same flow cookie: the provider refuses the code.
    const replay = new Browser(origin);
    replay.cookies.set("keyward_oidc", flowCookie);
    expectRefused(await replay.get(callback), "SSO_PROVIDER_ERROR");
  });

  it("refuses an ID token whose nonce is not the flow's", async () => {
    const mallory = person();
    provider.signInAs(mallory);
    const forgeNonce = (token: { payload: Record<string, unknown> }) => {
      if (!("nonce" in token.payload)) return;
      token.payload.nonce = "forged-nonce";
      provider.server.service.off("beforeTokenSigning", forgeNonce);
    };
    provider.server.service.on("beforeTokenSigning", forgeNonce);
    expectRefused(await signInThroughProvider(new Browser(origin)), "SSO_PROVIDER_ERROR");
    expect(await profileBySubject(mallory.sub)).toBeNull();
  });

  it("refuses when the provider answers with an error (e.g. access_denied)", async () => {
    provider.signInAs(person());
    provider.server.service.once("beforeAuthorizeRedirect", (redirect: { url: URL }) => {
      redirect.url.searchParams.delete("code");
      redirect.url.searchParams.set("error", "access_denied");
    });
    expectRefused(await signInThroughProvider(new Browser(origin)), "SSO_PROVIDER_ERROR");
  });

  it("refuses an INACTIVE profile", async () => {
    const leaver = person({ groups: ["billing"] });
    provider.signInAs(leaver);
    await signInThroughProvider(new Browser(origin));
    await server.app.database.prisma.profile.updateMany({
      where: { ssoSubject: leaver.sub },
      data: { status: "INACTIVE" },
    });
    const browser = new Browser(origin);
    expectRefused(await signInThroughProvider(browser), "ACCOUNT_INACTIVE");
    expect(await viewerOf(browser)).toBeNull();
  });

  it("refuses claims without an email", async () => {
    const { email: _email, ...anonymous } = person({ groups: ["engineering"] });
    provider.signInAs(anonymous);
    expectRefused(await signInThroughProvider(new Browser(origin)), "SSO_CLAIMS_INVALID");
  });

  it("never takes over a local (password) user with the same email", async () => {
    provider.signInAs({ ...person({ groups: ["platform-admins"] }), email: admin.email });
    expectRefused(await signInThroughProvider(new Browser(origin)), "SSO_ACCOUNT_CONFLICT");
    const local = await server.app.database.prisma.profile.findUniqueOrThrow({
      where: { email: admin.email },
    });
    expect(local).toMatchObject({ ssoManaged: false, ssoSubject: null });
  });

  it("answers only GET", async () => {
    const response = await fetch(`${server.url}/auth/oidc/callback`, { method: "POST", redirect: "manual" });
    expect(response.status).toBe(405);
  });
});

describe.each(testEngines())("without single sign-on [%s]", (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("says so to the SPA and sends the SSO routes back to the sign-in page", async () => {
    const { body } = await graphql(server.url, "{ authConfig { passwordSignIn ssoEnabled ssoStartUrl } }");
    expect(body).toEqual({
      data: { authConfig: { passwordSignIn: true, ssoEnabled: false, ssoStartUrl: null } },
    });
    for (const path of ["/auth/oidc/start", "/auth/oidc/callback?code=x&state=y"]) {
      const response = await fetch(`${server.url}${path}`, { redirect: "manual" });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe("/sign-in?error=SSO_NOT_CONFIGURED");
    }
  });
});
