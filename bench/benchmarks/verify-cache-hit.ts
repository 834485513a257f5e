import { againstBareServer } from "../framework/bare-comparison.ts";
import { benchTokens } from "../framework/bench-tokens.ts";
import { flushActivity } from "../framework/control.ts";
import { minimalVerifierDetails, withMinimalVerifier } from "../framework/minimal-verifier.ts";
import type { BenchmarkResult } from "../framework/report.ts";
import { keywardEnv, withServer } from "../framework/server-runs.ts";
import { onBenchDatabase } from "../framework/services.ts";
import { comparisonDetails, throughputChecks } from "../framework/throughput-checks.ts";

/**
 * `POST /v1/keys/verify` on a cached key vs a bare node:http POST that parses JSON and answers
 * JSON, at the same concurrency, in alternating rounds: throughput ratio and p99 ratio. On
 * PostgreSQL (a fresh database) when one is reachable, so the activity writer's batches go where
 * they go in production; otherwise on embedded PGlite (said in the description).
 */
export async function verifyCacheHit(): Promise<BenchmarkResult> {
  const run = (databaseUrl: string | null) =>
    withServer("keyward-server.ts", keywardEnv(databaseUrl, null, { BENCH_KEYS: "1" }), async (keyward) => {
      const { gateway, tokens } = benchTokens(keyward);
      const body = JSON.stringify({ key: tokens[0] });
      const headers = { "content-type": "application/json", authorization: `Bearer ${gateway}` };
      const url = `http://127.0.0.1:${keyward.port}/v1/keys/verify`;
      const rounds = await withMinimalVerifier(keyward, databaseUrl, (reference) =>
        againstBareServer(keyward, { url, headers, body }, flushActivity(keyward), reference ?? undefined),
      );
      return { ...rounds, engine: String(keyward.info.engine) };
    });
  const {
    result: { measured, baseline, roundRatios, reference, engine },
    note,
  } = await onBenchDatabase(run);
  return {
    benchmark: "verify-cache-hit",
    description: `POST /v1/keys/verify (cache hit, ${engine}) vs a bare node:http JSON POST${note}`,
    checks: throughputChecks(measured, baseline, 0.8, 1.5),
    details: {
      engine,
      ...comparisonDetails({ measured, baseline, roundRatios }),
      minimalVerifier: minimalVerifierDetails(reference, baseline),
    },
  };
}
