import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import {
  type ASTNode,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  Kind,
  Lexer,
  NoUnusedFragmentsRule,
  parse,
  print,
  Source,
  specifiedRules,
  validate,
  visit,
} from "graphql";

// gql.tada types results and variables, but it does not reject everything the server would: a
// fragment on a type that can never appear in a union is silently empty. Validating every document
// with graphql-js closes that gap.

export interface SourceDocument {
  file: string;
  document: DocumentNode;
}

/** Every `graphql(`…`)` document in the sources under `sourceDir`. */
export function findDocuments(sourceDir: string): SourceDocument[] {
  return readdirSync(sourceDir, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(ts|tsx)$/.test(file) && !file.endsWith(".d.ts"))
    .sort()
    .flatMap((file) =>
      [...readFileSync(path.join(sourceDir, file), "utf8").matchAll(/graphql\(\s*`([\s\S]*?)`/g)].map(
        (match) => ({
          file,
          document: parse(match[1] ?? ""),
        }),
      ),
    );
}

/** Validation errors of every document (with the fragments it spreads), as "file: message". */
export function validateDocuments(schema: GraphQLSchema, documents: readonly SourceDocument[]): string[] {
  const fragments = fragmentsByName(documents);
  // Fragments are validated where they are spread, and on their own without the unused rule.
  const rules = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);
  const problems: string[] = [];
  for (const { file, document } of documents) {
    for (const definition of document.definitions) {
      const withFragments: DocumentNode = {
        kind: Kind.DOCUMENT,
        definitions: [definition, ...collectFragments(definition, fragments).values()],
      };
      for (const error of validate(schema, withFragments, rules)) problems.push(`${file}: ${error.message}`);
    }
  }
  return problems;
}

/**
 * The API rejects abusive documents before executing them (apps/api use-document-limits.ts):
 * at most 5 directives and 2000 tokens, no aliases, depth 12, cost 5000 (graphql-armor's weights:
 * every level of nesting, fragments included, multiplies by 1.5). A document of the SPA that breaks
 * one of these would fail only against the real server, so they are checked here too.
 */
export const apiDocumentLimits = {
  maxDirectives: 5,
  maxAliases: 0,
  maxDepth: 12,
  maxTokens: 2000,
  maxCost: 5000,
};

function depthOf(
  node: ASTNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): number {
  if (node.kind === Kind.FIELD) {
    return (
      1 +
      Math.max(0, ...(node.selectionSet?.selections ?? []).map((child) => depthOf(child, fragments, seen)))
    );
  }
  if (node.kind === Kind.FRAGMENT_SPREAD) {
    const fragment = fragments.get(node.name.value);
    if (!fragment || seen.has(node.name.value)) return 0;
    return depthOf(fragment, fragments, new Set([...seen, node.name.value]));
  }
  if ("selectionSet" in node && node.selectionSet) {
    return Math.max(0, ...node.selectionSet.selections.map((child) => depthOf(child, fragments, seen)));
  }
  return 0;
}

function tokenCount(text: string): number {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  while (lexer.advance().kind !== "<EOF>") count += 1;
  return count;
}

/** Operations (with their fragments) that the API's document limits would reject. */
export function documentLimitProblems(schema: GraphQLSchema, documents: readonly SourceDocument[]): string[] {
  const fragments = fragmentsByName(documents);
  const problems: string[] = [];
  for (const { file, document } of documents) {
    for (const operation of document.definitions) {
      if (operation.kind !== Kind.OPERATION_DEFINITION) continue;
      const name = operation.name?.value ?? "(anonymous)";
      const included = [operation, ...collectFragments(operation, fragments).values()];
      let directives = 0;
      let aliases = 0;
      for (const definition of included) {
        visit(definition, {
          Directive() {
            directives += 1;
          },
          Field(node) {
            if (node.alias) aliases += 1;
          },
        });
      }
      const depth = depthOf(operation, fragments);
      const tokens = included.reduce((sum, definition) => sum + tokenCount(print(definition)), 0);
      if (directives > apiDocumentLimits.maxDirectives)
        problems.push(`${file}: ${name} has ${directives} directives`);
      if (aliases > apiDocumentLimits.maxAliases) problems.push(`${file}: ${name} has ${aliases} aliases`);
      if (depth > apiDocumentLimits.maxDepth) problems.push(`${file}: ${name} is ${depth} levels deep`);
      if (tokens > apiDocumentLimits.maxTokens) problems.push(`${file}: ${name} has ${tokens} tokens`);
      // The cost rule is graphql-armor's own, with the API's budget and its default weights.
      const costRule = costLimitRule({ maxCost: apiDocumentLimits.maxCost, exposeLimits: true });
      const sent = withTypenames({ kind: Kind.DOCUMENT, definitions: included });
      try {
        for (const error of validate(schema, sent, [costRule])) {
          problems.push(`${file}: ${name}: ${error.message}`);
        }
      } catch (error) {
        // graphql-armor throws its limit errors instead of reporting them.
        problems.push(`${file}: ${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return problems;
}

const typenameField = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: "__typename" } } as const;

/** The document as urql sends it: graphcache adds `__typename` to every selection below the root. */
function withTypenames(document: DocumentNode): DocumentNode {
  return visit(document, {
    SelectionSet: {
      leave(selectionSet, _key, parent) {
        const atRoot = parent !== undefined && "kind" in parent && parent.kind === Kind.OPERATION_DEFINITION;
        const present = selectionSet.selections.some(
          (selection) => selection.kind === Kind.FIELD && selection.name.value === "__typename",
        );
        return atRoot || present
          ? selectionSet
          : { ...selectionSet, selections: [...selectionSet.selections, typenameField] };
      },
    },
  });
}

function fragmentsByName(documents: readonly SourceDocument[]): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const { document } of documents) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
  }
  return fragments;
}

/** The fragments a definition spreads, directly or through other fragments. */
function collectFragments(definition: DefinitionNode, fragments: Map<string, FragmentDefinitionNode>) {
  const found = new Map<string, FragmentDefinitionNode>();
  const walk = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !found.has(spread.name.value)) {
          found.set(spread.name.value, fragment);
          walk(fragment);
        }
      },
    });
  walk(definition);
  return found;
}
