import type { BenchmarkResult } from "../framework/report.ts";
import { keywardEnv, warmThenMeasure, withServer } from "../framework/server-runs.ts";
import { cpuPerRequest, throughputChecks } from "../framework/throughput-checks.ts";

const body = JSON.stringify({ query: "{ viewer { id } workspaces { id } }" });
const headers = { "content-type": "application/json" };

/** The same Keyward server with every GraphQL security plugin on vs off. */
export async function securityPlugins(): Promise<BenchmarkResult> {
  const run = (hardening: "on" | "off") =>
    withServer(
      "keyward-server.ts",
      keywardEnv(null, null, { BENCH_KEYS: "0", BENCH_HARDENING: hardening }),
      (server) => warmThenMeasure(server, { url: `http://127.0.0.1:${server.port}/graphql`, headers, body }),
    );
  const baseline = await run("off");
  const measured = await run("on");
  return {
    benchmark: "security-plugins",
    description: "GraphQL with depth/alias/token/cost/repeat limits, CSRF and introspection policy on vs off",
    checks: throughputChecks(measured, baseline, 0.95, null),
    details: { serverCpuPerRequest: cpuPerRequest(measured, baseline), baseline, measured },
  };
}
