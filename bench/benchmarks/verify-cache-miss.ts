import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { benchTokens } from "../framework/bench-tokens.ts";
import { counterDelta, verificationStats } from "../framework/control.ts";
import { benchDuration, runLoad } from "../framework/load.ts";
import { type BenchmarkResult, skippedResult } from "../framework/report.ts";
import { keywardEnv, measure, withServer } from "../framework/server-runs.ts";
import { benchPostgres, withFreshDatabase } from "../framework/services.ts";
import { cpuPerRequest, throughputChecks } from "../framework/throughput-checks.ts";

const NAME = "verify-cache-miss";
const DESCRIPTION = "POST /v1/keys/verify, every presented key a cache miss (PostgreSQL) vs a bare pg lookup";
/** Requests per second of run time the key supply is sized for (well above what a miss can reach). */
const KEYS_PER_SECOND = 4_000;
const WARMUP_REQUESTS = 2_000;

/**
 * Verify where every presented key is seen for the first time (distinct keys, one per request,
 * sent in turn from a bodies file), against a bare node:http server doing one unique-index
 * lookup with `pg` on the same database. The measured run sends an exact number of requests and
 * waits for every answer, so the server's counters must show exactly one miss and one SQL
 * statement per request (and the caller's bearer key served from the cache).
 */
export async function verifyCacheMiss(): Promise<BenchmarkResult> {
  const postgres = await benchPostgres();
  if (!postgres.available) return skippedResult(NAME, DESCRIPTION, postgres.reason);
  const requests = Math.max(2_000, Math.round(benchDuration() * KEYS_PER_SECOND));
  return withFreshDatabase(postgres.value, async (databaseUrl) => {
    // The caller's bearer key stays cached for the whole run (its 60 s TTL would add a refresh, and
    // concurrent requests share that one statement, blurring the one-statement-per-miss count).
    const env = keywardEnv(databaseUrl, null, {
      BENCH_KEYS: String(requests + WARMUP_REQUESTS),
      BENCH_CACHE_TTL_MS: "3600000",
    });
    const files = mkdtempSync(path.join(tmpdir(), "keyward-bench-bodies-"));
    const measuredBodies = path.join(files, "measured.json");
    const warmupBodies = path.join(files, "warmup.json");
    const { measured, headers, delta } = await withServer("keyward-server.ts", env, async (keyward) => {
      const { gateway, tokens } = benchTokens(keyward);
      const bodies = tokens.map((token) => JSON.stringify({ key: token }));
      writeFileSync(warmupBodies, JSON.stringify(bodies.slice(requests)), { mode: 0o600 });
      writeFileSync(measuredBodies, JSON.stringify(bodies.slice(0, requests)), { mode: 0o600 });
      const headers = { "content-type": "application/json", authorization: `Bearer ${gateway}` };
      const url = `http://127.0.0.1:${keyward.port}/v1/keys/verify`;
      await runLoad({ url, headers, bodiesFile: warmupBodies, amount: WARMUP_REQUESTS });
      const before = await verificationStats(keyward);
      const measured = await measure(keyward, { url, headers, bodiesFile: measuredBodies, amount: requests });
      const after = await verificationStats(keyward);
      return { measured, headers, delta: counterDelta(before, after) };
    });
    const baseline = await withServer(
      "bare-pg-lookup-server.ts",
      { BARE_DATABASE_URL: databaseUrl },
      async (bare) => {
        const url = `http://127.0.0.1:${bare.port}/`;
        await runLoad({ url, headers, bodiesFile: warmupBodies, amount: WARMUP_REQUESTS });
        return measure(bare, { url, headers, bodiesFile: measuredBodies, amount: requests });
      },
    );
    return {
      benchmark: NAME,
      description: DESCRIPTION,
      checks: [
        ...throughputChecks(measured, baseline, 0.6, null),
        {
          // One per request: the presented key (the caller's bearer key is a hit throughout).
          name: "cache misses ≠ requests (difference)",
          measured: Math.abs(delta.cacheMisses - requests),
          target: 0,
          direction: "max",
          unit: "",
        },
        {
          // One per request: the caller's bearer key; a presented key served from the cache would add one.
          name: "cache hits ≠ requests (difference)",
          measured: Math.abs(delta.cacheHits + delta.negativeHits - requests),
          target: 0,
          direction: "max",
          unit: "",
        },
        {
          // Exactly one per miss: |SQL − misses| must be 0.
          name: "SQL statements not matching one per miss",
          measured: Math.abs(delta.sqlQueries - delta.cacheMisses),
          target: 0,
          direction: "max",
          unit: "",
        },
      ],
      details: {
        serverCpuPerRequest: cpuPerRequest(measured, baseline),
        baseline,
        measured,
        requests,
        counters: delta,
      },
    };
  });
}
