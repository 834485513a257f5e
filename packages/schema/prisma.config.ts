// Loaded only by the Prisma CLI (generate, migrate dev --create-only, migrate diff).
// Runs Prisma Migrate fully offline on PGlite: see ../../docs/DATABASE.md for the why of each quirk.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

// The CLI falls back to a native engine download unless some URL is set.
process.env.DATABASE_URL ??= "postgresql://placeholder@localhost/placeholder";

// Quirk 1: PGlite re-arms a timer nobody closes, so the CLI would hang after finishing.
const originalSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
  const timer = originalSetTimeout(...args);
  timer.unref?.();
  return timer;
}) as typeof setTimeout;

type Queryable = { executeRaw(query: { sql: string; args: unknown[] }): Promise<number> };

// Quirk 2: `migrate dev` replays whole migration files through executeRaw, which PGlite
// refuses for multi-statement SQL; send parameterless scripts through exec() instead.
function routeScripts<T extends Queryable>(adapter: T, db: PGlite): T {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length === 0 && query.sql.includes(";")) {
      await db.exec(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

const dataDir = path.resolve(import.meta.dirname, "../../.keyward/prisma-dev");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "prisma/schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "prisma/migrations") },
  async adapter() {
    return {
      provider: "postgres" as const,
      adapterName: "pglite-dev",
      async connect() {
        mkdirSync(dataDir, { recursive: true });
        const db = new PGlite(dataDir);
        return routeScripts(await new PrismaPGlite(db).connect(), db);
      },
      async connectToShadowDb() {
        const db = new PGlite("memory://");
        return routeScripts(await new PrismaPGlite(db).connect(), db);
      },
    };
  },
});
