import { NoSchemaIntrospectionCustomRule } from "graphql";
import type { Plugin } from "graphql-yoga";

export interface IntrospectionPolicyOptions {
  /** Refuse introspection (production). */
  disabled: boolean;
}

/**
 * Introspection off in production as a validation rule, so it holds on every transport that
 * validates through yoga's envelop (HTTP, SSE and graphql-ws), unlike the per-request
 * disable-introspection plugin.
 */
export function useIntrospectionPolicy(options: IntrospectionPolicyOptions): Plugin {
  return {
    onValidate({ addValidationRule }) {
      if (options.disabled) addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
