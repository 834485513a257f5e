import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type Clock,
  DomainError,
  type ErrorCode,
  type EventBus,
  roleClaimValues,
  signInWithSso,
} from "@keyward/schema";
import type { Database } from "@keyward/schema/database";
import { createSessionCookieJar } from "../graphql/session-cookie.ts";
import type { ClientAddressOf } from "../http/client-address.ts";
import type { Logger } from "../logger.ts";
import {
  clearFlowCookieHeader,
  createFlowCookieSigner,
  FLOW_COOKIE,
  flowCookieHeader,
  readCookie,
} from "./flow-cookie.ts";
import { OIDC_CALLBACK_PATH, OIDC_START_PATH, type OidcConfig } from "./oidc-config.ts";
import { createOidcProvider, type OidcProvider } from "./oidc-provider.ts";

export interface SsoRoutesOptions {
  oidc: OidcConfig | null;
  /** Server secret: signs the flow cookie. */
  secret: string;
  secureCookies: boolean;
  prisma: Database["prisma"];
  events: EventBus;
  clock: Clock;
  logger: Logger;
  clientAddress: ClientAddressOf;
}

/** Where a refused sign-in lands: the SPA's sign-in page shows the code in words. */
const signInErrorPath = (code: ErrorCode) => `/sign-in?error=${code}`;

/** A failure with a code for the sign-in page; `reason` is for the log only. */
class SsoFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * GET /auth/oidc/start and GET /auth/oidc/callback: OpenID Connect sign-in (authorization code +
 * PKCE + state + nonce). Success sets the same session cookie as password sign-in and redirects
 * to `/`; every failure redirects to `/sign-in?error=<code>`.
 */
export function createSsoRoutes(options: SsoRoutesOptions) {
  const { oidc, secureCookies, logger } = options;
  const signer = createFlowCookieSigner(options.secret);
  const provider: OidcProvider | null = oidc
    ? createOidcProvider(oidc, (claims) => roleClaimValues(claims, oidc.settings.roleClaim).length > 0)
    : null;

  const redirect = (response: ServerResponse, location: string, cookies: string[]) => {
    response.writeHead(302, {
      location,
      "set-cookie": cookies,
      "cache-control": "no-store",
      // The callback URL carries the authorization code: never hand it on as a referrer.
      "referrer-policy": "no-referrer",
    });
    response.end();
  };

  const fail = (response: ServerResponse, route: string, error: unknown) => {
    const failure =
      error instanceof SsoFailure
        ? error
        : error instanceof DomainError
          ? new SsoFailure(error.code, error.message)
          : null;
    if (failure) logger.warn({ route, code: failure.code, reason: failure.reason }, "single sign-on refused");
    else logger.error({ route, err: error }, "single sign-on failed");
    redirect(response, signInErrorPath(failure?.code ?? "SSO_FAILED"), [
      clearFlowCookieHeader(secureCookies),
    ]);
  };

  async function start(response: ServerResponse) {
    if (provider === null) throw new SsoFailure("SSO_NOT_CONFIGURED", "single sign-on is not configured");
    const begun = await provider.begin().catch((error: unknown) => {
      throw new SsoFailure("SSO_PROVIDER_ERROR", `discovery failed: ${describe(error)}`);
    });
    const cookie = flowCookieHeader(signer.seal(begun.flow, options.clock.now()), secureCookies);
    redirect(response, begun.url.href, [cookie]);
  }

  async function callback(request: IncomingMessage, response: ServerResponse, query: URLSearchParams) {
    if (provider === null || oidc === null) {
      throw new SsoFailure("SSO_NOT_CONFIGURED", "single sign-on is not configured");
    }
    const flow = signer.open(readCookie(request.headers.cookie, FLOW_COOKIE), options.clock.now());
    if (flow === null) {
      throw new SsoFailure("SSO_STATE_INVALID", "flow cookie missing, tampered with or expired");
    }
    if (query.get("state") !== flow.state) throw new SsoFailure("SSO_STATE_INVALID", "state mismatch");
    const providerError = query.get("error");
    if (providerError !== null) {
      throw new SsoFailure("SSO_PROVIDER_ERROR", `the provider answered ${providerError.slice(0, 64)}`);
    }
    const claims = await provider.finish(query, flow).catch((error: unknown) => {
      throw new SsoFailure("SSO_PROVIDER_ERROR", `code exchange failed: ${describe(error)}`);
    });
    const result = await signInWithSso(
      { prisma: options.prisma, clock: options.clock, events: options.events },
      oidc.settings,
      {
        claims,
        ip: options.clientAddress(request),
        userAgent: request.headers["user-agent"] ?? null,
      },
    );
    logger.info(
      { profileId: result.profile.id, created: result.created, roleChange: result.roleChange },
      "signed in through single sign-on",
    );
    const jar = createSessionCookieJar(secureCookies);
    jar.set(result.token, result.session.expiresAt);
    redirect(response, "/", [clearFlowCookieHeader(secureCookies), ...jar.headers]);
  }

  return {
    handles: (pathname: string) => pathname === OIDC_START_PATH || pathname === OIDC_CALLBACK_PATH,
    async handle(request: IncomingMessage, response: ServerResponse, pathname: string) {
      // GET only: the callback signs in, which a HEAD request must not do.
      if (request.method !== "GET") {
        response.writeHead(405, { allow: "GET", "cache-control": "no-store" });
        response.end();
        return;
      }
      const query = new URL(request.url ?? "/", "http://keyward.invalid").searchParams;
      try {
        if (pathname === OIDC_START_PATH) await start(response);
        else await callback(request, response, query);
      } catch (error) {
        fail(response, pathname, error);
      }
    },
  };
}

/**
 * An error's class, code and message for the log, plus the provider's OAuth error and description
 * when it sent one (openid-client's errors carry no tokens).
 */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const field = (name: string) => {
    const value: unknown = Reflect.get(error, name);
    return typeof value === "string" ? value.slice(0, 200) : null;
  };
  const details = [field("code"), field("error"), field("error_description")].filter((part) => part !== null);
  return `${error.name}: ${error.message}${details.length > 0 ? ` (${details.join("; ")})` : ""}`;
}
