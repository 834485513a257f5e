import type { GraphQLContext } from "../../graphql/context.ts";

/**
 * Claiming is for the requester alone (a session, or their key with WRITE): admins approve but
 * never receive the secret. Another account's id (or none) passes here and the resolver answers
 * "not found", exactly like a missing id.
 */
export async function requestOwner(keyId: { typename: string; id: string }, context: GraphQLContext) {
  const accountId = context.viewer?.accountId;
  if (!accountId || keyId.typename !== "ApiKey") return { authenticated: true };
  const key = await context.prisma.apiKey.findFirst({
    where: { id: keyId.id, accountId },
    select: { ownerId: true },
  });
  if (!key) return { authenticated: true };
  return { selfWrite: key.ownerId };
}
