// A real Keyward server for benchmarks (embedded PGlite unless BENCH_DATABASE_URL is set).
// BENCH_HARDENING=off builds the same server without the GraphQL security plugins (the
// "all security plugins on vs off" comparison only).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "@keyward/api";
import { loadConfig } from "@keyward/api/env";
import { seedAccount, seedKey } from "@keyward/schema/test-support";
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
// Bench fixtures: a gateway key (keys:verify) and BENCH_KEYS keys to verify. Their tokens go to a
// file readable only by this user, which the benchmark reads; they are never printed.
const prisma = app.database.prisma;
const seeded = await seedAccount(prisma, { admin: "SUPER_ADMIN", owner: "USER" });
const gateway = await seedKey(prisma, {
  accountId: seeded.accountId,
  ownerId: seeded.profiles.admin?.id ?? "",
  permissions: ["READ"],
});
await prisma.apiKey.update({
  where: { id: gateway.key.id },
  data: { scopes: ["keys:verify"], ipAllowlist: [], rateLimitPerMinute: null },
});
const tokens: string[] = [];
for (let index = 0; index < Number(process.env.BENCH_KEYS ?? 100); index += 1) {
  const { key, token } = await seedKey(prisma, {
    accountId: seeded.accountId,
    ownerId: seeded.profiles.owner?.id ?? "",
    workspaceIds: [seeded.workspaceId],
  });
  await prisma.apiKey.update({ where: { id: key.id }, data: { ipAllowlist: [], rateLimitPerMinute: null } });
  tokens.push(token);
}
const tokensFile = path.join(dataDir, "bench-tokens.json");
writeFileSync(tokensFile, JSON.stringify({ gateway: gateway.token, tokens }), { mode: 0o600 });
const url = await app.start();
process.stdout.write(`${JSON.stringify({ ready: true, port: Number(new URL(url).port), tokensFile })}\n`);
process.on("SIGTERM", () => {
  void app.stop().then(() => process.exit(0));
});
