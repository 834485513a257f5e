import { resolveSessionViewer, type SessionDependencies } from "@keyward/schema";
import { readSessionCookie } from "../graphql/session-cookie.ts";
import type { ViewerResolver } from "./resolve-viewer.ts";

/**
 * The caller of a request that carries the `keyward_session` cookie (DESIGN §4). When the HTTP
 * layer passes its cookie jar, a renewed session's cookie is sent again with the new expiry
 * (sliding expiry) and a cookie that no longer authenticates is cleared.
 */
export function createSessionViewerResolver(deps: SessionDependencies): ViewerResolver {
  return async function viewerFromSession(headers, _ip, cookies) {
    const token = readSessionCookie(headers.get("cookie"));
    if (token === null) return null;
    const resolved = await resolveSessionViewer(deps, token);
    if (resolved === null) {
      cookies?.clear();
      return null;
    }
    if (resolved.renewed) cookies?.set(token, resolved.session.expiresAt);
    return resolved.viewer;
  };
}
