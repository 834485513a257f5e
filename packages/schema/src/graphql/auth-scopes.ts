import type { Role } from "../generated/prisma/enums.ts";
import type { GraphQLContext, Viewer } from "./context.ts";

/** A key may do this (a session may do everything its role allows). */
function keyAllows(key: Viewer["key"], permission: "READ" | "WRITE"): boolean {
  return key === null || key.permissions.has(permission) || key.permissions.has("ADMIN");
}

/**
 * Evaluates the auth scopes of one request. Rules are declared on types and fields, not here.
 * Made once per request and per live subscription: the scope checks are methods, not named arrow
 * functions, which tsx (esbuild keepNames) would give a `name` property each, per call.
 */
export function authScopesFor(context: Pick<GraphQLContext, "viewer">) {
  const viewer = context.viewer;
  const active = viewer !== null && !viewer.mfaPending;
  return {
    signedIn: viewer !== null,
    authenticated: active,
    roles(roles: Role[]) {
      return active && roles.includes(viewer.role);
    },
    self(profileId: string) {
      return active && viewer.profileId === profileId && keyAllows(viewer.key, "READ");
    },
    selfWrite(profileId: string) {
      return active && viewer.profileId === profileId && keyAllows(viewer.key, "WRITE");
    },
    account(accountId: string) {
      return active && viewer.accountId === accountId;
    },
    stepUp: active && (viewer.key !== null || viewer.mfaVerified),
  };
}
