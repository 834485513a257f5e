import { parseSsoRoleMap } from "@keyward/schema";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../test/support/free-port.ts";
import { type MockOidcProvider, startMockOidcProvider } from "../../test/support/mock-oidc-provider.ts";
import type { OidcConfig } from "./oidc-config.ts";
import { createOidcProvider } from "./oidc-provider.ts";

const configFor = (issuer: string): OidcConfig => ({
  issuer: new URL(issuer),
  clientId: "keyward",
  clientSecret: undefined,
  scopes: "openid email",
  redirectUri: "http://localhost:4000/auth/oidc/callback",
  settings: { accountSlug: "default", roleClaim: "groups", roleMap: parseSsoRoleMap("") },
});

describe("OIDC provider discovery", () => {
  let mock: MockOidcProvider | undefined;
  afterEach(async () => {
    await mock?.stop();
    mock = undefined;
  });

  it("fails while the provider is unreachable and succeeds once it is up (a failure is not cached)", async () => {
    const port = await freePort();
    // oauth2-mock-server names itself localhost (it listens on 127.0.0.1).
    const provider = createOidcProvider(configFor(`http://localhost:${port}`), () => true);
    await expect(provider.begin()).rejects.toThrow();

    mock = await startMockOidcProvider(port);
    const { url, flow } = await provider.begin();
    expect(url.href.startsWith(`http://localhost:${port}/authorize?`)).toBe(true);
    expect(url.searchParams.get("state")).toBe(flow.state);
    expect(url.searchParams.get("nonce")).toBe(flow.nonce);
    expect(url.searchParams.get("code_challenge")).not.toBe(flow.codeVerifier);
  });

  it("refuses a provider whose discovery document names another issuer", async () => {
    mock = await startMockOidcProvider();
    mock.server.issuer.url = "http://127.0.0.1:1/elsewhere";
    const provider = createOidcProvider(
      configFor(`http://127.0.0.1:${new URL(mock.issuer).port}`),
      () => true,
    );
    await expect(provider.begin()).rejects.toThrow(/issuer/i);
  });
});
