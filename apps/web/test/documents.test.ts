import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  NoUnusedFragmentsRule,
  parse,
  specifiedRules,
  validate,
  visit,
} from "graphql";
import { describe, expect, it } from "vitest";
import { loadContractSchema } from "../scripts/contract-schema.ts";

// Every document in the SPA, checked against the contract schema. TypeScript types the results,
// but only validation catches a fragment on a type that does not exist or a wrong argument.

const sourceDir = path.resolve(import.meta.dirname, "../src");
const files = readdirSync(sourceDir, { recursive: true, encoding: "utf8" })
  .filter((file) => /\.(ts|tsx)$/.test(file) && !file.endsWith(".d.ts"))
  .map((file) => path.join(sourceDir, file));

const documents = files.flatMap((file) =>
  [...readFileSync(file, "utf8").matchAll(/graphql\(\s*`([\s\S]*?)`/g)].map((match) => ({
    file: path.relative(sourceDir, file),
    document: parse(match[1] ?? ""),
  })),
);

const fragments = new Map<string, FragmentDefinitionNode>();
for (const { document } of documents) {
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
}

/** The fragments a definition spreads, directly or through other fragments. */
function fragmentsOf(definition: DefinitionNode, found = new Map<string, FragmentDefinitionNode>()) {
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
}

const { schema } = loadContractSchema();

describe("GraphQL documents", () => {
  it("are found in the sources", () => {
    expect(documents.length).toBeGreaterThan(40);
  });

  it("all validate against the contract schema", () => {
    const problems: string[] = [];
    for (const { file, document } of documents) {
      for (const definition of document.definitions) {
        const withFragments: DocumentNode = {
          kind: Kind.DOCUMENT,
          definitions: [definition, ...fragmentsOf(definition).values()],
        };
        const rules = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);
        for (const error of validate(schema, withFragments, rules))
          problems.push(`${file}: ${error.message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("have unique operation names (fixtures, logs and persisted queries key on them)", () => {
    const names = documents.flatMap(({ document }) =>
      document.definitions.flatMap((definition) =>
        definition.kind === Kind.OPERATION_DEFINITION ? [definition.name?.value ?? "(anonymous)"] : [],
      ),
    );
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
    expect(names).not.toContain("(anonymous)");
  });
});
