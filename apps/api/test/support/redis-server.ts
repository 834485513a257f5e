import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A redis-server of the test's own, which the test can stop and start again (outages). */
export interface OwnRedis {
  url: string;
  port: number;
  /** Stops it at once, without saving (like a crash). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function ping(port: number): Promise<boolean> {
  try {
    const { stdout } = await run("redis-cli", ["-p", String(port), "ping"]);
    return stdout.trim() === "PONG";
  } catch {
    return false;
  }
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server: ${what}`);
}

/** Starts `redis-server --port <free port> --save '' --daemonize yes` in a temporary folder. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), "keyward-redis-"));
  const start = async () => {
    await run("redis-server", [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--daemonize",
      "yes",
      "--dir",
      dir,
      "--pidfile",
      path.join(dir, "redis.pid"),
      "--logfile",
      path.join(dir, "redis.log"),
    ]);
    await until(() => ping(port), "did not start");
  };
  const stop = async () => {
    await run("redis-cli", ["-p", String(port), "shutdown", "nosave"]).catch(() => {});
    await until(async () => !(await ping(port)), "did not stop");
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
