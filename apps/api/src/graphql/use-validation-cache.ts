import type { DocumentNode, GraphQLError, GraphQLSchema } from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * Remembers the validation result of each parsed document of `schema`. yoga's parser cache hands
 * back the same DocumentNode for the same query text, so the document is the key. This replaces
 * yoga's own validation cache, which joins the names of every validation rule (about 35) into a
 * key on each request: the rules of one yoga instance are fixed when it is created (document
 * limits, the introspection policy), so they need no key.
 */
export function useValidationCache(schema: GraphQLSchema): Plugin {
  const results = new WeakMap<DocumentNode, readonly GraphQLError[]>();
  return {
    onValidate({ params: { schema: validated, documentAST }, setResult }) {
      if (validated !== schema) return;
      const cached = results.get(documentAST);
      if (cached !== undefined) {
        setResult(cached);
        return;
      }
      return ({ result }) => {
        // graphql's validate returns GraphQLErrors; envelop types the result more loosely.
        results.set(documentAST, result as readonly GraphQLError[]);
      };
    },
  };
}
