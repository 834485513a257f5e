import { execFile } from "node:child_process";
import path from "node:path";
import { cpuSets } from "./cpu-sets.ts";

export interface LoadOptions {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** Several bodies sent in turn (e.g. different keys for cache misses). */
  bodiesFile?: string;
  connections?: number;
  /** Default: BENCH_DURATION seconds, else 5. */
  durationSeconds?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
}

/** Seconds per load run: BENCH_DURATION (short runs while developing), default 5. */
export function benchDuration(): number {
  const value = Number(process.env.BENCH_DURATION ?? 5);
  if (!(value > 0)) throw new Error("BENCH_DURATION must be a positive number of seconds");
  return value;
}

const autocannonBin = path.resolve(import.meta.dirname, "../node_modules/.bin/autocannon");

/** Runs autocannon in a separate process (pinned to the load core) and returns its summary. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const args = [
    "-j",
    "-c",
    String(options.connections ?? 50),
    "-d",
    String(options.durationSeconds ?? benchDuration()),
    "-m",
    options.method ?? "POST",
  ];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push("-H", `${name}=${value}`);
  if (options.body !== undefined) args.push("-b", options.body);
  args.push(options.url);
  const [command, commandArgs] = cpuSets.load
    ? ["taskset", ["-c", cpuSets.load, autocannonBin, ...args]]
    : [autocannonBin, args];
  const output = await new Promise<string>((resolve, reject) => {
    execFile(command as string, commandArgs as string[], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
  const result = JSON.parse(output) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
  };
  return {
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
