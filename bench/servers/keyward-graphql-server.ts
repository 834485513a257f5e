// A Keyward server for the GraphQL list and subscription fan-out benchmarks: the registry fixture
// (servers/registry-fixture.ts) on PGlite, or on a fresh PostgreSQL database with
// BENCH_DATABASE_URL. Besides the app, this bench process serves a control endpoint on another
// port: SQL statement counter, event publishing on the app's bus, memory and socket counts.
import { AsyncLocalStorage } from "node:async_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createApp } from "@keyward/api";
import { loadConfig } from "@keyward/api/env";
import pino from "pino";
import { startControlServer } from "../framework/control-server.ts";
import { benchDataDir, freshPostgres, seedRegistryFixture } from "./registry-fixture.ts";

const dataDir = benchDataDir();
const postgres = await freshPostgres();
const config = loadConfig({
  PORT: "0",
  HOST: "127.0.0.1",
  KEYWARD_DATA_DIR: dataDir,
  KEYWARD_SECRET: "bench-secret-bench-secret-bench-secret-0",
  KEYWARD_SEED_DEMO: "false",
  LOG_LEVEL: "silent",
  NODE_ENV: "production",
  ...(postgres ? { DATABASE_URL: postgres.url } : {}),
});
// Statements are counted per HTTP request: background work (activity batches, webhook and policy
// timers) shares the database, so only statements sent from a request's async context count.
// Attribution is switched on after the timed load (AsyncLocalStorage has a cost of its own).
const requestScope = new AsyncLocalStorage<true>();
let attributing = false;
let statements = 0;
const app = await createApp(config, {
  logger: pino({ level: "silent" }),
  // Steady state: the hourly policy jobs' first run (a scan of every key) is held off for the run.
  policyJobsDelayMs: 3_600_000,
  onSqlStatement: (sql) => {
    if (!attributing || requestScope.getStore() !== true) return;
    statements++;
    if (process.env.BENCH_LOG_SQL) process.stderr.write(`SQL ${sql.slice(0, 120)}\n`);
  },
});
// Runs before the app's own request listener, in the same synchronous emit.
app.server.prependListener("request", () => {
  if (attributing) requestScope.enterWith(true);
});
const fixture = await seedRegistryFixture(app.database.prisma, dataDir);

/** A verification of the watched registry key, as the verifier publishes it. */
const activity = () => ({
  accountId: fixture.accountId,
  keyId: fixture.watchedKey.id,
  ownerId: fixture.watchedKey.ownerId,
  presentedHint: "kw_dev_AbCd…0000",
  workspaceId: null,
  module: "AGENTS_EXECUTION" as const,
  action: "VERIFY",
  result: "VALID",
  ip: "10.1.2.3",
  occurredAt: new Date(),
});

// A full collection before memory is read, so RSS deltas are not hidden by start-up garbage.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

async function controlAnswer(method: string, url: URL): Promise<unknown> {
  if (url.pathname === "/statements") {
    attributing = true;
    return { statements };
  }
  if (url.pathname === "/cpu") return process.cpuUsage();
  if (url.pathname === "/memory") {
    if (url.searchParams.has("gc")) collectGarbage();
    return { ...process.memoryUsage(), sockets: app.live.sockets, cpu: process.cpuUsage() };
  }
  if (url.pathname === "/publish" && method === "POST") {
    const count = Number(url.searchParams.get("count") ?? 1);
    for (let index = 0; index < count; index++) app.events.publish("key.activity", activity());
    return { published: count };
  }
  throw new Error(`no control route ${method} ${url.pathname}`);
}

const control = await startControlServer(controlAnswer, { directory: dataDir, name: "graphql" });
const url = await app.start();
process.stdout.write(
  `${JSON.stringify({
    ready: true,
    port: Number(new URL(url).port),
    controlPort: control.port,
    engine: app.database.engine,
    tokensFile: fixture.tokensFile,
    watchedKeyId: fixture.watchedKey.id,
  })}\n`,
);
process.on("SIGTERM", () => {
  control.close();
  void app
    .stop()
    .then(() => postgres?.drop())
    .then(() => process.exit(0));
});
