import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type App, createApp } from "@keyward/api";
import { loadConfig } from "@keyward/api/env";

export const webDist = path.resolve(import.meta.dirname, "../../dist");

export interface BrowserTestServer {
  app: App;
  /** http://127.0.0.1:<port>: the page and the API on one origin, as in production. */
  url: string;
  close(): Promise<void>;
}

/**
 * A real Keyward (API + the built SPA) on an ephemeral port and a fresh embedded database, with
 * one super_admin. The SPA must be built first (`npm test` does it; or `pnpm --filter
 * @keyward/web build`).
 */
export async function startKeyward(admin: { email: string; password: string }): Promise<BrowserTestServer> {
  if (!existsSync(path.join(webDist, "index.html"))) {
    throw new Error(`The SPA is not built: ${webDist} has no index.html. Run the web build first.`);
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), "keyward-browser-"));
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    KEYWARD_DATA_DIR: dataDir,
    KEYWARD_SECRET: "browser-test-secret-browser-test-secret-01",
    KEYWARD_ADMIN_EMAIL: admin.email,
    KEYWARD_ADMIN_PASSWORD: admin.password,
    KEYWARD_SEED_DEMO: "false",
    KEYWARD_WEB_DIST: webDist,
    LOG_LEVEL: "silent",
  });
  const app = await createApp(config);
  const listening = await app.start();
  const port = new URL(listening).port;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
