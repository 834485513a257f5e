import type { RunningServer } from "./child-server.ts";
import type { MeasuredLoad } from "./server-runs.ts";
import { withServer } from "./server-runs.ts";

/**
 * Runs `work` with servers/minimal-verifier-server.ts up, knowing the Keyward bench server's keys
 * and writing its events to the same PostgreSQL database; without PostgreSQL (an embedded PGlite
 * run) there is no reference and `work` gets null.
 */
export function withMinimalVerifier<T>(
  keyward: RunningServer,
  databaseUrl: string | null,
  work: (reference: RunningServer | null) => Promise<T>,
): Promise<T> {
  const tokensFile = keyward.info.tokensFile;
  if (databaseUrl === null || typeof tokensFile !== "string") return work(null);
  return withServer(
    "minimal-verifier-server.ts",
    { MINIMAL_DATABASE_URL: databaseUrl, MINIMAL_TOKENS_FILE: tokensFile },
    work,
  );
}

/** The reference's figures as a benchmark reports them (its median round's ratio to the baseline). */
export function minimalVerifierDetails(
  reference: { median: MeasuredLoad; roundRatios: number[] } | undefined,
  baseline: MeasuredLoad,
) {
  if (reference === undefined) return null;
  const { median, roundRatios } = reference;
  return {
    ratio: Number((median.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)),
    roundRatios,
    p99Ratio: Number((median.latencyP99Ms / Math.max(baseline.latencyP99Ms, 1)).toFixed(2)),
    serverCpuUs: median.serverCpuUsPerRequest,
    postgresCpuUs: median.postgresCpuUsPerRequest,
  };
}
