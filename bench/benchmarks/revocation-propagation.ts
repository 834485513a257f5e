import { Agent, request as httpRequest } from "node:http";
import { benchTokens } from "../framework/bench-tokens.ts";
import { control } from "../framework/control.ts";
import { type BenchmarkResult, skippedResult } from "../framework/report.ts";
import { keywardEnv, withServer } from "../framework/server-runs.ts";
import { benchPostgres, benchRedis, withFreshDatabase } from "../framework/services.ts";

const NAME = "revocation-propagation";
const DESCRIPTION = "revoke on instance A → first refusal on instance B (two instances, PostgreSQL + Redis)";
const KEYS = Number(process.env.BENCH_REVOCATION_KEYS ?? 200);
/** Revocations first made and not measured (JIT, prepared statements, pools), as every benchmark warms up. */
const WARMUP_KEYS = 20;
/** Requests kept in flight against B while waiting for the refusal. */
const POLLERS = 2;
/** A key still accepted this long after its revocation counts as not propagated. */
const GIVE_UP_MS = 2_000;

const agent = new Agent({ keepAlive: true, maxSockets: POLLERS });

/** POST the verify body to B; resolves with the answer's code. */
function verifyCode(port: number, headers: Record<string, string>, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path: "/v1/keys/verify",
        method: "POST",
        agent,
        headers: { ...headers, "content-length": Buffer.byteLength(body) },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
        });
        response.on("end", () =>
          resolve((JSON.parse(text) as { code?: string }).code ?? `HTTP ${response.statusCode}`),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Two Keyward instances on one PostgreSQL database and one Redis. For each of KEYS keys: B
 * verifies it (VALID, now cached on B), B is then polled continuously with that key, the key is
 * revoked on A through the domain service (the same path as the GraphQL mutation: transaction,
 * then the "key.invalidate" event through Redis), and the time from A's answer to the first
 * REVOKED answer from B is recorded (0 when B refused before A had even answered). The first
 * WARMUP_KEYS revocations warm both instances up and are not timed (they must still be refused).
 */
export async function revocationPropagation(): Promise<BenchmarkResult> {
  const [postgres, redis] = await Promise.all([benchPostgres(), benchRedis()]);
  if (!postgres.available) return skippedResult(NAME, DESCRIPTION, postgres.reason);
  if (!redis.available) return skippedResult(NAME, DESCRIPTION, redis.reason);
  return withFreshDatabase(postgres.value, (databaseUrl) =>
    withServer(
      "keyward-server.ts",
      keywardEnv(databaseUrl, redis.value, { BENCH_KEYS: String(WARMUP_KEYS + KEYS) }),
      (first) =>
        withServer(
          "keyward-server.ts",
          keywardEnv(databaseUrl, redis.value, { BENCH_SEED: "none" }),
          async (second) => {
            const { gateway, tokens, keyIds } = benchTokens(first);
            const headers = { "content-type": "application/json", authorization: `Bearer ${gateway}` };
            const latencies: number[] = [];
            let notPropagated = 0;
            let notValidBefore = 0;
            for (const [index, token] of tokens.entries()) {
              const body = JSON.stringify({ key: token });
              if ((await verifyCode(second.port, headers, body)) !== "VALID") notValidBefore++;
              let refusedAt: number | null = null;
              const deadline = { at: Number.POSITIVE_INFINITY };
              const poll = async () => {
                while (refusedAt === null && performance.now() < deadline.at) {
                  const code = await verifyCode(second.port, headers, body);
                  if (code === "REVOKED" && refusedAt === null) refusedAt = performance.now();
                }
              };
              const pollers = Array.from({ length: POLLERS }, poll);
              let revokedAt = performance.now();
              try {
                await control(first, "POST", `/revoke?key=${encodeURIComponent(keyIds[index] ?? "")}`);
                revokedAt = performance.now();
                deadline.at = revokedAt + GIVE_UP_MS;
              } finally {
                if (deadline.at === Number.POSITIVE_INFINITY) deadline.at = 0;
                await Promise.all(pollers);
              }
              // Every key must be refused; only those after the warm-up are timed.
              if (refusedAt === null) notPropagated++;
              else if (index >= WARMUP_KEYS) latencies.push(Math.max(0, (refusedAt as number) - revokedAt));
            }
            agent.destroy();
            latencies.sort((a, b) => a - b);
            const p99 = latencies.length === 0 ? GIVE_UP_MS : percentile(latencies, 0.99);
            return {
              benchmark: NAME,
              description: DESCRIPTION,
              checks: [
                {
                  name: "p99 revoke → refusal on B",
                  measured: p99,
                  target: 50,
                  direction: "max",
                  unit: " ms",
                },
                {
                  name: `keys still accepted on B ${GIVE_UP_MS} ms after revocation`,
                  measured: notPropagated,
                  target: 0,
                  direction: "max",
                  unit: "",
                },
                {
                  name: "keys not VALID on B before revocation",
                  measured: notValidBefore,
                  target: 0,
                  direction: "max",
                  unit: "",
                },
              ],
              details: {
                keys: tokens.length - WARMUP_KEYS,
                warmupKeys: WARMUP_KEYS,
                p50Ms: percentile(latencies, 0.5),
                p99Ms: p99,
                maxMs: latencies.at(-1),
                refusedBeforeRevokeAnswered: latencies.filter((latency) => latency === 0).length,
              },
            };
          },
        ),
    ),
  );
}
