import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import pg from "pg";

/** Where the benchmarks find PostgreSQL and Redis; overridable, and `off` disables one. */
const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
const PROBE_TIMEOUT_MS = 2_000;

export type Service<T> = { available: true; value: T } | { available: false; reason: string };

function configured(name: string, fallback: string): string | null {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  return value === "off" ? null : value;
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}

/** The PostgreSQL server (maintenance database URL) when it answers, else why not. */
export async function benchPostgres(): Promise<Service<string>> {
  const url = configured("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL);
  if (url === null) return { available: false, reason: "BENCH_DATABASE_URL=off" };
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return { available: true, value: url };
  } catch (error) {
    return {
      available: false,
      reason: `PostgreSQL not reachable at ${redact(url)} (${(error as Error).message}); set BENCH_DATABASE_URL`,
    };
  } finally {
    await client.end().catch(() => {});
  }
}

/** The Redis server when it answers PING, else why not. */
export async function benchRedis(): Promise<Service<string>> {
  const url = configured("BENCH_REDIS_URL", DEFAULT_REDIS_URL);
  if (url === null) return { available: false, reason: "BENCH_REDIS_URL=off" };
  const parsed = new URL(url);
  const answered = await new Promise<string | null>((resolve) => {
    const socket = connect({ host: parsed.hostname, port: Number(parsed.port || 6379) });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve("no answer within 2 s");
    }, PROBE_TIMEOUT_MS);
    socket.once("error", (error) => {
      clearTimeout(timer);
      resolve(error.message);
    });
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(
        data.toString().startsWith("+PONG") ? null : `unexpected answer ${JSON.stringify(data.toString())}`,
      );
    });
  });
  return answered === null
    ? { available: true, value: url }
    : {
        available: false,
        reason: `Redis not reachable at ${redact(url)} (${answered}); set BENCH_REDIS_URL`,
      };
}

/** A database created for one benchmark and dropped afterwards (also when the benchmark fails). */
export async function withFreshDatabase<T>(serverUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `keyward_bench_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    const dropper = new pg.Client({ connectionString: serverUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await dropper.end();
  }
}

/**
 * Runs `work` on a fresh PostgreSQL database when one is reachable, else on embedded PGlite
 * (`null`); `note` says which and why, for the benchmark's description.
 */
export async function onBenchDatabase<T>(
  work: (databaseUrl: string | null) => Promise<T>,
): Promise<{ result: T; note: string }> {
  const postgres = await benchPostgres();
  if (!postgres.available) return { result: await work(null), note: ` (on PGlite: ${postgres.reason})` };
  return { result: await withFreshDatabase(postgres.value, work), note: "" };
}

/**
 * For bench servers that make their own fresh database: the PostgreSQL server's URL when one is
 * reachable, else empty (embedded PGlite). Never the inherited environment.
 */
export async function benchDatabaseEnv(): Promise<{ BENCH_DATABASE_URL: string }> {
  const postgres = await benchPostgres();
  return { BENCH_DATABASE_URL: postgres.available ? postgres.value : "" };
}
