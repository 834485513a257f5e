import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { SqlRunner } from "./sql-runner.ts";

export const migrationsDirectory = path.resolve(import.meta.dirname, "../../prisma/migrations");

/** Any fixed 64-bit number: every instance takes the same lock before migrating. */
const MIGRATION_LOCK_ID = 7_361_937_402_118;

export type MigrationLog = (message: string, details?: Record<string, unknown>) => void;

export class MigrationChecksumError extends Error {
  constructor(
    readonly migration: string,
    readonly recorded: string,
    readonly actual: string,
  ) {
    super(
      `Migration ${migration} was changed after it was applied (recorded sha256 ${recorded.slice(0, 12)}…, ` +
        `file now ${actual.slice(0, 12)}…). Restore the original file and put the change in a new migration.`,
    );
    this.name = "MigrationChecksumError";
  }
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(directory = migrationsDirectory): Promise<Migration[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      // Line endings are normalised so that a checkout with CRLF does not look edited.
      const sql = (await readFile(path.join(directory, name, "migration.sql"), "utf8")).replaceAll(
        "\r\n",
        "\n",
      );
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/**
 * Applies pending migrations in order, each in its own transaction, under a PostgreSQL
 * advisory lock so that instances starting together migrate once. Applied migrations are
 * recorded with their checksum; an applied migration whose file changed is an error.
 */
export async function applyMigrations(
  sql: SqlRunner,
  log: MigrationLog = () => {},
  directory = migrationsDirectory,
): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(directory);
  return sql.withConnection(async (connection) => {
    await connection.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    try {
      await connection.exec(`CREATE TABLE IF NOT EXISTS "_keyward_migrations" (
        name text PRIMARY KEY,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const rows = await connection.query<{ name: string; checksum: string }>(
        `SELECT name, checksum FROM "_keyward_migrations"`,
      );
      const recorded = new Map(rows.map((row) => [row.name, row.checksum]));
      const applied: string[] = [];
      for (const [index, migration] of migrations.entries()) {
        const previous = recorded.get(migration.name);
        if (previous !== undefined) {
          if (previous !== migration.checksum) {
            throw new MigrationChecksumError(migration.name, previous, migration.checksum);
          }
          continue;
        }
        log(`applying migration ${index + 1}/${migrations.length}: ${migration.name}`, {
          migration: migration.name,
        });
        await connection.exec("BEGIN");
        try {
          await connection.exec(migration.sql);
          await connection.query(`INSERT INTO "_keyward_migrations" (name, checksum) VALUES ($1, $2)`, [
            migration.name,
            migration.checksum,
          ]);
          await connection.exec("COMMIT");
        } catch (error) {
          await connection.exec("ROLLBACK");
          throw error;
        }
        applied.push(migration.name);
      }
      return { applied };
    } finally {
      await connection.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]);
    }
  });
}

/** True when every migration shipped with this build is recorded as applied. */
export async function migrationsAreApplied(
  sql: SqlRunner,
  directory = migrationsDirectory,
): Promise<boolean> {
  const migrations = await readMigrations(directory);
  const rows = await sql.query<{ name: string }>(`SELECT name FROM "_keyward_migrations"`);
  const names = new Set(rows.map((row) => row.name));
  return migrations.every((migration) => names.has(migration.name));
}
