import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import type { Plugin } from "graphql-yoga";
import { fieldRepeatRule } from "./field-repeat-rule.ts";

export interface DocumentLimitsOptions {
  /** Deepest selection nesting allowed (default 12: the SPA's deepest query is 7). */
  maxDepth?: number;
  /** Aliases allowed per document (default 0: aliases are how sign-in brute force hides in one request). */
  maxAliases?: number;
  /** Directives allowed per document (default 5). */
  maxDirectives?: number;
  /** Tokens allowed per document (default 2000). */
  maxTokens?: number;
  /** Cost budget per document (default 5000; lists multiply by their page size). */
  maxCost?: number;
  /** Times one field may be named in one selection set (default 3; the SPA names each once). */
  maxFieldRepeats?: number;
}

/**
 * Rejects abusive documents during validation, before anything executes: depth, aliases,
 * directives, tokens and cost (graphql-armor), repeated fields, and no "did you mean" field
 * suggestions.
 * Errors name the limit that was exceeded, so a client knows what to fix.
 */
export function useDocumentLimits(options: DocumentLimitsOptions = {}): Plugin {
  const armor = EnvelopArmorPlugin({
    maxDepth: { n: options.maxDepth ?? 12, exposeLimits: true, flattenFragments: true },
    maxAliases: { n: options.maxAliases ?? 0, allowList: [], exposeLimits: true },
    maxDirectives: { n: options.maxDirectives ?? 5, exposeLimits: true },
    maxTokens: { n: options.maxTokens ?? 2000, exposeLimits: true },
    costLimit: { maxCost: options.maxCost ?? 5000, exposeLimits: true },
    blockFieldSuggestion: { enabled: true },
  }) as Plugin;
  const repeats = fieldRepeatRule(options.maxFieldRepeats ?? 3);
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(armor);
    },
    onValidate({ addValidationRule }) {
      addValidationRule(repeats);
    },
  };
}
