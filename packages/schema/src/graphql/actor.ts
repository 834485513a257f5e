import type { Actor } from "../identity/viewer.ts";
import type { GraphQLContext } from "./context.ts";
import { ForbiddenError } from "./forbidden-error.ts";

/** The caller as a domain actor. Auth scopes have admitted the caller before any resolver runs. */
export function actorFrom(context: GraphQLContext): Actor {
  if (!context.viewer) throw new ForbiddenError("Sign in to do this", true);
  return { ...context.viewer, ip: context.request.ip };
}
