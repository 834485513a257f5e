// Generates the SPA's GraphQL typings (gql.tada) and graphcache's schema from the printed API
// schema plus the pending contract. `--check` fails when a committed output is stale.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { minifyIntrospection, outputIntrospectionFile } from "@gql.tada/internal";
import { introspectionFromSchema } from "graphql";
import { loadContractSchema } from "./contract-schema.ts";
import { documentLimitProblems, findDocuments, validateDocuments } from "./validate-documents.ts";

const webRoot = path.resolve(import.meta.dirname, "..");
const repositoryRoot = path.resolve(webRoot, "../..");
const typingsPath = path.join(webRoot, "src/graphql/graphql-env.d.ts");
const cacheSchemaPath = path.join(webRoot, "src/graphql/cache-schema.json");
const check = process.argv.includes("--check");

const { schema, landed, unreferenced } = loadContractSchema();
const introspection = introspectionFromSchema(schema, { descriptions: false });

const typings = outputIntrospectionFile(introspection, { fileType: ".d.ts", shouldPreprocess: true });
// Formatted by Biome so the committed file passes `biome check` as it is.
const cacheSchema = execFileSync(
  path.join(repositoryRoot, "node_modules/.bin/biome"),
  ["format", `--stdin-file-path=${cacheSchemaPath}`],
  { input: JSON.stringify(minifyIntrospection(introspection)), encoding: "utf8" },
);

for (const entry of landed) {
  process.stdout.write(`pending-contract.graphql: ${entry} is now in schema.graphql; remove it\n`);
}
for (const name of unreferenced) {
  process.stdout.write(`pending-contract.graphql: ${name} is no longer referenced; remove it\n`);
}

let stale = false;
for (const [file, contents] of [
  [typingsPath, typings],
  [cacheSchemaPath, cacheSchema],
] as const) {
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {
    // A missing file is stale.
  }
  if (current === contents) continue;
  if (check) {
    process.stderr.write(`${path.relative(repositoryRoot, file)} is stale: run graphql:generate\n`);
    stale = true;
  } else {
    writeFileSync(file, contents);
    process.stdout.write(`wrote ${path.relative(repositoryRoot, file)}\n`);
  }
}
// The documents must be valid against the same schema the typings come from.
const documents = findDocuments(path.join(webRoot, "src"));
const invalid = [...validateDocuments(schema, documents), ...documentLimitProblems(schema, documents)];
for (const problem of invalid) process.stderr.write(`invalid document: ${problem}\n`);
process.exit(stale || invalid.length > 0 ? 1 : 0);
