import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase, type StatementListener } from "../database/index.ts";
import { requiredServices } from "./required-services.ts";

export interface TestDatabase extends Database {
  /** Connection string of the fresh PostgreSQL database, undefined on PGlite. */
  url: string | undefined;
}

/** Engines the suites run on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testEngines(): Array<"pglite" | "postgres"> {
  const postgresUrl = process.env.TEST_DATABASE_URL;
  if (!postgresUrl && requiredServices().has("postgres")) {
    throw new Error("KEYWARD_TEST_REQUIRE names postgres but TEST_DATABASE_URL is not set");
  }
  return postgresUrl ? ["pglite", "postgres"] : ["pglite"];
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A fresh, migrated database. On PostgreSQL a new database is created from TEST_DATABASE_URL
 * (the server's maintenance database) and dropped again by close().
 */
export async function createTestDatabase(
  engine: "pglite" | "postgres",
  options: { onStatement?: StatementListener } = {},
): Promise<TestDatabase> {
  if (engine === "pglite") {
    const db = await openDatabase({ dataDir: "memory://", onStatement: options.onStatement });
    return { ...db, url: undefined };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `keyward_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const db = await openDatabase({ url, poolSize: 5, onStatement: options.onStatement });
  return {
    ...db,
    url,
    async close() {
      await db.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropper.end();
    },
  };
}
