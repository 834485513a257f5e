import { initGraphQLTada } from "gql.tada";
import type { introspection } from "./graphql-env.d.ts";

/**
 * The SPA's typed `graphql` tag: documents are checked against the API's printed schema (plus the
 * pending contract) and their results and variables are typed from it.
 */
export const graphql = initGraphQLTada<{
  // Fragments are for sharing selections between documents, not for data hiding.
  disableMasking: true;
  introspection: introspection;
  scalars: {
    DateTime: string;
  };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from "gql.tada";
export { readFragment } from "gql.tada";

/** A schema enum or input type, e.g. `SchemaType<"KeyStatus">`. */
export type SchemaType<Name extends string> = ReturnType<typeof graphql.scalar<Name>>;
