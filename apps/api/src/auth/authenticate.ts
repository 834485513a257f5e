import {
  resolveSessionViewer,
  type SessionCookieJar,
  type SessionDependencies,
  type Viewer,
} from "@keyward/schema";
import { readSessionCookie } from "../graphql/session-cookie.ts";

/**
 * Resolves the caller of a request that presents `Authorization: <value>` (bearer API keys,
 * DESIGN §4). Returns null for an unknown, malformed or unusable key.
 */
export type BearerAuthenticator = (authorization: string, ip: string | null) => Promise<Viewer | null>;

export interface AuthenticatorOptions {
  sessions: SessionDependencies;
  /**
   * The bearer-key seam: plug the API-key authenticator in here. Until then a request carrying an
   * Authorization header is anonymous.
   */
  bearer?: BearerAuthenticator | undefined;
}

/** Resolves who is calling: `(headers, ip, cookies?) → Viewer | null`, once per request or socket. */
export type Authenticate = (
  headers: Headers,
  ip: string | null,
  cookies?: SessionCookieJar,
) => Promise<Viewer | null>;

/**
 * The request's caller. An Authorization header is authoritative: a bad key never falls back to
 * the session cookie, so a client always knows which principal it acts as. Otherwise the
 * `keyward_session` cookie is validated; when `cookies` is given, a renewed session's cookie is
 * sent again with its new expiry (sliding expiry) and a dead cookie is cleared.
 */
export function createAuthenticator(options: AuthenticatorOptions): Authenticate {
  return async (headers, ip, cookies) => {
    const authorization = headers.get("authorization");
    if (authorization !== null) return options.bearer ? options.bearer(authorization, ip) : null;

    const token = readSessionCookie(headers.get("cookie"));
    if (token === null) return null;
    const resolved = await resolveSessionViewer(options.sessions, token);
    if (resolved === null) {
      cookies?.clear();
      return null;
    }
    if (resolved.renewed) cookies?.set(token, resolved.session.expiresAt);
    return resolved.viewer;
  };
}
