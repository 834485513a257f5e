import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../env.ts";

const base = {
  PORT: "4000",
  KEYWARD_SECRET: "test-secret-test-secret-test-secret-0123",
  KEYWARD_DATA_DIR: "/tmp/keyward-config-test",
};
const sso = {
  KEYWARD_OIDC_ISSUER: "https://idp.example.test/realms/acme",
  KEYWARD_OIDC_CLIENT_ID: "keyward",
};

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig({ ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return null;
};

describe("single sign-on configuration", () => {
  it("is off when no KEYWARD_OIDC_* variable is set (or they are empty)", () => {
    expect(loadConfig(base).oidc).toBeNull();
    expect(loadConfig({ ...base, KEYWARD_OIDC_ISSUER: "", KEYWARD_OIDC_ROLE_MAP: " " }).oidc).toBeNull();
  });

  it("applies the defaults: groups claim, default account, openid email profile scopes", () => {
    const config = loadConfig({ ...base, ...sso });
    expect(config.oidc).toMatchObject({
      clientId: "keyward",
      clientSecret: undefined,
      scopes: "openid email profile",
      redirectUri: "http://localhost:4000/auth/oidc/callback",
      settings: { accountSlug: "default", roleClaim: "groups", roleMap: { entries: [] } },
    });
    expect(config.oidc?.issuer.href).toBe("https://idp.example.test/realms/acme");
  });

  it("reads every variable", () => {
    const config = loadConfig({
      ...base,
      ...sso,
      KEYWARD_ORIGIN: "https://keys.acme.test",
      KEYWARD_OIDC_CLIENT_SECRET: "s3cret",
      KEYWARD_OIDC_ROLE_CLAIM: "realm_access.roles",
      KEYWARD_OIDC_ROLE_MAP: "platform-admins=SUPER_ADMIN,billing=billing_admin",
      KEYWARD_OIDC_ACCOUNT: "acme",
      KEYWARD_OIDC_SCOPES: "openid email profile groups",
    });
    expect(config.oidc).toMatchObject({
      clientSecret: "s3cret",
      scopes: "openid email profile groups",
      redirectUri: "https://keys.acme.test/auth/oidc/callback",
      settings: {
        accountSlug: "acme",
        roleClaim: "realm_access.roles",
        roleMap: {
          entries: [
            { claimValue: "platform-admins", role: "SUPER_ADMIN" },
            { claimValue: "billing", role: "BILLING_ADMIN" },
          ],
        },
      },
    });
  });

  it("accepts plain http only for a provider on localhost", () => {
    expect(loadConfig({ ...base, ...sso, KEYWARD_OIDC_ISSUER: "http://127.0.0.1:9000" }).oidc).not.toBeNull();
    expect(problemsOf({ ...sso, KEYWARD_OIDC_ISSUER: "http://idp.example.test" })).toMatch(
      /KEYWARD_OIDC_ISSUER must use https:\/\/ \(plain http:\/\/ is accepted only for localhost\)/,
    );
  });

  it.each([
    [{ KEYWARD_OIDC_ISSUER: "https://idp.example.test" }, /needs KEYWARD_OIDC_CLIENT_ID/],
    [{ KEYWARD_OIDC_ROLE_MAP: "a=SUPER_ADMIN" }, /needs KEYWARD_OIDC_ISSUER and KEYWARD_OIDC_CLIENT_ID/],
    [{ ...sso, KEYWARD_OIDC_ISSUER: "idp.example.test" }, /must be an https:\/\/ URL/],
    [{ ...sso, KEYWARD_OIDC_ISSUER: "ftp://idp.example.test" }, /must be an https:\/\/ URL/],
    [{ ...sso, KEYWARD_OIDC_ISSUER: "https://idp.example.test/?x=1" }, /must not contain a query/],
    [
      { ...sso, KEYWARD_OIDC_ROLE_MAP: "admins=ROOT" },
      /KEYWARD_OIDC_ROLE_MAP: entry 1 "admins=ROOT": unknown role/,
    ],
    [{ ...sso, KEYWARD_OIDC_SCOPES: "email profile" }, /must include "openid"/],
    [{ ...sso, NODE_ENV: "production" }, /KEYWARD_ORIGIN is required with single sign-on in production/],
  ])("refuses %j with a message saying what to fix", (env, message) => {
    expect(problemsOf(env)).toMatch(message);
  });

  it("lists every problem at once", () => {
    const message = problemsOf({
      KEYWARD_OIDC_ISSUER: "http://idp.example.test",
      KEYWARD_OIDC_ROLE_MAP: "x",
    });
    expect(message).toMatch(/KEYWARD_OIDC_CLIENT_ID/);
    expect(message).toMatch(/https/);
    expect(message).toMatch(/KEYWARD_OIDC_ROLE_MAP/);
  });
});
