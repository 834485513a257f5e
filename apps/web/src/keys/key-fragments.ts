import { graphql, type ResultOf } from "../graphql/graphql.ts";

/** What a key's row shows in the registry and in "My keys" (fields every key reader may see). */
export const KeyRowFields = graphql(`
  fragment KeyRowFields on ApiKey {
    id
    name
    displayHint
    status
    environment
    module
    permissions
    createdAt
    expiresAt
    lastUsedAt
    rotationDueAt
  }
`);

export type KeyRow = ResultOf<typeof KeyRowFields>;
