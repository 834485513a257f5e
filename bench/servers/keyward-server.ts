// A real Keyward server for benchmarks (embedded PGlite unless BENCH_DATABASE_URL is set;
// REDIS_URL from BENCH_REDIS_URL). The benchmark passes a fresh database per run.
//   BENCH_HARDENING=off   the same server without the GraphQL security plugins
//   BENCH_SEED=none       seed nothing (a second instance on the database of a first one)
//   BENCH_KEYS=n          keys to verify (default 100; inserted in bulk, so 100 000 is fine)
//   BENCH_UNKNOWN_KEYS_PER_MINUTE  the key-spraying limit (benchmarks that send unknown keys on purpose)
//   BENCH_CACHE_TTL_MS    how long a found key stays cached (default 60 s)
// Besides the app, this process (and only this bench process) serves a control endpoint on
// another port: counters, activity flush, KeyEvent counts and revocation through the domain service.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "@keyward/api";
import { loadConfig } from "@keyward/api/env";
import { systemClock } from "@keyward/schema";
import { revokeApiKey } from "@keyward/schema/keys";
import { seedAccount, seedKey, sessionViewer } from "@keyward/schema/test-support";
import pino from "pino";
import { startControlServer } from "../framework/control-server.ts";
import { seedBenchKeys } from "./seed-bench-keys.ts";

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
  ...(process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL } : {}),
});
const unknownKeysPerMinute = process.env.BENCH_UNKNOWN_KEYS_PER_MINUTE;
const positiveTtlMs = process.env.BENCH_CACHE_TTL_MS;
const app = await createApp(config, {
  logger: pino({ level: "silent" }),
  graphqlHardening: process.env.BENCH_HARDENING !== "off",
  // Steady state: the hourly policy jobs' first run (a scan of every key) is held off for the run.
  policyJobsDelayMs: 3_600_000,
  verification: {
    ...(unknownKeysPerMinute ? { unknownKeysPerMinute: Number(unknownKeysPerMinute) } : {}),
    ...(positiveTtlMs ? { cache: { positiveTtlMs: Number(positiveTtlMs) } } : {}),
  },
});
const prisma = app.database.prisma;

// Bench fixtures: a gateway key (keys:verify) and BENCH_KEYS keys to verify. Their tokens go to a
// file readable only by this user, which the benchmark reads; they are never printed.
let tokensFile: string | undefined;
let revoker: (ReturnType<typeof sessionViewer> & { ip: string | null }) | undefined;
if (process.env.BENCH_SEED !== "none") {
  const seeded = await seedAccount(prisma, { admin: "SUPER_ADMIN", owner: "USER" });
  const admin = seeded.profiles.admin;
  const owner = seeded.profiles.owner;
  if (!admin || !owner) throw new Error("seedAccount returned no profiles");
  revoker = { ...sessionViewer(admin), ip: null };
  const gateway = await seedKey(prisma, {
    accountId: seeded.accountId,
    ownerId: admin.id,
    permissions: ["READ"],
  });
  await prisma.apiKey.update({
    where: { id: gateway.key.id },
    data: { scopes: ["keys:verify"], ipAllowlist: [], rateLimitPerMinute: null },
  });
  const keys = await seedBenchKeys(prisma, {
    accountId: seeded.accountId,
    ownerId: owner.id,
    workspaceId: seeded.workspaceId,
    count: Number(process.env.BENCH_KEYS ?? 100),
  });
  tokensFile = path.join(dataDir, "bench-tokens.json");
  writeFileSync(
    tokensFile,
    JSON.stringify({
      gateway: gateway.token,
      gatewayId: gateway.key.id,
      tokens: keys.map((key) => key.token),
      keyIds: keys.map((key) => key.id),
    }),
    { mode: 0o600 },
  );
}

async function controlAnswer(method: string, url: URL): Promise<unknown> {
  if (url.pathname === "/stats") return { verification: app.verification.stats(), bus: app.events.stats() };
  if (url.pathname === "/flush" && method === "POST") {
    await app.verification.activity.flush();
    return app.verification.stats();
  }
  if (url.pathname === "/key-events") {
    const rows = await prisma.$queryRaw<Array<{ action: string; result: string; count: bigint }>>`
      SELECT "action", "result", count(*) AS "count" FROM "KeyEvent" GROUP BY "action", "result"`;
    return rows.map((row) => ({ action: row.action, result: row.result, count: Number(row.count) }));
  }
  if (url.pathname === "/usage") {
    const [row] = await prisma.$queryRaw<Array<{ count: bigint | null }>>`
      SELECT sum("count") AS "count" FROM "UsageRollup" WHERE "apiKeyId" = ${url.searchParams.get("key") ?? ""}`;
    return { count: Number(row?.count ?? 0) };
  }
  if (url.pathname === "/revoke" && method === "POST") {
    if (revoker === undefined) throw new Error("this instance seeded nothing: revoke on the first instance");
    const key = await revokeApiKey(
      { prisma, clock: systemClock, events: app.events },
      revoker,
      url.searchParams.get("key") ?? "",
      {
        cause: "MANUAL",
      },
    );
    return { status: key.status };
  }
  throw new Error(`no control route ${method} ${url.pathname}`);
}

const control = await startControlServer(controlAnswer, { directory: dataDir, name: "verify" });

const url = await app.start();
process.stdout.write(
  `${JSON.stringify({
    ready: true,
    port: Number(new URL(url).port),
    controlPort: control.port,
    engine: app.database.engine,
    tokensFile,
  })}\n`,
);
process.on("SIGTERM", () => {
  control.close();
  void app.stop().then(() => process.exit(0));
});
