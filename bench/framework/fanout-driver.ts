import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { cpuSets } from "./cpu-sets.ts";

export interface FanoutClientOptions {
  url: string;
  count: number;
  protocol: "graphql-ws" | "raw";
  authorization?: string;
  query?: string;
  concurrency?: number;
}

type Answer = Record<string, unknown>;

const script = path.resolve(import.meta.dirname, "fanout-clients.ts");

/** Open files this process (and so its children) may hold: 10 000 sockets need more than that. */
export function openFileLimit(): number {
  return Number(execFileSync("sh", ["-c", "ulimit -n"]).toString().trim());
}

/**
 * The WebSocket clients of a fan-out run in their own process, pinned to the load core; resolves
 * once every socket is open (and, for graphql-ws, acknowledged and subscribed).
 */
export async function startFanoutClients(options: FanoutClientOptions) {
  const args = [
    "--import",
    "tsx",
    script,
    JSON.stringify({ concurrency: 100, ...options } satisfies FanoutClientOptions),
  ];
  const [command, commandArgs] = cpuSets.load
    ? ["taskset", ["-c", cpuSets.load, process.execPath, ...args]]
    : [process.execPath, args];
  const child: ChildProcess = spawn(command as string, commandArgs as string[], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const answers: Answer[] = [];
  const waiting: Array<(answer: Answer) => void> = [];
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  lines.on("line", (line) => {
    const answer = JSON.parse(line) as Answer;
    const waiter = waiting.shift();
    if (waiter) waiter(answer);
    else answers.push(answer);
  });
  const exited = new Promise<never>((_resolve, reject) =>
    child.once("exit", (code) => reject(new Error(`fan-out clients exited with ${code}`))),
  );
  exited.catch(() => {});
  const nextAnswer = (timeoutMs: number) =>
    Promise.race([
      new Promise<Answer>((resolve, reject) => {
        const queued = answers.shift();
        if (queued) return resolve(queued);
        const timer = setTimeout(
          () => reject(new Error(`no answer from the clients in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiting.push((answer) => {
          clearTimeout(timer);
          resolve(answer);
        });
      }),
      exited,
    ]);
  const ask = (command: object, timeoutMs = 30_000) => {
    child.stdin?.write(`${JSON.stringify(command)}\n`);
    return nextAnswer(timeoutMs);
  };
  // `retried`: handshakes the server timed out (4408) that the client opened again, as graphql-ws
  // clients do.
  const opened = (await nextAnswer(600_000)) as { connected: number; failed: number; retried: number };
  return {
    opened,
    status: () =>
      ask({ cmd: "status" }) as Promise<{
        reached: number;
        received: number;
        closedEarly: number;
        unexpected: number;
        sample: string | null;
      }>,
    reset: () => ask({ cmd: "reset" }),
    /** Arms the clients for `total` messages; `done` resolves with the time until the last one. */
    async expect(total: number, timeoutMs: number) {
      await ask({ cmd: "expect", total });
      return { done: nextAnswer(timeoutMs) as Promise<{ ms: number; received: number }> };
    },
    async close() {
      await ask({ cmd: "close" }).catch(() => {});
      child.kill("SIGKILL");
    },
  };
}
