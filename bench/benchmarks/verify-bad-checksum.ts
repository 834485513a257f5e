import { againstBareServer } from "../framework/bare-comparison.ts";
import { benchTokens } from "../framework/bench-tokens.ts";
import { counterDelta, flushActivity, verificationStats } from "../framework/control.ts";
import { runLoad } from "../framework/load.ts";
import { minimalVerifierDetails, withMinimalVerifier } from "../framework/minimal-verifier.ts";
import type { BenchmarkResult } from "../framework/report.ts";
import { keywardEnv, withServer } from "../framework/server-runs.ts";
import { onBenchDatabase } from "../framework/services.ts";
import { comparisonDetails, throughputChecks } from "../framework/throughput-checks.ts";

/** Requests of the exact-count phase, after the timed run (every one answered before counting). */
const COUNTED_REQUESTS = 2_000;

/** A well-formed token with one character of its random part changed: the checksum no longer matches. */
function withTypo(token: string): string {
  const at = 12;
  return `${token.slice(0, at)}${token[at] === "a" ? "b" : "a"}${token.slice(at + 1)}`;
}

/**
 * `POST /v1/keys/verify` with a presented key whose checksum is wrong vs the bare JSON POST. The
 * verifier must refuse it from the checksum alone: the server's own counters, read before and
 * after a counted run, show one hash per request (the caller's bearer key, a cache hit), no hash
 * of the presented key and no SQL at all.
 */
export async function verifyBadChecksum(): Promise<BenchmarkResult> {
  // Unknown keys from one address are rate limited (key spraying): lifted for this server only.
  const extra = { BENCH_KEYS: "1", BENCH_UNKNOWN_KEYS_PER_MINUTE: "1000000000" };
  const run = (databaseUrl: string | null) =>
    withServer("keyward-server.ts", keywardEnv(databaseUrl, null, extra), async (keyward) => {
      const { gateway, tokens } = benchTokens(keyward);
      const body = JSON.stringify({ key: withTypo(tokens[0] ?? "") });
      const headers = { "content-type": "application/json", authorization: `Bearer ${gateway}` };
      const url = `http://127.0.0.1:${keyward.port}/v1/keys/verify`;
      const rounds = await withMinimalVerifier(keyward, databaseUrl, (reference) =>
        againstBareServer(keyward, { url, headers, body }, flushActivity(keyward), reference ?? undefined),
      );
      const before = await verificationStats(keyward);
      const counted = await runLoad({ url, headers, body, amount: COUNTED_REQUESTS });
      const after = await verificationStats(keyward);
      if (counted.ok !== COUNTED_REQUESTS)
        throw new Error(`counted run: ${counted.ok} of ${COUNTED_REQUESTS} answered 2xx`);
      return { ...rounds, delta: counterDelta(before, after) };
    });
  const {
    result: { measured, baseline, roundRatios, reference, delta },
    note,
  } = await onBenchDatabase(run);
  return {
    benchmark: "verify-bad-checksum",
    description: `POST /v1/keys/verify with a bad-checksum key vs a bare node:http JSON POST${note}`,
    checks: [
      ...throughputChecks(measured, baseline, 0.9, null),
      {
        name: `hashes of presented keys in ${COUNTED_REQUESTS} requests`,
        // Every request hashes its caller's bearer key once; anything beyond that hashed a presented key.
        measured: delta.hashes - COUNTED_REQUESTS,
        target: 0,
        direction: "max",
        unit: "",
      },
      {
        name: "SQL statements (verifier)",
        measured: delta.sqlQueries,
        target: 0,
        direction: "max",
        unit: "",
      },
      {
        name: "presented keys refused by checksum",
        measured: delta.malformed,
        target: COUNTED_REQUESTS,
        direction: "min",
        unit: "",
      },
    ],
    details: {
      ...comparisonDetails({ measured, baseline, roundRatios }),
      minimalVerifier: minimalVerifierDetails(reference, baseline),
      countedRequests: COUNTED_REQUESTS,
      counters: delta,
    },
  };
}
