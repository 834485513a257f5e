import { execFile } from "node:child_process";
import path from "node:path";
import { cpuSets } from "./cpu-sets.ts";

export interface LoadOptions {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** A JSON array of bodies sent in turn, one per request (e.g. a different key each time). */
  bodiesFile?: string;
  connections?: number;
  /** Default: BENCH_DURATION seconds, else 5. */
  durationSeconds?: number;
  /** Send exactly this many requests (and wait for every answer) instead of running for a duration. */
  amount?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  total: number;
  /** Responses with a 2xx status. */
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSeconds: number;
}

/** Seconds per load run: BENCH_DURATION (short runs while developing), default 5. */
export function benchDuration(): number {
  const value = Number(process.env.BENCH_DURATION ?? 5);
  if (!(value > 0)) throw new Error("BENCH_DURATION must be a positive number of seconds");
  return value;
}

const worker = path.resolve(import.meta.dirname, "load-worker.ts");

/** Runs autocannon in a separate process (pinned to the load core) and returns its summary. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const workerOptions = {
    url: options.url,
    method: options.method ?? "POST",
    headers: options.headers ?? {},
    body: options.body,
    bodiesFile: options.bodiesFile,
    connections: options.connections ?? 50,
    durationSeconds: options.durationSeconds ?? benchDuration(),
    amount: options.amount,
  };
  const args = ["--import", "tsx", worker, JSON.stringify(workerOptions)];
  const [command, commandArgs] = cpuSets.load
    ? ["taskset", ["-c", cpuSets.load, process.execPath, ...args]]
    : [process.execPath, args];
  const output = await new Promise<string>((resolve, reject) => {
    execFile(command as string, commandArgs as string[], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
  const result = JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as {
    requests: { total: number };
    latency: { p50: number; p99: number };
    "2xx": number;
    non2xx: number;
    errors: number;
    timeouts: number;
    duration: number;
  };
  return {
    requestsPerSecond: result.requests.total / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    total: result.requests.total,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSeconds: result.duration,
  };
}
