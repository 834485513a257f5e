import { benchTokens } from "../framework/bench-tokens.ts";
import { startChildServer } from "../framework/child-server.ts";
import { runLoad } from "../framework/load.ts";
import type { BenchmarkResult } from "../framework/report.ts";

/**
 * `POST /v1/keys/verify` on a cached key vs a bare node:http POST that parses JSON and answers
 * JSON, at the same concurrency: throughput ratio and p99 ratio.
 */
export async function verifyCacheHit(): Promise<BenchmarkResult> {
  const keyward = await startChildServer("keyward-server.ts", { BENCH_KEYS: "1" });
  const { gateway, tokens } = benchTokens(keyward);
  const body = JSON.stringify({ key: tokens[0] });
  const headers = { "content-type": "application/json", authorization: `Bearer ${gateway}` };
  const url = `http://127.0.0.1:${keyward.port}/v1/keys/verify`;
  const measured = await runLoad({ url, headers, body }).finally(() => keyward.stop());
  const bare = await startChildServer("bare-json-server.ts");
  const baseline = await runLoad({ url: `http://127.0.0.1:${bare.port}/`, headers, body }).finally(() =>
    bare.stop(),
  );
  return {
    benchmark: "verify-cache-hit",
    description: "POST /v1/keys/verify (cache hit) vs a bare node:http JSON POST",
    checks: [
      {
        name: "throughput ratio",
        measured: measured.requestsPerSecond / baseline.requestsPerSecond,
        target: 0.8,
        direction: "min",
        unit: "×",
      },
      {
        name: "p99 latency ratio",
        measured: measured.latencyP99Ms / Math.max(baseline.latencyP99Ms, 1),
        target: 1.5,
        direction: "max",
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
