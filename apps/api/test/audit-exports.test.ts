import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { exportAuditLog, exportKeyRegistry, signExportLink, systemClock } from "@keyward/schema";
import {
  type SeededAccount,
  seedAccount,
  seedKey,
  sessionViewer,
  testEngines,
} from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/test-server.ts";

const SECRET = "test-secret-test-secret-test-secret-0123";
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const repoRoot = path.resolve(import.meta.dirname, "../../..");

describe.each(testEngines())("export downloads over HTTP [%s]", (engine) => {
  let server: TestServer;
  let seeded: SeededAccount;

  beforeAll(async () => {
    server = await startTestServer(engine);
    const prisma = server.app.database.prisma;
    seeded = await seedAccount(prisma, { admin: "SUPER_ADMIN", owner: "USER" });
    for (let index = 0; index < 3; index++) {
      const { key } = await seedKey(prisma, {
        accountId: seeded.accountId,
        ownerId: seeded.profiles.owner!.id,
      });
      await prisma.apiKey.update({ where: { id: key.id }, data: { name: `service, "${index}"` } });
    }
    // An export is audited itself: the log has rows to export.
    const deps = { prisma, clock: systemClock, config: { secret: SECRET } };
    await exportKeyRegistry(deps, actor(), { format: "CSV" });
  });
  afterAll(async () => {
    await server.close();
  });

  const actor = () => ({ ...sessionViewer(seeded.profiles.admin!), ip: "127.0.0.1" });
  const deps = () => ({ prisma: server.app.database.prisma, clock: systemClock, config: { secret: SECRET } });

  const cases = [
    ["AUDIT_LOG", "CSV", "text/csv; charset=utf-8"],
    ["AUDIT_LOG", "JSON", "application/json; charset=utf-8"],
    ["KEY_REGISTRY", "CSV", "text/csv; charset=utf-8"],
    ["KEY_REGISTRY", "JSON", "application/json; charset=utf-8"],
  ] as const;

  it.each(cases)(
    "streams a %s %s export whose bytes match the receipt",
    async (kind, format, contentType) => {
      const create = kind === "AUDIT_LOG" ? exportAuditLog : exportKeyRegistry;
      const { receipt, link } = await create(deps(), actor(), { format });
      const response = await fetch(`${server.url}${link.url}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe(contentType);
      expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${receipt.filename}"`);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("keyward-export-rows")).toBe(String(receipt.rowCount));
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(response.headers.get("content-length")).toBe(String(bytes.length));
      expect(sha256(bytes)).toBe(receipt.sha256);
      expect(response.headers.get("repr-digest")).toBe(
        `sha-256=:${createHash("sha256").update(bytes).digest("base64")}:`,
      );
      expect(receipt.rowCount).toBeGreaterThan(0);
    },
  );

  it("refuses expired, tampered and unsigned links with 403", async () => {
    const { receipt, link } = await exportAuditLog(deps(), actor(), { format: "CSV" });
    const expired = signExportLink(SECRET, receipt.id, new Date(Date.now() - 3_600_000));
    const url = new URL(link.url, server.url);
    const signature = url.searchParams.get("signature") ?? "";
    const flipped = `${signature.slice(0, -1)}${signature.endsWith("0") ? "1" : "0"}`;
    const otherSecret = signExportLink("another-secret-another-secret-0123456", receipt.id, new Date());
    const refused = [
      expired.url,
      `/v1/exports/${receipt.id}?expires=${url.searchParams.get("expires")}&signature=${flipped}`,
      `/v1/exports/${receipt.id}?expires=${Number(url.searchParams.get("expires")) + 60}&signature=${signature}`,
      `/v1/exports/${receipt.id}`,
      otherSecret.url,
    ];
    for (const refusedUrl of refused) {
      const response = await fetch(`${server.url}${refusedUrl}`);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: "FORBIDDEN" } });
    }
    const expiredBody = (await (await fetch(`${server.url}${expired.url}`)).json()) as {
      error: { message: string };
    };
    expect(expiredBody.error.message).toMatch(/expired/);

    // A link signed for one receipt does not open another.
    const other = await exportAuditLog(deps(), actor(), { format: "JSON" });
    const swapped = link.url.replace(receipt.id, other.receipt.id);
    expect((await fetch(`${server.url}${swapped}`)).status).toBe(403);

    const missing = signExportLink(SECRET, "0190f000-0000-7000-8000-000000000000", new Date());
    expect((await fetch(`${server.url}${missing.url}`)).status).toBe(404);
    expect((await fetch(`${server.url}${link.url}`, { method: "POST" })).status).toBe(405);
  });

  it("answers 410 when a registry file is past its retention", async () => {
    const { receipt, link } = await exportKeyRegistry(deps(), actor(), { format: "JSON" });
    await server.app.database.prisma.exportChunk.deleteMany({ where: { receiptId: receipt.id } });
    expect((await fetch(`${server.url}${link.url}`)).status).toBe(410);
  });

  it("downloads with the CLI, printing progress and checking the digest", async () => {
    const { receipt, link } = await exportAuditLog(deps(), actor(), { format: "CSV" });
    const directory = await mkdtemp(path.join(tmpdir(), "keyward-export-cli-"));
    try {
      const out = path.join(directory, "audit.csv");
      const result = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ["scripts/export.mjs", "--download", `${server.url}${link.url}`, "--out", out],
          { cwd: repoRoot },
        );
        let stderr = "";
        let stdout = "";
        child.stderr.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
        });
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
        });
        child.on("close", (code) => resolve({ code, stderr, stdout }));
      });
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/100\.0 %/);
      expect(result.stdout).toContain(receipt.sha256);
      expect(result.stdout).toContain(`${receipt.rowCount} rows`);
      expect(sha256(await readFile(out))).toBe(receipt.sha256);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
