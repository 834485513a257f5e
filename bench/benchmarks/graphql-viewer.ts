import { startChildServer } from "../framework/child-server.ts";
import { runLoad } from "../framework/load.ts";
import type { BenchmarkResult } from "../framework/report.ts";

const body = JSON.stringify({ query: "{ viewer { id } }" });
const headers = { "content-type": "application/json" };

/** GraphQL POST `{ viewer { id } }` through yoga and Pothos vs a bare node:http JSON POST. */
export async function graphqlViewer(): Promise<BenchmarkResult> {
  const bare = await startChildServer("bare-json-server.ts");
  const baseline = await runLoad({ url: `http://127.0.0.1:${bare.port}/`, headers, body }).finally(() =>
    bare.stop(),
  );
  const keyward = await startChildServer("keyward-server.ts");
  const measured = await runLoad({ url: `http://127.0.0.1:${keyward.port}/graphql`, headers, body }).finally(
    () => keyward.stop(),
  );
  return {
    benchmark: "graphql-viewer",
    description: "GraphQL POST { viewer { id } } vs a bare node:http JSON POST",
    checks: [
      {
        name: "throughput ratio",
        measured: measured.requestsPerSecond / baseline.requestsPerSecond,
        target: 0.3,
        direction: "min",
        unit: "×",
      },
      {
        name: "non-2xx responses",
        measured: measured.non2xx + measured.errors,
        target: 0,
        direction: "max",
        unit: "",
      },
    ],
    details: { baseline, measured },
  };
}
