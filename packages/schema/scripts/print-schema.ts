// Writes the printed GraphQL schema to schema.graphql (committed; the SPA's typed documents
// are checked against it). `--check` fails when the committed file is out of date.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { printSchema } from "graphql";
import { getSchema } from "../src/index.ts";

const target = path.resolve(import.meta.dirname, "../schema.graphql");
const printed = `${printSchema(getSchema())}\n`;
if (process.argv.includes("--check")) {
  const committed = await readFile(target, "utf8").catch(() => "");
  if (committed !== printed) {
    console.error(
      "packages/schema/schema.graphql is out of date: run `npx -y pnpm@10.34.9 --filter @keyward/schema print-schema`",
    );
    process.exit(1);
  }
  console.log("schema.graphql is up to date");
} else {
  await writeFile(target, printed);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
