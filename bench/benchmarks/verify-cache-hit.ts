import { benchTokens } from "../framework/bench-tokens.ts";
import type { BenchmarkResult } from "../framework/report.ts";
import { keywardEnv, warmThenMeasure, withServer } from "../framework/server-runs.ts";
import { onBenchDatabase } from "../framework/services.ts";
import { cpuPerRequest, throughputChecks } from "../framework/throughput-checks.ts";

/**
 * `POST /v1/keys/verify` on a cached key vs a bare node:http POST that parses JSON and answers
 * JSON, at the same concurrency: throughput ratio and p99 ratio. On PostgreSQL (a fresh database)
 * when one is reachable, so the activity writer's batches go where they go in production;
 * otherwise on embedded PGlite (said in the description).
 */
export async function verifyCacheHit(): Promise<BenchmarkResult> {
  const run = (databaseUrl: string | null) =>
    withServer("keyward-server.ts", keywardEnv(databaseUrl, null, { BENCH_KEYS: "1" }), async (keyward) => {
      const { gateway, tokens } = benchTokens(keyward);
      const body = JSON.stringify({ key: tokens[0] });
      const headers = { "content-type": "application/json", authorization: `Bearer ${gateway}` };
      const measured = await warmThenMeasure(keyward, {
        url: `http://127.0.0.1:${keyward.port}/v1/keys/verify`,
        headers,
        body,
      });
      return { measured, headers, body, engine: String(keyward.info.engine) };
    });
  const {
    result: { measured, headers, body, engine },
    note,
  } = await onBenchDatabase(run);
  const baseline = await withServer("bare-json-server.ts", {}, (bare) =>
    warmThenMeasure(bare, { url: `http://127.0.0.1:${bare.port}/`, headers, body }),
  );
  return {
    benchmark: "verify-cache-hit",
    description: `POST /v1/keys/verify (cache hit, ${engine}) vs a bare node:http JSON POST${note}`,
    checks: throughputChecks(measured, baseline, 0.8, 1.5),
    details: { serverCpuPerRequest: cpuPerRequest(measured, baseline), engine, baseline, measured },
  };
}
