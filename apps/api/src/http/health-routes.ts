import type { ServerResponse } from "node:http";
import { type Database, migrationsAreApplied } from "@keyward/schema/database";
import { sendJson } from "./send-json.ts";

/** /healthz: the process is alive. /readyz: the database answers and every migration is applied. */
export function createHealthRoutes(database: Database) {
  let stopping = false;
  return {
    handles: (pathname: string) => pathname === "/healthz" || pathname === "/readyz",
    markStopping() {
      stopping = true;
    },
    async handle(pathname: string, response: ServerResponse) {
      if (pathname === "/healthz") {
        sendJson(response, 200, { status: "ok" });
        return;
      }
      if (stopping) {
        sendJson(response, 503, { status: "stopping" });
        return;
      }
      try {
        await database.sql.query("SELECT 1");
        const migrated = await migrationsAreApplied(database.sql);
        sendJson(response, migrated ? 200 : 503, {
          status: migrated ? "ready" : "migrations pending",
          database: database.engine,
        });
      } catch {
        sendJson(response, 503, { status: "database unreachable", database: database.engine });
      }
    },
  };
}
