import { startChildServer } from "../framework/child-server.ts";
import { runLoad } from "../framework/load.ts";
import type { BenchmarkResult } from "../framework/report.ts";

const body = JSON.stringify({ query: "{ viewer { id } workspaces { id } }" });
const headers = { "content-type": "application/json" };

/** The same Keyward server with every GraphQL security plugin on vs off. */
export async function securityPlugins(): Promise<BenchmarkResult> {
  const off = await startChildServer("keyward-server.ts", { BENCH_HARDENING: "off" });
  const baseline = await runLoad({ url: `http://127.0.0.1:${off.port}/graphql`, headers, body }).finally(() =>
    off.stop(),
  );
  const on = await startChildServer("keyward-server.ts");
  const measured = await runLoad({ url: `http://127.0.0.1:${on.port}/graphql`, headers, body }).finally(() =>
    on.stop(),
  );
  return {
    benchmark: "security-plugins",
    description: "GraphQL with depth/alias/token/cost limits, CSRF and introspection policy on vs off",
    checks: [
      {
        name: "throughput ratio",
        measured: measured.requestsPerSecond / baseline.requestsPerSecond,
        target: 0.95,
        direction: "min",
        unit: "×",
      },
    ],
    details: { baseline, measured },
  };
}
