import { parseSsoRoleMap, SsoRoleMapError, type SsoSettings } from "@keyward/schema";

/** Single sign-on settings, validated once at start-up (see env.ts). */
export interface OidcConfig {
  issuer: URL;
  clientId: string;
  /** Unset for a public client (PKCE alone protects the code exchange). */
  clientSecret: string | undefined;
  /** Space-separated scopes; always include `openid`. */
  scopes: string;
  /** Where the provider sends the browser back: `<KEYWARD_ORIGIN>/auth/oidc/callback`. */
  redirectUri: string;
  settings: SsoSettings;
}

/** The raw KEYWARD_OIDC_* values (already read by env.ts, which passes them here). */
export interface OidcEnvironment {
  issuer: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  roleClaim: string | undefined;
  roleMap: string | undefined;
  account: string | undefined;
  scopes: string | undefined;
}

export const OIDC_CALLBACK_PATH = "/auth/oidc/callback";
export const OIDC_START_PATH = "/auth/oidc/start";

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** True for http(s) URLs on this machine, where plain http cannot be intercepted in transit. */
export function isLoopbackUrl(url: URL): boolean {
  return loopbackHosts.has(url.hostname);
}

/**
 * Validates the SSO variables: null when SSO is off (no variable set); otherwise every problem,
 * in words, as a list (empty when valid) next to the config.
 */
export function parseOidcConfig(
  raw: OidcEnvironment,
  origin: string,
): { config: OidcConfig | null; problems: string[] } {
  const problems: string[] = [];
  // An empty variable (common in env files) counts as unset.
  const blankAsUnset = (value: string | undefined) => (value?.trim() ? value : undefined);
  const env: OidcEnvironment = {
    issuer: blankAsUnset(raw.issuer),
    clientId: blankAsUnset(raw.clientId),
    clientSecret: blankAsUnset(raw.clientSecret),
    roleClaim: blankAsUnset(raw.roleClaim),
    roleMap: blankAsUnset(raw.roleMap),
    account: blankAsUnset(raw.account),
    scopes: blankAsUnset(raw.scopes),
  };
  const anySet = Object.values(env).some((value) => value !== undefined);
  if (!anySet) return { config: null, problems };

  if (!env.issuer || !env.clientId) {
    const missing = [!env.issuer && "KEYWARD_OIDC_ISSUER", !env.clientId && "KEYWARD_OIDC_CLIENT_ID"].filter(
      Boolean,
    );
    problems.push(`single sign-on needs ${missing.join(" and ")} (or unset every KEYWARD_OIDC_* variable)`);
  }
  let issuer: URL | null = null;
  if (env.issuer) {
    issuer = URL.canParse(env.issuer) ? new URL(env.issuer) : null;
    if (issuer === null || (issuer.protocol !== "https:" && issuer.protocol !== "http:")) {
      problems.push(`KEYWARD_OIDC_ISSUER must be an https:// URL (got "${env.issuer}")`);
      issuer = null;
    } else if (issuer.protocol === "http:" && !isLoopbackUrl(issuer)) {
      problems.push("KEYWARD_OIDC_ISSUER must use https:// (plain http:// is accepted only for localhost)");
    } else if (issuer.search !== "" || issuer.hash !== "") {
      problems.push("KEYWARD_OIDC_ISSUER must not contain a query or fragment");
    }
  }
  const scopes = (env.scopes ?? "openid email profile").trim().split(/\s+/);
  if (!scopes.includes("openid")) problems.push('KEYWARD_OIDC_SCOPES must include "openid"');
  const roleClaim = (env.roleClaim ?? "groups").trim();
  const accountSlug = (env.account ?? "default").trim();

  let roleMap = parseSsoRoleMap("");
  try {
    roleMap = parseSsoRoleMap(env.roleMap ?? "");
  } catch (error) {
    if (!(error instanceof SsoRoleMapError)) throw error;
    problems.push(`KEYWARD_OIDC_ROLE_MAP: ${error.message}`);
  }

  if (problems.length > 0 || issuer === null || !env.clientId) return { config: null, problems };
  return {
    config: {
      issuer,
      clientId: env.clientId,
      clientSecret: env.clientSecret,
      scopes: scopes.join(" "),
      redirectUri: new URL(OIDC_CALLBACK_PATH, origin).toString(),
      settings: { accountSlug, roleClaim, roleMap },
    },
    problems,
  };
}
