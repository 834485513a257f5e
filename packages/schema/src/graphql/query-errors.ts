import { GraphQLError } from "graphql";
import { DomainError } from "../errors/index.ts";

/**
 * Query fields have no result union: a known failure (an invalid cursor or filter) becomes a
 * GraphQL error with its stable code instead of a masked unexpected error.
 */
export function asQueryError(error: unknown): never {
  if (error instanceof DomainError)
    throw new GraphQLError(error.message, { extensions: { code: error.code } });
  throw error;
}
