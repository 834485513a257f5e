import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  Kind,
  NoUnusedFragmentsRule,
  parse,
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
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const { document } of documents) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
  }
  const fragmentsOf = (definition: DefinitionNode, found = new Map<string, FragmentDefinitionNode>()) => {
    visit(definition, {
      FragmentSpread(node) {
        const fragment = fragments.get(node.name.value);
        if (fragment && !found.has(node.name.value)) {
          found.set(node.name.value, fragment);
          fragmentsOf(fragment, found);
        }
      },
    });
    return found;
  };
  // Fragments are validated where they are spread, and on their own without the unused rule.
  const rules = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);
  const problems: string[] = [];
  for (const { file, document } of documents) {
    for (const definition of document.definitions) {
      const withFragments: DocumentNode = {
        kind: Kind.DOCUMENT,
        definitions: [definition, ...fragmentsOf(definition).values()],
      };
      for (const error of validate(schema, withFragments, rules)) problems.push(`${file}: ${error.message}`);
    }
  }
  return problems;
}
