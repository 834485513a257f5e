import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { cpuSets } from "./cpu-sets.ts";

export interface RunningServer {
  port: number;
  /** Extra facts the server reported when ready (e.g. a path to bench tokens). */
  info: Record<string, unknown>;
  /** CPU time (user + system) the server process has used so far, in ms; null off Linux. */
  cpuMs(): number | null;
  stop(): Promise<void>;
}

/**
 * Starts a bench server script in its own process, pinned to the server core, and waits for
 * the JSON line `{"ready":true,"port":…}` on its stdout.
 */
export async function startChildServer(
  script: string,
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const entry = path.resolve(import.meta.dirname, "../servers", script);
  // BENCH_NODE_ARGS: extra Node flags for the servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const args = [...nodeArgs, "--import", "tsx", entry];
  const [command, commandArgs] = cpuSets.server
    ? ["taskset", ["-c", cpuSets.server, process.execPath, ...args]]
    : [process.execPath, args];
  const child: ChildProcess = spawn(command as string, commandArgs as string[], {
    // Servers run as deployed: NODE_ENV=production in the process environment, which libraries
    // read at load time (graphql-js drops its development-only checks of every type test).
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const ready = await new Promise<{ port: number; info: Record<string, unknown> }>((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 120 s`)), 120_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split("\n")) {
        if (!line.startsWith("{")) continue;
        const message = JSON.parse(line) as { ready?: boolean; port?: number };
        if (message.ready && message.port) {
          clearTimeout(timer);
          resolve({ port: message.port, info: message as Record<string, unknown> });
        }
      }
    });
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
  });
  return {
    port: ready.port,
    info: ready.info,
    cpuMs: () => processCpuMs(child.pid),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 30_000).unref();
      }),
  };
}

/** utime + stime of a process from /proc (clock ticks of 10 ms); taskset execs, so the pid is the server's. */
function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
