import { RequestCache } from "@pothos/plugin-scope-auth";
import type { GraphQLContext, Viewer } from "../../graphql/context.ts";

/**
 * Sign-in, sign-out and TOTP verification change who is calling half-way through a request. The
 * rest of the operation (the payload's fields) is authorised as the new caller: the viewer is
 * replaced and the scope cache, computed for the old one, is dropped.
 */
export function replaceViewer(context: GraphQLContext, viewer: Viewer | null): void {
  context.viewer = viewer;
  RequestCache.clearForContext(context);
}
