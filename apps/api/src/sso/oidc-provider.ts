import * as client from "openid-client";
import type { OidcFlow } from "./flow-cookie.ts";
import { isLoopbackUrl, type OidcConfig } from "./oidc-config.ts";

/** The identity provider, as the SSO routes use it (openid-client: authorization code + PKCE). */
export interface OidcProvider {
  /** A fresh flow (state, PKCE verifier, nonce) and the provider URL to send the browser to. */
  begin(): Promise<{ url: URL; flow: OidcFlow }>;
  /**
   * Validates the callback (state), exchanges the code with the PKCE verifier, verifies the ID
   * token (signature, issuer, audience, expiry, nonce) and returns its claims, completed from the
   * userinfo endpoint when the token lacks the email or the role claim.
   */
  finish(callbackQuery: URLSearchParams, flow: OidcFlow): Promise<Record<string, unknown>>;
}

const requestTimeoutSeconds = 10;

/**
 * Discovers the provider on first use and keeps the result (a failed discovery is retried on
 * the next sign-in, so Keyward starts even while the provider is down).
 */
export function createOidcProvider(
  config: OidcConfig,
  hasRoleClaim: (claims: Record<string, unknown>) => boolean,
): OidcProvider {
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= discover(config).catch((error: unknown) => {
      discovered = undefined;
      throw error;
    });
    return discovered;
  };

  return {
    async begin() {
      const provider = await configuration();
      const flow: OidcFlow = {
        state: client.randomState(),
        codeVerifier: client.randomPKCECodeVerifier(),
        nonce: client.randomNonce(),
      };
      const url = client.buildAuthorizationUrl(provider, {
        redirect_uri: config.redirectUri,
        scope: config.scopes,
        response_type: "code",
        code_challenge: await client.calculatePKCECodeChallenge(flow.codeVerifier),
        code_challenge_method: "S256",
        state: flow.state,
        nonce: flow.nonce,
      });
      return { url, flow };
    },

    async finish(callbackQuery, flow) {
      const provider = await configuration();
      // The token request's redirect_uri must be the registered one, whatever host the callback
      // reached (a proxy may rewrite it): rebuild the callback URL from the configured origin.
      const callbackUrl = new URL(config.redirectUri);
      for (const [name, value] of callbackQuery) callbackUrl.searchParams.append(name, value);
      const tokens = await client.authorizationCodeGrant(provider, callbackUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (idClaims === undefined) throw new Error("The provider returned no ID token");
      const claims: Record<string, unknown> = { ...idClaims };
      const userinfoEndpoint = provider.serverMetadata().userinfo_endpoint;
      if (userinfoEndpoint && (claims.email === undefined || !hasRoleClaim(claims))) {
        const userinfo = await client.fetchUserInfo(provider, tokens.access_token, idClaims.sub);
        // The signed ID token wins where both carry a claim.
        return { ...userinfo, ...claims };
      }
      return claims;
    },
  };
}

async function discover(config: OidcConfig): Promise<client.Configuration> {
  // Plain http is accepted for a provider on this machine only (config validation refuses the rest).
  const execute =
    config.issuer.protocol === "http:" && isLoopbackUrl(config.issuer) ? [client.allowInsecureRequests] : [];
  const found = await client.discovery(config.issuer, config.clientId, undefined, client.None(), {
    execute,
    timeout: requestTimeoutSeconds,
  });
  if (config.clientSecret === undefined) return found;
  // A confidential client authenticates the way the provider advertises (the spec's default is basic).
  const metadata = found.serverMetadata();
  const methods = metadata.token_endpoint_auth_methods_supported;
  const authentication =
    methods?.includes("client_secret_post") && !methods.includes("client_secret_basic")
      ? client.ClientSecretPost(config.clientSecret)
      : client.ClientSecretBasic(config.clientSecret);
  const provider = new client.Configuration(metadata, config.clientId, undefined, authentication);
  provider.timeout = requestTimeoutSeconds;
  for (const extension of execute) extension(provider);
  return provider;
}
