import { type RunningServer, startChildServer } from "./child-server.ts";
import { type LoadOptions, type LoadResult, runLoad } from "./load.ts";

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
}

/** The load against `server`, with the server's CPU time per request. */
export async function measure(server: RunningServer, options: LoadOptions): Promise<MeasuredLoad> {
  const before = server.cpuMs();
  const result = await runLoad(options);
  const after = server.cpuMs();
  const perRequest =
    before === null || after === null || result.total === 0 ? null : ((after - before) * 1000) / result.total;
  return { ...result, serverCpuUsPerRequest: perRequest === null ? null : Math.round(perRequest) };
}

/** One second of the same load first (JIT, pools, caches), then the measured run. */
export async function warmThenMeasure(
  server: RunningServer,
  options: LoadOptions,
  warmup: Partial<LoadOptions> = {},
): Promise<MeasuredLoad> {
  await runLoad({ ...options, durationSeconds: 1, amount: undefined, ...warmup });
  return measure(server, options);
}

/** The child environment for the Keyward bench server: never inherit the maintenance database. */
export function keywardEnv(
  databaseUrl: string | null,
  redisUrl: string | null,
  extra: Record<string, string> = {},
) {
  return { BENCH_DATABASE_URL: databaseUrl ?? "", BENCH_REDIS_URL: redisUrl ?? "", ...extra };
}
