import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { type App, createApp } from "@keyward/api";
import { loadConfig } from "@keyward/api/env";
import { createLogger } from "@keyward/api/logger";
import { hashPassword } from "@keyward/schema";
import { testLogSink } from "@keyward/schema/test-support";

export const webDist = path.resolve(import.meta.dirname, "../../dist");

export interface BrowserTestServer {
  app: App;
  /** http://127.0.0.1:<port>: the page and the API on one origin, as in production. */
  url: string;
  close(): Promise<void>;
}

/** A port nothing listens on now: the origin must be known before the server starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
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
  // The graphql-ws upgrade is accepted only from KEYWARD_ORIGIN, exactly as in production.
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    PORT: String(port),
    HOST: "127.0.0.1",
    KEYWARD_ORIGIN: origin,
    KEYWARD_DATA_DIR: dataDir,
    KEYWARD_SECRET: "browser-test-secret-browser-test-secret-01",
    KEYWARD_ADMIN_EMAIL: admin.email,
    KEYWARD_ADMIN_PASSWORD: admin.password,
    KEYWARD_SEED_DEMO: "false",
    KEYWARD_WEB_DIST: webDist,
  });
  // Debug level into .test-logs/: the run's logs are scanned for issued tokens afterwards.
  const app = await createApp(config, { logger: createLogger("debug", config.instanceId, testLogSink()) });
  await app.start();
  return {
    app,
    url: origin,
    async close() {
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Adds a person who signs in with a password, in the admin's organisation (no UI creates people).
 * Returns their profile id.
 */
export async function addPerson(
  server: BrowserTestServer,
  admin: { email: string },
  person: { email: string; password: string; displayName: string },
): Promise<string> {
  const prisma = server.app.database.prisma;
  const { accountId } = await prisma.profile.findFirstOrThrow({ where: { email: admin.email } });
  const { id } = await prisma.profile.create({
    data: {
      accountId,
      email: person.email,
      displayName: person.displayName,
      role: "USER",
      passwordHash: await hashPassword(person.password),
    },
  });
  return id;
}
