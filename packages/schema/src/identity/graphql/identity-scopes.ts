import type { GraphQLContext } from "../../graphql/context.ts";

/**
 * The caller's own session, past MFA. API keys are refused even with WRITE: a key must never
 * change its owner's password, sessions or second factor.
 */
export const ownSession = (_parent: unknown, _args: unknown, context: GraphQLContext) =>
  context.viewer?.key ? false : { authenticated: true };

/**
 * Anyone except a session whose MFA is pending, which may only verify a code or sign out (to sign
 * in as someone else, sign out first).
 */
export const notMfaPending = (_parent: unknown, _args: unknown, context: GraphQLContext) =>
  context.viewer?.mfaPending ? { authenticated: true } : true;
