import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../generated/prisma/client.ts";
import { applyMigrations, type MigrationLog } from "./migrate.ts";
import { createPgliteSqlRunner, createPostgresSqlRunner, type SqlRunner } from "./sql-runner.ts";
import { reportStatements, type StatementListener } from "./statement-counter.ts";

export type DatabaseEngine = "pglite" | "postgres";

export interface DatabaseOptions {
  /** `postgres://…` selects PostgreSQL; unset selects embedded PGlite. */
  url?: string | undefined;
  /** PGlite data folder; `memory://` keeps it in memory (tests). */
  dataDir?: string | undefined;
  /** PostgreSQL pool size per instance. */
  poolSize?: number | undefined;
  migrationLog?: MigrationLog | undefined;
  /** Sees every SQL statement sent, by Prisma and by the `sql` runner (benchmarks, N+1 tests). */
  onStatement?: StatementListener | undefined;
}

export interface Database {
  engine: DatabaseEngine;
  prisma: PrismaClient;
  /**
   * Plain SQL outside Prisma (health checks, migrations, tests; on PostgreSQL also the verifier's
   * key lookups and activity batches, through a pool of its own).
   */
  sql: SqlRunner;
  close(): Promise<void>;
}

const withListener = <F extends PrismaPg | PrismaPGlite>(
  factory: F,
  listener: StatementListener | undefined,
) => (listener === undefined ? factory : reportStatements(factory, listener));

/** Opens the database, applies pending migrations, and returns a Prisma client for it. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const poolSize = options.poolSize ?? 10;
    // A pool of its own besides Prisma's: the verification hot path (key lookups, activity
    // batches) sends plain SQL through it, without Prisma's per-statement query compilation.
    const sql = createPostgresSqlRunner(options.url, poolSize, options.onStatement);
    await applyMigrations(sql, options.migrationLog);
    const adapter = new PrismaPg({ connectionString: options.url, max: poolSize });
    const prisma = new PrismaClient({ adapter: withListener(adapter, options.onStatement) });
    return {
      engine: "postgres",
      prisma,
      sql,
      async close() {
        await prisma.$disconnect();
        await sql.close();
      },
    };
  }
  const dataDir = options.dataDir ?? "memory://";
  const pglite = new PGlite(dataDir === "memory://" ? dataDir : path.resolve(dataDir));
  await pglite.waitReady;
  const sql = createPgliteSqlRunner(pglite, options.onStatement);
  await applyMigrations(sql, options.migrationLog);
  const prisma = new PrismaClient({ adapter: withListener(new PrismaPGlite(pglite), options.onStatement) });
  return {
    engine: "pglite",
    prisma,
    sql,
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
