import { alternatingRounds } from "../framework/alternating-rounds.ts";
import { startChildServer } from "../framework/child-server.ts";
import { runLoad } from "../framework/load.ts";
import type { BenchmarkResult } from "../framework/report.ts";
import { keywardEnv, measure } from "../framework/server-runs.ts";
import { comparisonDetails, throughputChecks } from "../framework/throughput-checks.ts";

// Answered without an error by an anonymous caller (an error's stack trace would dominate the
// request), with a fragment, a directive and variables so every limit has something to count.
const body = JSON.stringify({
  query:
    "query SignInPage($withViewer: Boolean!) { viewer @include(if: $withViewer) { id } authConfig { ...Methods } } fragment Methods on AuthConfig { passwordSignIn ssoEnabled ssoStartUrl }",
  variables: { withViewer: true },
});
const headers = { "content-type": "application/json" };
/** Alternating timed rounds per server: the median of each side is compared. */
const ROUNDS = 5;

/** The measured query must be answered with data, not errors (or the benchmark measures error handling). */
async function expectNoErrors(port: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, { method: "POST", headers, body });
  const answer = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (!response.ok || answer.errors !== undefined || answer.data == null) {
    throw new Error(`the security-plugins query was not answered cleanly: ${JSON.stringify(answer)}`);
  }
}

/**
 * The same Keyward server with every GraphQL security plugin on vs off. Both servers run at once
 * (on the server core) and are measured in alternating rounds, so a slow phase of the machine
 * hits both sides; the medians are compared.
 */
export async function securityPlugins(): Promise<BenchmarkResult> {
  const [off, on] = await Promise.all([
    startChildServer(
      "keyward-server.ts",
      keywardEnv(null, null, { BENCH_KEYS: "0", BENCH_HARDENING: "off" }),
    ),
    startChildServer("keyward-server.ts", keywardEnv(null, null, { BENCH_KEYS: "0", BENCH_HARDENING: "on" })),
  ]);
  try {
    const load = (port: number) => ({ url: `http://127.0.0.1:${port}/graphql`, headers, body });
    for (const server of [off, on]) await expectNoErrors(server.port);
    await runLoad({ ...load(off.port), durationSeconds: 1 });
    await runLoad({ ...load(on.port), durationSeconds: 1 });
    const { baseline, measured, roundRatios } = await alternatingRounds(
      ROUNDS,
      () => measure(off, load(off.port)),
      () => measure(on, load(on.port)),
    );
    return {
      benchmark: "security-plugins",
      description:
        "GraphQL with depth/alias/token/cost/repeat limits, CSRF and introspection policy on vs off (median of alternating rounds)",
      checks: throughputChecks(measured, baseline, 0.95, null),
      details: comparisonDetails({ measured, baseline, roundRatios }),
    };
  } finally {
    await Promise.all([off.stop(), on.stop()]);
  }
}
