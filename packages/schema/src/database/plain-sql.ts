import type { PrismaClient } from "../generated/prisma/client.ts";
import type { Database } from "./open-database.ts";
import type { SqlRunner } from "./sql-runner.ts";

/**
 * Where a per-request lookup sends its one fixed statement. On PostgreSQL: a plain `pg` pool of its
 * own, which skips Prisma's per-call query compilation (with Prisma 6, a few hundred µs of CPU
 * per call, more than the rest of a small request). On PGlite: Prisma's raw query, because
 * Prisma's transactions hold PGlite's single connection.
 */
export type PlainSqlDatabase = Pick<PrismaClient, "$queryRawUnsafe"> | Pick<SqlRunner, "query">;

/** The plain-SQL path of an opened database (see PlainSqlDatabase). */
export function plainSqlOf(database: Pick<Database, "engine" | "sql" | "prisma">): PlainSqlDatabase {
  return database.engine === "postgres" ? database.sql : database.prisma;
}

/**
 * Runs one fixed statement with positional parameters ($1, $2…) and returns its rows. On
 * PostgreSQL it is a named server-side prepared statement (`prepare`): parsed and planned once per
 * connection.
 */
export async function plainQueryRows<Row>(
  database: PlainSqlDatabase,
  sql: string,
  params: unknown[],
  prepare: string,
): Promise<Row[]> {
  return "$queryRawUnsafe" in database
    ? await database.$queryRawUnsafe<Row[]>(sql, ...params)
    : await database.query<Row>(sql, params, { prepare });
}

/** Runs one fixed statement that finds one row at most (see plainQueryRows): that row, or null. */
export async function plainQueryRow<Row>(
  database: PlainSqlDatabase,
  sql: string,
  params: unknown[],
  prepare: string,
): Promise<Row | null> {
  const rows = await plainQueryRows<Row>(database, sql, params, prepare);
  return rows[0] ?? null;
}
