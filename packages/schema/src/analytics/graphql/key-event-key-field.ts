import type { ApiKey } from "../../generated/prisma/client.ts";
import { builder } from "../../graphql/builder.ts";
import type { GraphQLContext } from "../../graphql/context.ts";
import { ApiKeyRef } from "../../keys/graphql/api-key-type.ts";
import { KeyEventRef } from "../../keys/graphql/key-event-type.ts";

/** Loads the keys of a page of events or counts in one query (never one per row). */
export async function loadKeys(
  ids: readonly string[],
  context: GraphQLContext,
): Promise<Array<ApiKey | null>> {
  const keys = await context.prisma.apiKey.findMany({
    where: { id: { in: [...ids] }, accountId: context.viewer?.accountId ?? "" },
  });
  const byId = new Map(keys.map((key) => [key.id, key]));
  return ids.map((id) => byId.get(id) ?? null);
}

builder.objectField(KeyEventRef, "apiKey", (t) =>
  t.loadable({
    type: ApiKeyRef,
    nullable: true,
    description: "The key that was presented (null when no key matched).",
    load: loadKeys,
    resolve: (event) => event.apiKeyId,
  }),
);
