import { againstBareServer } from "../framework/bare-comparison.ts";
import type { BenchmarkResult } from "../framework/report.ts";
import { keywardEnv, withServer } from "../framework/server-runs.ts";
import { comparisonDetails, throughputChecks } from "../framework/throughput-checks.ts";

const body = JSON.stringify({ query: "{ viewer { id } }" });
const headers = { "content-type": "application/json" };

/**
 * GraphQL POST `{ viewer { id } }` through yoga and Pothos vs a bare node:http JSON POST, in
 * alternating rounds.
 */
export async function graphqlViewer(): Promise<BenchmarkResult> {
  // Anonymous: the query reads no table, so the embedded database is enough.
  const { measured, baseline, roundRatios } = await withServer(
    "keyward-server.ts",
    keywardEnv(null, null, { BENCH_KEYS: "0" }),
    (keyward) =>
      againstBareServer(keyward, { url: `http://127.0.0.1:${keyward.port}/graphql`, headers, body }),
  );
  return {
    benchmark: "graphql-viewer",
    description: "GraphQL POST { viewer { id } } vs a bare node:http JSON POST",
    checks: throughputChecks(measured, baseline, 0.3, null),
    details: comparisonDetails({ measured, baseline, roundRatios }),
  };
}
