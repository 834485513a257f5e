import { benchTokens } from "../framework/bench-tokens.ts";
import { control, type VerificationSnapshot, verificationStats } from "../framework/control.ts";
import { benchDuration, runLoad } from "../framework/load.ts";
import { type BenchmarkResult, skippedResult } from "../framework/report.ts";
import { keywardEnv, measure, withServer } from "../framework/server-runs.ts";
import { benchPostgres, withFreshDatabase } from "../framework/services.ts";

const NAME = "activity-ingestion";
const DESCRIPTION =
  "Activity ingestion at the cache-hit verify rate on PostgreSQL: every 2xx verify stored and counted";

interface ActionCount {
  action: string;
  result: string;
  count: number;
}

/**
 * The measured run lasts at least this long: the writer's buffer (50 000 events, two per request
 * here) hides a writer slower than the verify rate for a few seconds before it overflows.
 */
const MIN_SECONDS = 15;
/** Events the writer may still hold when the load stops: one transaction's worth at most. */
const MAX_BACKLOG = 5_000;

const countOf = (rows: ActionCount[], action: string) =>
  rows.filter((row) => row.action === action).reduce((sum, row) => sum + row.count, 0);

/**
 * The cache-hit verify load (closed loop, as fast as the server answers) on PostgreSQL, for an
 * exact number of requests, then a flush: the "verify" KeyEvent rows written must equal the 2xx
 * verifies, the gateway key's usage rollups must count every one of them too (its own valid
 * authentications are logged once per batch and address, counted each), and the writer must
 * report nothing dropped. The backlog left when the load stops shows whether the writer kept up
 * with the verify rate or only caught up afterwards: at most one transaction's worth may remain.
 */
export async function activityIngestion(): Promise<BenchmarkResult> {
  const postgres = await benchPostgres();
  if (!postgres.available) return skippedResult(NAME, DESCRIPTION, postgres.reason);
  return withFreshDatabase(postgres.value, (databaseUrl) =>
    withServer("keyward-server.ts", keywardEnv(databaseUrl, null, { BENCH_KEYS: "1" }), async (keyward) => {
      const { gateway, gatewayId, tokens } = benchTokens(keyward);
      const body = JSON.stringify({ key: tokens[0] });
      const headers = { "content-type": "application/json", authorization: `Bearer ${gateway}` };
      const url = `http://127.0.0.1:${keyward.port}/v1/keys/verify`;
      // Warm-up at full speed, then one second more on the warm server, which tells how many
      // requests the measured run needs to last the benchmark's duration.
      await runLoad({ url, headers, body, durationSeconds: 2 });
      const warmup = await runLoad({ url, headers, body, durationSeconds: 1 });
      // Requests still in flight when the warm-up stopped are answered to nobody but still recorded:
      // let them land before the rows are counted.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await control(keyward, "POST", "/flush");
      const rowsBefore = await control<ActionCount[]>(keyward, "GET", "/key-events");
      const gatewayUsage = () => control<{ count: number }>(keyward, "GET", `/usage?key=${gatewayId}`);
      const gatewayUsesBefore = (await gatewayUsage()).count;
      const before = await verificationStats(keyward);
      const seconds = Math.max(MIN_SECONDS, benchDuration());
      const requests = Math.max(1_000, Math.round(warmup.requestsPerSecond * seconds));
      const measured = await measure(keyward, { url, headers, body, amount: requests });
      const atEnd = await verificationStats(keyward);
      const flushStarted = performance.now();
      const flushed = await control<VerificationSnapshot>(keyward, "POST", "/flush");
      const drainMs = performance.now() - flushStarted;
      const rowsAfter = await control<ActionCount[]>(keyward, "GET", "/key-events");
      const verifyRows = countOf(rowsAfter, "verify") - countOf(rowsBefore, "verify");
      const callerRows = countOf(rowsAfter, "verify.caller") - countOf(rowsBefore, "verify.caller");
      const gatewayUses = (await gatewayUsage()).count - gatewayUsesBefore;
      const dropped = flushed.activity.dropped - before.activity.dropped;
      return {
        benchmark: NAME,
        description: DESCRIPTION,
        checks: [
          {
            name: '"verify" KeyEvent rows ≠ 2xx verifies (difference)',
            measured: Math.abs(verifyRows - measured.ok),
            target: 0,
            direction: "max",
            unit: "",
          },
          {
            name: "gateway key's rollup count ≠ 2xx verifies (difference)",
            measured: Math.abs(gatewayUses - measured.ok),
            target: 0,
            direction: "max",
            unit: "",
          },
          { name: "events dropped by the writer", measured: dropped, target: 0, direction: "max", unit: "" },
          {
            // Kept pace with the verify rate, rather than catching up once the load stopped.
            name: "events still buffered when the load stopped",
            measured: atEnd.activity.buffered,
            target: MAX_BACKLOG,
            direction: "max",
            unit: "",
          },
          {
            name: "non-2xx responses and errors",
            measured: measured.non2xx + measured.errors,
            target: 0,
            direction: "max",
            unit: "",
          },
        ],
        details: {
          requests,
          warmupRequestsPerSecond: Math.round(warmup.requestsPerSecond),
          measured,
          verifyRows,
          gatewayUses,
          callerRows,
          backlogAtEndOfLoad: atEnd.activity.buffered,
          drainAfterLoadMs: Math.round(drainMs),
          batches: flushed.activity.batches - before.activity.batches,
          failedFlushes: flushed.activity.failedFlushes - before.activity.failedFlushes,
        },
      };
    }),
  );
}
