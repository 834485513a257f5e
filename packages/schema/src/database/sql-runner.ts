import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { StatementListener } from "./statement-counter.ts";

/** The few raw-SQL operations the migration runner and health checks need, for either engine. */
export interface QueryOptions {
  /**
   * Name of a server-side prepared statement for a fixed statement run very often (PostgreSQL parses
   * and plans it once per connection instead of on every call). Ignored by PGlite.
   */
  prepare?: string;
}

export interface SqlRunner {
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<Row[]>;
  /** Runs a multi-statement script (no parameters). */
  exec(script: string): Promise<void>;
  /** Runs `work` on one connection (advisory locks are per connection). */
  withConnection<T>(work: (connection: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `onStatement` hears every statement this runner sends. */
export function createPgliteSqlRunner(db: PGlite, onStatement?: StatementListener): SqlRunner {
  const runner: SqlRunner = {
    async query<Row>(sql: string, params: unknown[] = []) {
      onStatement?.(sql);
      const result = await db.query<Row>(sql, params);
      return result.rows;
    },
    async exec(script) {
      onStatement?.(script);
      await db.exec(script);
    },
    // PGlite has a single connection.
    withConnection: (work) => work(runner),
    async close() {},
  };
  return runner;
}

/** `max` connections, opened on demand (the verifier's key lookups and activity batches use this pool). */
export function createPostgresSqlRunner(
  connectionString: string,
  max = 2,
  onStatement?: StatementListener,
): SqlRunner {
  const pool = new pg.Pool({ connectionString, max });
  // An idle client that loses its server (restart) must not crash the process.
  pool.on("error", () => {});
  const onClient = (client: pg.PoolClient | pg.Pool): SqlRunner => ({
    async query<Row>(sql: string, params: unknown[] = [], options: QueryOptions = {}) {
      onStatement?.(sql);
      const result =
        options.prepare === undefined
          ? await client.query(sql, params)
          : await client.query({ name: options.prepare, text: sql, values: params });
      return result.rows as Row[];
    },
    async exec(script) {
      onStatement?.(script);
      await client.query(script);
    },
    async withConnection(work) {
      if (client !== pool) return work(onClient(client));
      const connection = await pool.connect();
      // pg-pool listens for errors of idle clients only: a checked-out client whose server ends
      // it (restart, terminated backend) would raise an uncaught 'error' event. Its pending query
      // fails on its own; the lost client is destroyed instead of going back to the pool.
      let lost: Error | undefined;
      const onLost = (error: Error) => {
        lost = error;
      };
      connection.on("error", onLost);
      try {
        return await work(onClient(connection));
      } finally {
        connection.off("error", onLost);
        connection.release(lost);
      }
    },
    async close() {
      if (client === pool) await pool.end();
    },
  });
  return onClient(pool);
}
