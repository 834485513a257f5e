import { GraphQLError } from "graphql";

/** An authorisation refusal: a GraphQL error with a stable code, never masked. */
export class ForbiddenError extends GraphQLError {
  constructor(message: string, anonymous: boolean) {
    super(message, { extensions: { code: anonymous ? "UNAUTHENTICATED" : "FORBIDDEN" } });
  }
}
