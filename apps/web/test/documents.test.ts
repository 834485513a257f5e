import path from "node:path";
import { Kind } from "graphql";
import { describe, expect, it } from "vitest";
import { loadContractSchema } from "../scripts/contract-schema.ts";
import { documentLimitProblems, findDocuments, validateDocuments } from "../scripts/validate-documents.ts";

const documents = findDocuments(path.resolve(import.meta.dirname, "../src"));
const { schema } = loadContractSchema();

describe("GraphQL documents", () => {
  it("are found in the sources", () => {
    expect(documents.length).toBeGreaterThan(40);
  });

  it("all validate against the contract schema", () => {
    expect(validateDocuments(schema, documents)).toEqual([]);
  });

  it("are rejected when a fragment can never match (which TypeScript alone lets through)", () => {
    const broken = findDocuments(path.resolve(import.meta.dirname, "fixtures"));
    expect(validateDocuments(schema, broken)).toEqual([
      'impossible-fragment.ts: Fragment cannot be spread here as objects of type "RevokeApiKeyResult" can never be of type "IssuedApiKey".',
    ]);
  });

  it("stay within the API's document limits (directives, aliases, depth, tokens, cost)", () => {
    expect(documentLimitProblems(schema, documents)).toEqual([]);
    expect(
      documentLimitProblems(schema, findDocuments(path.resolve(import.meta.dirname, "fixtures"))),
    ).toEqual([
      "too-costly.ts: TooCostly: Syntax Error: Query Cost limit of 5000 exceeded, found 23375.",
      "too-many-directives.ts: TooManyDirectives has 6 directives",
    ]);
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
