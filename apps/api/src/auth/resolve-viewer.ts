import type { SessionCookieJar, Viewer } from "@keyward/schema";
import type { BearerViewerResolver } from "./bearer-viewer.ts";

/**
 * Resolves the caller of a GraphQL request from its headers (null: anonymous). `cookies`, when
 * given, receives Set-Cookie requests (session renewal, clearing a dead session cookie).
 * A request with neither credential is answered synchronously (no promise on the anonymous path).
 */
export type ViewerResolver = (
  headers: Headers,
  ip: string | null,
  cookies?: SessionCookieJar,
) => Viewer | null | Promise<Viewer | null>;

export interface ViewerSources {
  /** `Authorization: Bearer <key>` (throws a 401 GraphQL error when it does not authenticate). */
  bearer: BearerViewerResolver;
  /** The session cookie (identity: session-viewer.ts). */
  session?: ViewerResolver | null;
}

/**
 * The composition point of request authentication: a request that carries an Authorization
 * header is authenticated by it alone (bearer wins over a session cookie, and a bad bearer never
 * falls back to the cookie or to anonymous); otherwise the session, if any.
 */
export function composeViewerResolvers(sources: ViewerSources): ViewerResolver {
  const { bearer, session } = sources;
  return function resolveViewer(headers, ip, cookies) {
    const authorization = headers.get("authorization");
    if (authorization !== null) return bearer(authorization, ip);
    return session ? session(headers, ip, cookies) : null;
  };
}
