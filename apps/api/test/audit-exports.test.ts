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
import { seedApiKey } from "./support/key-seeds.ts";
import { graphql, startTestServer, type TestServer } from "./support/test-server.ts";

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

  it("exports through GraphQL with an admin's key, refuses a user's key, and hides receipts from other accounts", async () => {
    const prisma = server.app.database.prisma;
    const adminKey = await seedApiKey(prisma, seeded, {
      ownerId: seeded.profiles.admin!.id,
      permissions: ["READ", "WRITE", "ADMIN"],
    });
    const userKey = await seedApiKey(prisma, seeded, {
      ownerId: seeded.profiles.owner!.id,
      permissions: ["READ", "WRITE"],
    });
    const foreign = await seedAccount(prisma, { admin: "SUPER_ADMIN" });
    const foreignKey = await seedApiKey(prisma, foreign, {
      ownerId: foreign.profiles.admin!.id,
      permissions: ["READ", "ADMIN"],
    });
    const mutation = `mutation($input: ExportKeyRegistryInput!) {
      exportKeyRegistry(input: $input) {
        __typename
        ... on ExportPayload { downloadUrl receipt { id sha256 rowCount } }
        ... on KeywardError { code }
      }
    }`;
    const input = { format: "JSON", filter: { status: ["ACTIVE"] } };
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const exported = await graphql(server.url, mutation, { input }, bearer(adminKey.token));
    expect(exported.body.errors).toBeUndefined();
    const payload = exported.body.data?.exportKeyRegistry as {
      downloadUrl: string;
      receipt: { id: string; sha256: string; rowCount: number };
    };
    const bytes = Buffer.from(await (await fetch(`${server.url}${payload.downloadUrl}`)).arrayBuffer());
    expect(sha256(bytes)).toBe(payload.receipt.sha256);
    const rows = JSON.parse(bytes.toString()) as Array<{ status: string }>;
    expect(rows.length).toBe(payload.receipt.rowCount);
    expect(rows.every((row) => row.status === "ACTIVE")).toBe(true);

    const refused = await graphql(server.url, mutation, { input }, bearer(userKey.token));
    expect(refused.body.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);

    const lookup = `query($id: ID!) { exportReceipt(id: $id) { id } }`;
    const other = await graphql(server.url, lookup, { id: payload.receipt.id }, bearer(foreignKey.token));
    expect(other.body).toEqual({ data: { exportReceipt: null } });
    const verify = await graphql(
      server.url,
      `mutation($input: VerifyExportFileInput!) { verifyExportFile(input: $input) { __typename ... on KeywardError { code } } }`,
      { input: { receiptId: payload.receipt.id, sha256: payload.receipt.sha256 } },
      bearer(foreignKey.token),
    );
    expect(verify.body.data?.verifyExportFile).toEqual({ __typename: "KeywardError", code: "NOT_FOUND" });
  });

  it("reports the audit chain over HTTP, and its break after a row is edited", async () => {
    const prisma = server.app.database.prisma;
    const account = await seedAccount(prisma, { admin: "SUPER_ADMIN" });
    const key = await seedApiKey(prisma, account, {
      ownerId: account.profiles.admin!.id,
      permissions: ["READ", "ADMIN"],
    });
    const admin = { ...sessionViewer(account.profiles.admin!), ip: "127.0.0.1" };
    for (let index = 0; index < 3; index++) await exportAuditLog(deps(), admin, { format: "CSV" });
    const status = () =>
      graphql(
        server.url,
        "{ auditChainStatus { valid events brokenAtSeq reason } }",
        {},
        {
          authorization: `Bearer ${key.token}`,
        },
      );
    expect((await status()).body.data?.auditChainStatus).toEqual({
      valid: true,
      events: 3,
      brokenAtSeq: null,
      reason: null,
    });
    await server.app.database.sql.withConnection(async (connection) => {
      await connection.exec("SET session_replication_role = replica");
      await connection.query(
        `UPDATE "AuditEvent" SET "occurredAt" = "occurredAt" - interval '1 day' WHERE "accountId" = $1 AND seq = 2`,
        [account.accountId],
      );
      await connection.exec("SET session_replication_role = DEFAULT");
    });
    expect((await status()).body.data?.auditChainStatus).toEqual({
      valid: false,
      events: 1,
      brokenAtSeq: 2,
      reason: "HASH_MISMATCH",
    });
  });

  const runCli = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, ["scripts/export.mjs", ...args], {
        cwd: repoRoot,
        env: { ...process.env, ...env },
      });
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

  it("exports to a file with the CLI and an admin's key, printing progress", async () => {
    const key = await seedApiKey(server.app.database.prisma, seeded, {
      ownerId: seeded.profiles.admin!.id,
      permissions: ["READ", "ADMIN"],
    });
    const directory = await mkdtemp(path.join(tmpdir(), "keyward-export-cli-"));
    try {
      const out = path.join(directory, "registry.csv");
      const result = await runCli(
        [
          "--url",
          server.url,
          "--kind",
          "key-registry",
          "--format",
          "csv",
          "--filter",
          '{"status":["ACTIVE"]}',
          "--out",
          out,
        ],
        { KEYWARD_API_KEY: key.token },
      );
      expect(result.stderr).toMatch(/100\.0 %/);
      expect(result.code).toBe(0);
      const bytes = await readFile(out);
      expect(result.stdout).toContain(`sha256 ${sha256(bytes)} (matches the receipt)`);
      const receipt = await server.app.database.prisma.exportReceipt.findFirstOrThrow({
        where: { sha256: sha256(bytes) },
      });
      expect(receipt.filters).toEqual({ status: ["ACTIVE"] });
      const refused = await runCli(["--url", server.url, "--kind", "key-registry"], { KEYWARD_API_KEY: "" });
      expect(refused.code).toBe(1);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("downloads with the CLI, printing progress and checking the digest", async () => {
    const { receipt, link } = await exportAuditLog(deps(), actor(), { format: "CSV" });
    const directory = await mkdtemp(path.join(tmpdir(), "keyward-export-cli-"));
    try {
      const out = path.join(directory, "audit.csv");
      const result = await runCli(["--download", `${server.url}${link.url}`, "--out", out]);
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
