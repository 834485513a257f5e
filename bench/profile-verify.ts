// `npx tsx bench/profile-verify.ts <hit|bad|miss> [requests]`: one Keyward bench server on a fresh
// PostgreSQL database, the verify load of that kind for an exact number of requests, and the
// server's CPU time per request and verifier counters. PROFILE=1 also records a CPU profile of the
// measured window only (the file's path is printed; open it in Chrome DevTools).
// Server CPU µs per request (and the local PostgreSQL's, beside it) is the figure to compare between
// two versions of the hot path on a shared machine: requests per second move with whatever else
// runs there, CPU per request much less.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { benchTokens } from "./framework/bench-tokens.ts";
import { control, counterDelta, verificationStats } from "./framework/control.ts";
import { type LoadOptions, runLoad } from "./framework/load.ts";
import { keywardEnv, measure, withServer } from "./framework/server-runs.ts";
import { benchPostgres, withFreshDatabase } from "./framework/services.ts";

const mode = process.argv[2] ?? "hit";
if (!["hit", "bad", "miss"].includes(mode))
  throw new Error("usage: profile-verify.ts <hit|bad|miss> [requests]");
const requests = Number(process.argv[3] ?? 20_000);
const postgres = await benchPostgres();
if (!postgres.available) throw new Error(postgres.reason);

const withTypo = (token: string) => `${token.slice(0, 12)}${token[12] === "a" ? "b" : "a"}${token.slice(13)}`;

await withFreshDatabase(postgres.value, (databaseUrl) => {
  const env = keywardEnv(databaseUrl, null, {
    BENCH_KEYS: mode === "miss" ? String(requests + 2_000) : "1",
    BENCH_UNKNOWN_KEYS_PER_MINUTE: "1000000000",
    BENCH_CACHE_TTL_MS: "3600000",
  });
  return withServer("keyward-server.ts", env, async (server) => {
    const { gateway, tokens } = benchTokens(server);
    const headers = { "content-type": "application/json", authorization: `Bearer ${gateway}` };
    const url = `http://127.0.0.1:${server.port}/v1/keys/verify`;
    let load: LoadOptions;
    if (mode === "miss") {
      const bodies = tokens.map((key) => JSON.stringify({ key }));
      const warmup = path.join(tmpdir(), `keyward-profile-warmup-${process.pid}.json`);
      const measured = path.join(tmpdir(), `keyward-profile-measured-${process.pid}.json`);
      writeFileSync(warmup, JSON.stringify(bodies.slice(requests)), { mode: 0o600 });
      writeFileSync(measured, JSON.stringify(bodies.slice(0, requests)), { mode: 0o600 });
      await runLoad({ url, headers, bodiesFile: warmup, amount: 2_000 });
      load = { url, headers, bodiesFile: measured, amount: requests };
    } else {
      const token = tokens[0] ?? "";
      const body = JSON.stringify({ key: mode === "bad" ? withTypo(token) : token });
      await runLoad({ url, headers, body, durationSeconds: 2 });
      load = { url, headers, body, amount: requests };
    }
    const profile = process.env.PROFILE === "1";
    if (profile) await control(server, "POST", "/profile/start");
    const before = await verificationStats(server);
    const result = await measure(server, load);
    const after = await verificationStats(server);
    const file = profile ? (await control<{ file: string }>(server, "POST", "/profile/stop")).file : null;
    process.stdout.write(
      `${JSON.stringify({
        mode,
        requests,
        requestsPerSecond: Math.round(result.requestsPerSecond),
        p99Ms: result.latencyP99Ms,
        serverCpuUsPerRequest: result.serverCpuUsPerRequest,
        postgresCpuUsPerRequest: result.postgresCpuUsPerRequest,
        non2xx: result.non2xx + result.errors,
        counters: counterDelta(before, after),
        profile: file,
      })}\n`,
    );
  });
});
