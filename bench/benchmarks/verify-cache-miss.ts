import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { alternatingRounds } from "../framework/alternating-rounds.ts";
import { benchTokens } from "../framework/bench-tokens.ts";
import { counterDelta, flushActivity, verificationStats } from "../framework/control.ts";
import { benchDuration, runLoad } from "../framework/load.ts";
import { type BenchmarkResult, skippedResult } from "../framework/report.ts";
import { keywardEnv, type MeasuredLoad, measure, withServer } from "../framework/server-runs.ts";
import { benchPostgres, withFreshDatabase } from "../framework/services.ts";
import { comparisonDetails, throughputChecks } from "../framework/throughput-checks.ts";

const NAME = "verify-cache-miss";
const DESCRIPTION = "POST /v1/keys/verify, every presented key a cache miss (PostgreSQL) vs a bare pg lookup";
/** Requests per second of run time the key supply is sized for (well above what a miss can reach). */
const KEYS_PER_SECOND = 4_000;
const WARMUP_REQUESTS = 2_000;
/** Misses sent one at a time after the rounds: with nothing to share, each must take one statement. */
const ONE_AT_A_TIME_REQUESTS = 200;
/** Timed rounds per side. */
const ROUNDS = 3;

/**
 * Verify where every presented key is seen for the first time (distinct keys, one per request,
 * sent in turn from a bodies file), against a bare node:http server doing one unique-index
 * lookup with `pg` on the same database. Both servers stay up and are timed in alternating rounds
 * (a slow phase of the shared machine then hits both sides); each round presents keys no round
 * presented before — the bare server the same slice just before Keyward, as it caches nothing.
 * Every round sends an exact number of requests and waits for every answer, so Keyward's counters
 * over its rounds must show exactly one miss per request (and the caller's bearer key served from
 * the cache) and at most one SQL statement per miss: misses that arrive together share one. A last
 * run sends misses one at a time, where each must take exactly one statement.
 */
export async function verifyCacheMiss(): Promise<BenchmarkResult> {
  const postgres = await benchPostgres();
  if (!postgres.available) return skippedResult(NAME, DESCRIPTION, postgres.reason);
  const perRound = Math.max(2_000, Math.round((benchDuration() * KEYS_PER_SECOND) / 2));
  const requests = perRound * ROUNDS;
  return withFreshDatabase(postgres.value, async (databaseUrl) => {
    // The caller's bearer key stays cached for the whole run (its 60 s TTL would add a refresh, and
    // concurrent requests share that one statement, blurring the one-statement-per-miss count).
    const env = keywardEnv(databaseUrl, null, {
      BENCH_KEYS: String(requests + WARMUP_REQUESTS + ONE_AT_A_TIME_REQUESTS),
      BENCH_CACHE_TTL_MS: "3600000",
    });
    const files = mkdtempSync(path.join(tmpdir(), "keyward-bench-bodies-"));
    const bodiesFile = (name: string, bodies: string[]) => {
      const file = path.join(files, `${name}.json`);
      writeFileSync(file, JSON.stringify(bodies), { mode: 0o600 });
      return file;
    };
    return withServer("keyward-server.ts", env, async (keyward) => {
      const { gateway, tokens } = benchTokens(keyward);
      const bodies = tokens.map((token) => JSON.stringify({ key: token }));
      const warmupBodies = bodiesFile("warmup", bodies.slice(requests, requests + WARMUP_REQUESTS));
      const oneAtATimeBodies = bodiesFile("one-at-a-time", bodies.slice(requests + WARMUP_REQUESTS));
      const roundBodies = Array.from({ length: ROUNDS }, (_, round) =>
        bodiesFile(`round-${round}`, bodies.slice(round * perRound, (round + 1) * perRound)),
      );
      const headers = { "content-type": "application/json", authorization: `Bearer ${gateway}` };
      const url = `http://127.0.0.1:${keyward.port}/v1/keys/verify`;
      return withServer("bare-pg-lookup-server.ts", { BARE_DATABASE_URL: databaseUrl }, async (bare) => {
        const bareUrl = `http://127.0.0.1:${bare.port}/`;
        await runLoad({ url: bareUrl, headers, bodiesFile: warmupBodies, amount: WARMUP_REQUESTS });
        await runLoad({ url, headers, bodiesFile: warmupBodies, amount: WARMUP_REQUESTS });
        const before = await verificationStats(keyward);
        let bareRound = 0;
        let keywardRound = 0;
        const { measured, baseline, roundRatios } = await alternatingRounds(
          ROUNDS,
          () =>
            measure(bare, {
              url: bareUrl,
              headers,
              bodiesFile: roundBodies[bareRound++] ?? "",
              amount: perRound,
            }),
          () =>
            measure(
              keyward,
              { url, headers, bodiesFile: roundBodies[keywardRound++] ?? "", amount: perRound },
              // Its activity is written within its own round, not during the bare server's next one.
              flushActivity(keyward),
            ),
        );
        const afterRounds = await verificationStats(keyward);
        const delta = counterDelta(before, afterRounds);
        const oneAtATime = { url, headers, bodiesFile: oneAtATimeBodies, connections: 1 };
        await runLoad({ ...oneAtATime, amount: ONE_AT_A_TIME_REQUESTS });
        const aloneDelta = counterDelta(afterRounds, await verificationStats(keyward));
        return checkedResult(measured, baseline, roundRatios, { delta, aloneDelta }, requests);
      });
    });
  });
}

function checkedResult(
  measured: MeasuredLoad,
  baseline: MeasuredLoad,
  roundRatios: number[],
  counters: { delta: ReturnType<typeof counterDelta>; aloneDelta: ReturnType<typeof counterDelta> },
  requests: number,
): BenchmarkResult {
  const { delta, aloneDelta } = counters;
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
        // Under load misses arriving together share one statement: never more than one per miss.
        name: "SQL statements beyond one per miss (rounds)",
        measured: Math.max(0, delta.sqlQueries - delta.cacheMisses),
        target: 0,
        direction: "max",
        unit: "",
      },
      {
        // One request at a time: each miss is read by exactly one statement of its own.
        name: `SQL statements ≠ misses, ${ONE_AT_A_TIME_REQUESTS} misses one at a time (difference)`,
        measured:
          Math.abs(aloneDelta.sqlQueries - aloneDelta.cacheMisses) +
          Math.abs(aloneDelta.cacheMisses - ONE_AT_A_TIME_REQUESTS),
        target: 0,
        direction: "max",
        unit: "",
      },
    ],
    details: {
      ...comparisonDetails({ measured, baseline, roundRatios }),
      requests,
      statementsPerMiss: Number((delta.sqlQueries / Math.max(delta.cacheMisses, 1)).toFixed(3)),
      counters: delta,
      oneAtATime: aloneDelta,
    },
  };
}
