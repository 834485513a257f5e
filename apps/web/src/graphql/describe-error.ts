import type { CombinedError } from "@urql/core";

/** A sentence for the user from a failed operation: the API's own messages, or what went wrong. */
export function describeError(error: CombinedError): string {
  if (error.networkError) {
    return "Keyward could not reach its server. Check your connection and try again.";
  }
  const messages = error.graphQLErrors.map((graphQLError) => graphQLError.message).filter(Boolean);
  return messages.length > 0 ? messages.join(" ") : "Something went wrong. Please try again.";
}
