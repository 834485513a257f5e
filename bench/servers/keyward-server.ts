// A real Keyward server for benchmarks (embedded PGlite unless BENCH_DATABASE_URL is set).
// BENCH_HARDENING=off builds the same server without the GraphQL security plugins (the
// "all security plugins on vs off" comparison only).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "@keyward/api";
import { loadConfig } from "@keyward/api/env";
import pino from "pino";

const dataDir = mkdtempSync(path.join(tmpdir(), "keyward-bench-"));
const config = loadConfig({
  PORT: "0",
  HOST: "127.0.0.1",
  KEYWARD_DATA_DIR: dataDir,
  KEYWARD_SECRET: "bench-secret-bench-secret-bench-secret-0",
  KEYWARD_SEED_DEMO: "false",
  LOG_LEVEL: "silent",
  NODE_ENV: "production",
  ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
});
const app = await createApp(config, {
  logger: pino({ level: "silent" }),
  graphqlHardening: process.env.BENCH_HARDENING !== "off",
});
const url = await app.start();
process.stdout.write(`${JSON.stringify({ ready: true, port: Number(new URL(url).port) })}\n`);
process.on("SIGTERM", () => {
  void app.stop().then(() => process.exit(0));
});
