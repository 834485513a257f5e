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

/** One second of the same load first (JIT, pools, caches), then the measured run. */
export async function warmThenMeasure(
  options: LoadOptions,
  warmup: Partial<LoadOptions> = {},
): Promise<LoadResult> {
  await runLoad({ ...options, durationSeconds: 1, amount: undefined, ...warmup });
  return runLoad(options);
}

/** The child environment for the Keyward bench server: never inherit the maintenance database. */
export function keywardEnv(
  databaseUrl: string | null,
  redisUrl: string | null,
  extra: Record<string, string> = {},
) {
  return { BENCH_DATABASE_URL: databaseUrl ?? "", BENCH_REDIS_URL: redisUrl ?? "", ...extra };
}
