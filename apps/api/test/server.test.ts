import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { readMigrations } from "@keyward/schema/database";
import { testEngines, testLogSink } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/env.ts";
import { testLogger } from "./support/test-logger.ts";
import { graphql, startTestServer, type TestServer } from "./support/test-server.ts";

describe.each(testEngines())("HTTP server [%s]", (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });

  it("answers GraphQL at /graphql, with a null viewer for anonymous callers", async () => {
    const { status, body } = await graphql(server.url, "{ __typename viewer { id } }");
    expect(status).toBe(200);
    expect(body).toEqual({ data: { __typename: "Query", viewer: null } });
  });

  it("reports liveness and readiness", async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", database: engine });
  });

  it("refuses oversized GraphQL bodies with 413 before parsing them", async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ __typename }${" ".repeat(300 * 1024)}` }),
    });
    expect(response.status).toBe(413);
  });

  it("answers unknown REST routes with a JSON 404", async () => {
    const response = await fetch(`${server.url}/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });
});

describe.each(testEngines())("first boot [%s]", (engine) => {
  it("seeds the configured super_admin once and keeps data across restarts", async () => {
    const first = await startTestServer(engine, {
      env: { KEYWARD_ADMIN_EMAIL: "Root@Example.test", KEYWARD_ADMIN_PASSWORD: "correct-horse-battery" },
    });
    try {
      const admins = await first.app.database.prisma.profile.findMany({ where: { role: "SUPER_ADMIN" } });
      expect(admins.map((admin) => admin.email)).toEqual(["root@example.test"]);
      expect(admins[0]?.passwordHash).toMatch(/^\$argon2id\$/);
    } finally {
      await first.app.stop();
    }
    if (engine === "postgres" && first.database?.url) {
      const second = await startTestServer(engine, {
        databaseUrl: first.database.url,
        env: { KEYWARD_ADMIN_EMAIL: "other@example.test", KEYWARD_ADMIN_PASSWORD: "another-long-password" },
      });
      try {
        expect(await second.app.database.prisma.profile.count()).toBe(1);
      } finally {
        await second.close();
      }
    }
    await first.database?.close();
  });

  it("seeds a demo account with a developer, a service account and an approval-gated tool", async () => {
    const server = await startTestServer(engine, { env: { KEYWARD_SEED_DEMO: "true" } });
    try {
      const prisma = server.app.database.prisma;
      const account = await prisma.account.findUniqueOrThrow({ where: { slug: "default" } });
      expect(await prisma.workspace.count({ where: { accountId: account.id, slug: "default" } })).toBe(1);
      expect(await prisma.profile.count({ where: { kind: "SERVICE_ACCOUNT" } })).toBe(1);
      expect(await prisma.profile.count({ where: { role: "USER", kind: "USER" } })).toBe(1);
      expect(await prisma.tool.count({ where: { requiresApproval: true } })).toBeGreaterThan(0);
      const keys = await prisma.apiKey.findMany({ where: { accountId: account.id } });
      expect(keys.length).toBeGreaterThanOrEqual(3);
      expect(keys.every((key) => key.hash?.length === 64)).toBe(true);
      expect(await prisma.keyEvent.count({ where: { accountId: account.id } })).toBeGreaterThan(0);
      const rollups = await prisma.usageRollup.aggregate({
        where: { accountId: account.id },
        _sum: { count: true },
      });
      expect(rollups._sum.count).toBe(await prisma.keyEvent.count({ where: { accountId: account.id } }));
    } finally {
      await server.close();
    }
  });
});

describe.runIf(testEngines().includes("postgres"))("several instances [postgres]", () => {
  it("start together on one empty database and apply migrations once", async () => {
    const first = await startTestServer("postgres");
    await first.app.stop();
    const url = first.database?.url;
    if (!url) throw new Error("no database url");
    // A brand-new database for the race: drop everything the first start created.
    await first.database?.sql.exec(`DROP SCHEMA public CASCADE; CREATE SCHEMA public;`);
    const instances = await Promise.all(
      [0, 1, 2].map(() => startTestServer("postgres", { databaseUrl: url })),
    );
    try {
      for (const instance of instances) expect((await fetch(`${instance.url}/readyz`)).status).toBe(200);
      const rows = await instances[0]?.app.database.sql.query<{ name: string }>(
        `SELECT name FROM "_keyward_migrations" ORDER BY name`,
      );
      // Each shipped migration recorded exactly once, however many instances raced.
      expect(rows?.map((row) => row.name)).toEqual(
        (await readMigrations()).map((migration) => migration.name),
      );
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
      await first.database?.close();
    }
  });
});

describe("process [pglite]", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "keyward-process-"));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("refuses to start with a clear message when the configuration is invalid", async () => {
    expect(() => loadConfig({ DATABASE_URL: "postgres://x@127.0.0.1/x" })).toThrow(
      /KEYWARD_SECRET is required/,
    );
    expect(() => loadConfig({ PORT: "not-a-port" })).toThrow(/PORT/);
    expect(() => loadConfig({ KEYWARD_ADMIN_EMAIL: "a@b.test" })).toThrow(/both/);
  });

  it("serves, then exits cleanly on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.resolve(import.meta.dirname, "../src/main.ts")],
      {
        env: {
          ...process.env,
          PORT: "0",
          KEYWARD_DATA_DIR: dataDir,
          LOG_LEVEL: "info",
          KEYWARD_SEED_DEMO: "false",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    try {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 60_000);
        child.stdout.on("data", () => {
          const match = /listening on (http:\/\/[^)]+)\)/.exec(output);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exit).toBe(0);
      expect(output).toContain('"msg":"stopped"');
      // The real process's log joins the run's logs, which are scanned for tokens afterwards.
      testLogSink().write(output);
    } finally {
      // A failed assertion must not leave the process running on the data folder the next test opens.
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGKILL");
        await gone;
      }
    }
  }, 120_000);

  it("keeps the embedded data across restarts", async () => {
    const config = loadConfig({ PORT: "0", KEYWARD_DATA_DIR: path.join(dataDir, "restarts") });
    const app = await createApp(config, { logger: testLogger() });
    try {
      await app.database.prisma.account.upsert({
        where: { slug: "persisted" },
        create: { slug: "persisted", name: "Persisted" },
        update: {},
      });
    } finally {
      await app.stop();
    }
    const again = await createApp(config, { logger: testLogger() });
    try {
      expect(await again.database.prisma.account.count({ where: { slug: "persisted" } })).toBe(1);
    } finally {
      await again.stop();
    }
  });
});
