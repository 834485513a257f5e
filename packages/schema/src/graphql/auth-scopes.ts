import type { Role } from "../generated/prisma/enums.ts";
import type { GraphQLContext } from "./context.ts";

/** Evaluates the auth scopes of one request. Rules are declared on types and fields, not here. */
export function authScopesFor(context: Pick<GraphQLContext, "viewer">) {
  const viewer = context.viewer;
  const active = viewer !== null && !viewer.mfaPending;
  const key = viewer?.key ?? null;
  const keyAllows = (permission: "READ" | "WRITE") =>
    key === null || key.permissions.has(permission) || key.permissions.has("ADMIN");
  return {
    signedIn: viewer !== null,
    authenticated: active,
    roles: (roles: Role[]) => active && roles.includes(viewer.role),
    self: (profileId: string) => active && viewer.profileId === profileId && keyAllows("READ"),
    selfWrite: (profileId: string) => active && viewer.profileId === profileId && keyAllows("WRITE"),
    account: (accountId: string) => active && viewer.accountId === accountId,
    stepUp: active && (viewer.key !== null || viewer.mfaVerified),
  };
}
