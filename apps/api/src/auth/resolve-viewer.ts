import type { Viewer } from "@keyward/schema";
import type { BearerViewerResolver } from "./bearer-viewer.ts";

/** Resolves the caller of a GraphQL request from its headers (null: anonymous). */
export type ViewerResolver = (headers: Headers, ip: string | null) => Promise<Viewer | null>;

export interface ViewerSources {
  /** `Authorization: Bearer <key>` (throws a 401 GraphQL error when it does not authenticate). */
  bearer: BearerViewerResolver;
  /** The session cookie, when sessions are wired (identity). */
  session?: ViewerResolver | null;
}

/**
 * The composition point of request authentication: a request that carries an Authorization
 * header is authenticated by it alone (bearer wins over a session cookie, and a bad bearer never
 * falls back to the cookie or to anonymous); otherwise the session, if any.
 */
export function composeViewerResolvers(sources: ViewerSources): ViewerResolver {
  const { bearer, session } = sources;
  return function resolveViewer(headers, ip) {
    const authorization = headers.get("authorization");
    if (authorization !== null) return bearer(authorization, ip);
    return session ? session(headers, ip) : Promise.resolve(null);
  };
}
