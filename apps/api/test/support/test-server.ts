import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@keyward/schema/test-support";
import { type App, type AppOptions, createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/env.ts";
import type { Logger } from "../../src/logger.ts";
import { testLogger } from "./test-logger.ts";

export interface TestServer {
  app: App;
  url: string;
  /** The PostgreSQL database behind the server (undefined on PGlite). */
  database: TestDatabase | undefined;
  /** KEYWARD_DATA_DIR (PGlite keeps its files in `pgdata` inside), removed by close(). */
  dataDir: string;
  close(): Promise<void>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  /** Share the database of another test server (several instances). */
  databaseUrl?: string;
  /** Options passed to createApp besides the logger. */
  app?: Omit<AppOptions, "logger">;
  /** Default: debug level into .test-logs/ (testLogger). */
  logger?: Logger;
}

/** A real Keyward server on an ephemeral port, on a fresh PGlite folder or PostgreSQL database. */
export async function startTestServer(
  engine: "pglite" | "postgres",
  options: TestServerOptions = {},
): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "keyward-test-"));
  let database: TestDatabase | undefined;
  let databaseUrl = options.databaseUrl;
  if (engine === "postgres" && !databaseUrl) {
    database = await createTestDatabase("postgres");
    databaseUrl = database.url;
  }
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    KEYWARD_DATA_DIR: dataDir,
    KEYWARD_SECRET: "test-secret-test-secret-test-secret-0123",
    KEYWARD_SEED_DEMO: "false",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...options.env,
  });
  const app = await createApp(config, {
    ...options.app,
    logger: options.logger ?? testLogger(config.instanceId),
  });
  const url = await app.start();
  return {
    app,
    url,
    database,
    dataDir,
    async close() {
      await app.stop();
      await database?.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** POSTs a GraphQL document as JSON. */
export async function graphql(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLBody };
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}
