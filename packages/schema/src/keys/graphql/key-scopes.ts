import type { GraphQLContext } from "../../graphql/context.ts";
import { peopleAdminRoles } from "../../identity/roles.ts";

/**
 * Mutations on one key: its owner (a session, or a key with WRITE) or a people admin.
 * A key of another account (or none) passes here and is answered "not found" by the resolver,
 * exactly like a missing id.
 */
export async function keyOwnerOrAdmin(keyId: { typename: string; id: string }, context: GraphQLContext) {
  const accountId = context.viewer?.accountId;
  if (!accountId || keyId.typename !== "ApiKey") return { authenticated: true };
  const key = await context.prisma.apiKey.findFirst({
    where: { id: keyId.id, accountId },
    select: { ownerId: true },
  });
  if (!key) return { authenticated: true };
  return { $any: { selfWrite: key.ownerId, roles: peopleAdminRoles } };
}
