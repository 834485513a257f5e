import { type RunningServer, startChildServer } from "./child-server.ts";
import { type LoadOptions, type LoadResult, runLoad } from "./load.ts";
import { postgresCpuMs } from "./postgres-cpu.ts";

/** Starts a bench server, hands it to `work`, and stops it whatever happens. */
export async function withServer<T>(
  script: string,
  env: Record<string, string>,
  work: (server: RunningServer) => Promise<T>,
): Promise<T> {
  const server = await startChildServer(script, env);
  try {
    return await work(server);
  } finally {
    await server.stop();
  }
}

export interface MeasuredLoad extends LoadResult {
  /**
   * Server CPU time per answered request (µs): far steadier than requests per second on a machine
   * shared with other work, since time the server spends descheduled is not counted.
   */
  serverCpuUsPerRequest: number | null;
  /** CPU time of the local PostgreSQL processes per answered request (µs); null when none runs here. */
  postgresCpuUsPerRequest: number | null;
}

/**
 * The load against `server`, with the server's CPU time per request. `settle` runs after the load
 * and before the closing readings: work the load left behind (an activity buffer still to write)
 * is then counted in this run, not in whatever runs next.
 */
export async function measure(
  server: RunningServer,
  options: LoadOptions,
  settle?: () => Promise<unknown>,
): Promise<MeasuredLoad> {
  const before = server.cpuMs();
  const databaseBefore = postgresCpuMs();
  const result = await runLoad(options);
  await settle?.();
  const after = server.cpuMs();
  const databaseAfter = postgresCpuMs();
  return {
    ...result,
    serverCpuUsPerRequest: perRequestUs(before, after, result.total),
    postgresCpuUsPerRequest: perRequestUs(databaseBefore, databaseAfter, result.total),
  };
}

/** CPU ms spent between two readings, per request, in whole µs. */
export function perRequestUs(
  beforeMs: number | null,
  afterMs: number | null,
  requests: number,
): number | null {
  if (beforeMs === null || afterMs === null || requests === 0) return null;
  return Math.round(((afterMs - beforeMs) * 1000) / requests);
}

/** The child environment for the Keyward bench server: never inherit the maintenance database. */
export function keywardEnv(
  databaseUrl: string | null,
  redisUrl: string | null,
  extra: Record<string, string> = {},
) {
  return { BENCH_DATABASE_URL: databaseUrl ?? "", BENCH_REDIS_URL: redisUrl ?? "", ...extra };
}
