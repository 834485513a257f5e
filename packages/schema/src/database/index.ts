export {
  applyMigrations,
  MigrationChecksumError,
  type MigrationLog,
  migrationsAreApplied,
  migrationsDirectory,
  readMigrations,
} from "./migrate.ts";
export { type Database, type DatabaseEngine, type DatabaseOptions, openDatabase } from "./open-database.ts";
export { type PlainSqlDatabase, plainQueryRow, plainQueryRows, plainSqlOf } from "./plain-sql.ts";
export type { SqlRunner } from "./sql-runner.ts";
export type { StatementListener } from "./statement-counter.ts";
