import {
  resolveSessionViewer,
  type SessionCookieJar,
  type SessionDependencies,
  type Viewer,
} from "@keyward/schema";
import { readSessionCookie } from "../graphql/session-cookie.ts";
import type { ViewerResolver } from "./resolve-viewer.ts";

/**
 * The caller of a request that carries the `keyward_session` cookie (DESIGN §4). When the HTTP
 * layer passes its cookie jar, a renewed session's cookie is sent again with the new expiry
 * (sliding expiry) and a cookie that no longer authenticates is cleared.
 */
export function createSessionViewerResolver(deps: SessionDependencies): ViewerResolver {
  async function viewerOfToken(token: string, cookies: SessionCookieJar | undefined): Promise<Viewer | null> {
    const resolved = await resolveSessionViewer(deps, token);
    if (resolved === null) {
      cookies?.clear();
      return null;
    }
    if (resolved.renewed) cookies?.set(token, resolved.session.expiresAt);
    return resolved.viewer;
  }
  return function viewerFromSession(headers, _ip, cookies) {
    const token = readSessionCookie(headers.get("cookie"));
    return token === null ? null : viewerOfToken(token, cookies);
  };
}
