import { fromGlobalId, toGlobalId } from "graphql-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Profile } from "../../generated/prisma/client.ts";
import {
  createSchemaHarness,
  createTestDatabase,
  errorCodesOf,
  keyViewer,
  type SchemaHarness,
  type SeededAccount,
  seedAccount,
  seedKey,
  sessionViewer,
  type TestDatabase,
  testEngines,
} from "../../test-support/index.ts";
import { appendAuditEvents, downloadExport, sha256Of } from "../test/audit-fixtures.ts";
import { ExportIntegrityError, openExportDownload } from "./export-download.ts";

const exportAuditLog = `mutation($input: ExportAuditLogInput!) {
  exportAuditLog(input: $input) {
    __typename
    ... on ExportPayload { downloadUrl downloadExpiresAt receipt { id kind format filename filters rowCount byteSize sha256 createdBy { id } } }
    ... on KeywardError { code message }
  }
}`;
const exportKeyRegistry = `mutation($input: ExportKeyRegistryInput!) {
  exportKeyRegistry(input: $input) {
    __typename
    ... on ExportPayload { downloadUrl receipt { id kind format filename filters rowCount byteSize sha256 } }
    ... on KeywardError { code message }
  }
}`;

interface Receipt {
  id: string;
  kind: string;
  format: string;
  filename: string;
  filters: string;
  rowCount: number;
  byteSize: number;
  sha256: string;
}

describe.each(testEngines())("exports [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let seeded: SeededAccount;
  let admin: Profile;
  let foreign: SeededAccount;
  let revokedKeyId: string;
  let keyHashes: string[];

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db);
    seeded = await seedAccount(db.prisma, {
      admin: "SUPER_ADMIN",
      userAdmin: "USER_ADMIN",
      billing: "BILLING_ADMIN",
      user: "USER",
    });
    admin = seeded.profiles.admin!;
    foreign = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
    // 2 500 events: three pages of 1 000, so paging and page boundaries are exercised.
    await appendAuditEvents(db.prisma, seeded.accountId, 2500, (index) => ({
      action: index % 2 === 0 ? "test.even" : "test.odd",
      targetId: `t-${index}`,
      data: { index, note: index === 7 ? '=HYPERLINK("x"),"quoted"\nline' : "plain" },
    }));
    await appendAuditEvents(db.prisma, foreign.accountId, 3, () => ({ action: "test.foreign" }));
    const owner = seeded.profiles.user!;
    const active = await seedKey(db.prisma, { accountId: seeded.accountId, ownerId: owner.id });
    await db.prisma.apiKey.update({
      where: { id: active.key.id },
      data: { name: '=cmd|"/c calc"!A1, with "quotes"\nand a newline' },
    });
    const revoked = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: owner.id,
      status: "REVOKED",
    });
    revokedKeyId = revoked.key.id;
    await db.prisma.apiKey.update({ where: { id: revokedKeyId }, data: { revocationCause: "MANUAL" } });
    const service = await db.prisma.profile.create({
      data: { accountId: seeded.accountId, kind: "SERVICE_ACCOUNT", displayName: "ci" },
    });
    await seedKey(db.prisma, { accountId: seeded.accountId, ownerId: service.id, environment: "PRODUCTION" });
    await seedKey(db.prisma, { accountId: foreign.accountId, ownerId: foreign.profiles.admin!.id });
    keyHashes = (await db.prisma.apiKey.findMany({ select: { hash: true } })).flatMap((key) =>
      key.hash ? [key.hash] : [],
    );
  });
  afterAll(async () => {
    await db.close();
  });

  async function exportAs(viewer: Profile, document: string, input: Record<string, unknown>) {
    const result = await harness.run(document, sessionViewer(viewer), { input });
    expect(result.errors).toBeUndefined();
    const payload = Object.values(result.data ?? {})[0] as {
      __typename: string;
      receipt: Receipt;
      downloadUrl: string;
    };
    expect(payload.__typename).toBe("ExportPayload");
    return payload;
  }

  const rawId = (globalId: string) => fromGlobalId(globalId).id;

  it.each(["CSV", "JSON"])(
    "exports the audit log as %s, and the download matches the receipt byte for byte",
    async (format) => {
      const events = await db.prisma.auditEvent.count({ where: { accountId: seeded.accountId } });
      const { receipt, downloadUrl } = await exportAs(admin, exportAuditLog, { format });
      expect(receipt).toMatchObject({ kind: "AUDIT_LOG", format, rowCount: events, filters: "{}" });
      expect(receipt.filename).toMatch(
        new RegExp(`^keyward-audit-log-\\d{8}T\\d{6}Z-[0-9a-f]{6}\\.${format.toLowerCase()}$`),
      );
      expect(downloadUrl).toMatch(
        new RegExp(`^/v1/exports/${rawId(receipt.id)}\\?expires=\\d+&signature=[0-9a-f]{64}$`),
      );

      const bytes = await downloadExport(db.prisma, rawId(receipt.id));
      expect(sha256Of(bytes)).toBe(receipt.sha256);
      expect(bytes.length).toBe(receipt.byteSize);
      const text = bytes.toString("utf8");
      if (format === "JSON") {
        const rows = JSON.parse(text) as Array<{ seq: number; data: { index: number } }>;
        expect(rows).toHaveLength(events);
        expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: events }, (_, index) => index + 1));
        expect(rows[7]?.data).toEqual({ index: 7, note: '=HYPERLINK("x"),"quoted"\nline' });
      } else {
        expect(
          text.startsWith(
            "seq,occurredAt,action,actorKind,actorId,viaKeyId,targetType,targetId,cause,ip,data,prevHash,hash\r\n",
          ),
        ).toBe(true);
        // Quotes doubled, the newline kept inside the quoted field, one record per row.
        expect(text).toContain(`"{""index"":7,""note"":""=HYPERLINK(\\""x\\""),\\""quoted\\""\\nline""}"`);
        expect(text.split("\r\n").filter(Boolean)).toHaveLength(events + 1);
      }
      // The export itself is audited, after its snapshot: downloading again gives the same bytes.
      await appendAuditEvents(db.prisma, seeded.accountId, 5, () => ({ action: "test.later" }));
      expect(sha256Of(await downloadExport(db.prisma, rawId(receipt.id)))).toBe(receipt.sha256);
      const audited = await db.prisma.auditEvent.findFirst({
        where: { accountId: seeded.accountId, action: "auditLog.exported", targetId: rawId(receipt.id) },
      });
      expect(audited?.data).toMatchObject({ sha256: receipt.sha256, rowCount: events });
    },
  );

  it("respects audit-log filters and keeps them on the receipt", async () => {
    const { receipt } = await exportAs(admin, exportAuditLog, {
      format: "JSON",
      filter: { action: "test.even", since: "2026-02-01T00:00:10Z", until: "2026-02-01T00:00:20Z" },
    });
    const rows = JSON.parse((await downloadExport(db.prisma, rawId(receipt.id))).toString()) as Array<{
      action: string;
      targetId: string;
    }>;
    expect(rows.map((row) => row.targetId)).toEqual(["t-10", "t-12", "t-14", "t-16", "t-18"]);
    expect(receipt.rowCount).toBe(5);
    expect(JSON.parse(receipt.filters)).toEqual({
      action: "test.even",
      since: "2026-02-01T00:00:10.000Z",
      until: "2026-02-01T00:00:20.000Z",
    });
  });

  it.each(["CSV", "JSON"])(
    "exports the key registry as %s without hashes, stored as it was",
    async (format) => {
      const { receipt } = await exportAs(seeded.profiles.userAdmin!, exportKeyRegistry, { format });
      expect(receipt).toMatchObject({ kind: "KEY_REGISTRY", rowCount: 3 });
      const bytes = await downloadExport(db.prisma, rawId(receipt.id));
      expect(sha256Of(bytes)).toBe(receipt.sha256);
      const text = bytes.toString("utf8");
      for (const hash of keyHashes) expect(text).not.toContain(hash);
      expect(text).not.toMatch(/\bhash\b/i);
      if (format === "CSV") {
        expect(text.split("\r\n")[0]).toBe(
          "id,name,ownerEmail,displayHint,status,environment,module,permissions,scopes,createdAt,expiresAt,lastUsedAt,revokedAt,revocationCause",
        );
        // A formula-looking name is neutralised for spreadsheets and quoted for its comma, quotes and newline.
        expect(text).toContain(`"'=cmd|""/c calc""!A1, with ""quotes""\nand a newline"`);
        expect(text).toContain("READ WRITE,runs:write");
      } else {
        const rows = JSON.parse(text) as Array<Record<string, unknown>>;
        expect(Object.keys(rows[0] ?? {})).toEqual([
          "id",
          "name",
          "ownerEmail",
          "displayHint",
          "status",
          "environment",
          "module",
          "permissions",
          "scopes",
          "createdAt",
          "expiresAt",
          "lastUsedAt",
          "revokedAt",
          "revocationCause",
        ]);
        expect(rows.map((row) => row.ownerEmail)).toContain(null);
        expect(rows.find((row) => row.id === revokedKeyId)).toMatchObject({
          status: "REVOKED",
          revocationCause: "MANUAL",
        });
      }
      // Keys change after the export; the file does not.
      await db.prisma.apiKey.updateMany({
        where: { accountId: seeded.accountId, status: "ACTIVE" },
        data: { lastUsedAt: new Date("2026-03-01T11:00:00Z") },
      });
      expect(sha256Of(await downloadExport(db.prisma, rawId(receipt.id)))).toBe(receipt.sha256);
    },
  );

  it("respects key-registry filters", async () => {
    const { receipt } = await exportAs(admin, exportKeyRegistry, {
      format: "JSON",
      filter: { status: ["REVOKED"] },
    });
    const rows = JSON.parse((await downloadExport(db.prisma, rawId(receipt.id))).toString()) as Array<{
      id: string;
    }>;
    expect(rows.map((row) => row.id)).toEqual([revokedKeyId]);
    expect(JSON.parse(receipt.filters)).toEqual({ status: ["REVOKED"] });

    const production = await exportAs(admin, exportKeyRegistry, {
      format: "CSV",
      filter: { environment: ["PRODUCTION"] },
    });
    expect(production.receipt.rowCount).toBe(1);
  });

  it("selects the same keys as the apiKeys query for the same filter", async () => {
    const filter = { status: ["ACTIVE"], ownerId: toGlobalId("Profile", seeded.profiles.user!.id) };
    const listed = await harness.run(
      `query($filter: ApiKeyFilter) { apiKeys(filter: $filter, first: 50) { edges { node { id } } } }`,
      sessionViewer(admin),
      { filter },
    );
    expect(listed.errors).toBeUndefined();
    const listedIds = (listed.data!.apiKeys as { edges: Array<{ node: { id: string } }> }).edges
      .map((edge) => rawId(edge.node.id))
      .sort();
    const { receipt } = await exportAs(admin, exportKeyRegistry, { format: "JSON", filter });
    const rows = JSON.parse((await downloadExport(db.prisma, rawId(receipt.id))).toString()) as Array<{
      id: string;
    }>;
    expect(rows.map((row) => row.id).sort()).toEqual(listedIds);
    expect(listedIds).toHaveLength(1);
    expect(JSON.parse(receipt.filters)).toEqual({ status: ["ACTIVE"], ownerId: seeded.profiles.user!.id });
  });

  it("pages through a registry larger than one page", async () => {
    const big = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
    await db.prisma.apiKey.createMany({
      data: Array.from({ length: 1201 }, (_, index) => ({
        accountId: big.accountId,
        ownerId: big.profiles.admin!.id,
        name: `bulk ${index}`,
        environment: "DEVELOPMENT" as const,
        module: "SANDBOX" as const,
        permissions: ["READ" as const],
        status: "ACTIVE" as const,
        hash: sha256Of(Buffer.from(`${big.accountId}-${index}`)),
      })),
    });
    const { receipt } = await exportAs(big.profiles.admin!, exportKeyRegistry, { format: "JSON" });
    expect(receipt.rowCount).toBe(1201);
    const bytes = await downloadExport(db.prisma, rawId(receipt.id));
    expect(sha256Of(bytes)).toBe(receipt.sha256);
    const rows = JSON.parse(bytes.toString()) as Array<{ id: string }>;
    expect(new Set(rows.map((row) => row.id)).size).toBe(1201);
    expect(await db.prisma.exportChunk.count({ where: { receiptId: rawId(receipt.id) } })).toBe(4);
  });

  it("exports an empty selection as a valid file", async () => {
    const json = await exportAs(admin, exportAuditLog, {
      format: "JSON",
      filter: { action: "nothing.matches" },
    });
    expect((await downloadExport(db.prisma, rawId(json.receipt.id))).toString()).toBe("[]\n");
    const csv = await exportAs(admin, exportKeyRegistry, {
      format: "CSV",
      filter: { search: "no such key" },
    });
    expect(csv.receipt.rowCount).toBe(0);
    expect((await downloadExport(db.prisma, rawId(csv.receipt.id))).toString().split("\r\n")).toHaveLength(2);
  });

  it("refuses exports to a user, a billing_admin, a key without ADMIN and anonymous callers", async () => {
    const readKey = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: admin.id,
      permissions: ["READ", "WRITE"],
    });
    const callers = [
      sessionViewer(seeded.profiles.user!),
      sessionViewer(seeded.profiles.billing!),
      keyViewer(admin, readKey.key),
    ];
    for (const viewer of callers) {
      for (const document of [exportAuditLog, exportKeyRegistry]) {
        const result = await harness.run(document, viewer, { input: { format: "CSV" } });
        expect(errorCodesOf(result)).toEqual(["FORBIDDEN"]);
      }
    }
    const anonymous = await harness.run(exportAuditLog, null, { input: { format: "CSV" } });
    expect(errorCodesOf(anonymous)).toEqual(["UNAUTHENTICATED"]);
    await db.prisma.apiKey.delete({ where: { id: readKey.key.id } });
  });

  it("lets an admin's key with ADMIN export", async () => {
    const adminKey = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: admin.id,
      permissions: ["READ", "ADMIN"],
    });
    const result = await harness.run(exportAuditLog, keyViewer(admin, adminKey.key), {
      input: { format: "CSV", filter: { action: "test.odd" } },
    });
    expect(result.data?.exportAuditLog).toMatchObject({
      __typename: "ExportPayload",
      receipt: { rowCount: 1250 },
    });
    await db.prisma.apiKey.delete({ where: { id: adminKey.key.id } });
  });

  it("looks receipts up, shows billing_admin no creator or link, and hides them from other accounts", async () => {
    const { receipt } = await exportAs(admin, exportKeyRegistry, { format: "CSV" });
    const lookup = `query($id: ID!) {
      exportReceipt(id: $id) { id sha256 filename }
      latestExportReceipt(kind: KEY_REGISTRY) { id }
      exportReceipts(first: 2) { edges { node { id } } }
    }`;
    const own = await harness.run(lookup, sessionViewer(seeded.profiles.billing!), { id: receipt.id });
    expect(own.errors).toBeUndefined();
    expect(own.data).toMatchObject({
      exportReceipt: { id: receipt.id, sha256: receipt.sha256, filename: receipt.filename },
      latestExportReceipt: { id: receipt.id },
      exportReceipts: { edges: [{ node: { id: receipt.id } }, expect.anything()] },
    });
    const details = await harness.run(
      `query($id: ID!) { exportReceipt(id: $id) { createdBy { id } downloadUrl } }`,
      sessionViewer(seeded.profiles.billing!),
      { id: receipt.id },
    );
    expect(errorCodesOf(details)).toEqual(["FORBIDDEN", "FORBIDDEN"]);
    const adminDetails = await harness.run(
      `query($id: ID!) { exportReceipt(id: $id) { createdBy { id } downloadUrl availableUntil } }`,
      sessionViewer(admin),
      { id: receipt.id },
    );
    expect(adminDetails.data?.exportReceipt).toMatchObject({
      createdBy: { id: toGlobalId("Profile", admin.id) },
      downloadUrl: expect.stringMatching(/^\/v1\/exports\//),
    });

    const other = await harness.run(lookup, sessionViewer(foreign.profiles.admin!), { id: receipt.id });
    expect(other.errors).toBeUndefined();
    expect(other.data).toEqual({
      exportReceipt: null,
      latestExportReceipt: null,
      exportReceipts: { edges: [] },
    });
    const node = await harness.run(
      `query($id: ID!) { node(id: $id) { id } }`,
      sessionViewer(foreign.profiles.admin!),
      {
        id: receipt.id,
      },
    );
    expect(node.data).toEqual({ node: null });

    const user = await harness.run(lookup, sessionViewer(seeded.profiles.user!), { id: receipt.id });
    expect(errorCodesOf(user)).toEqual(["FORBIDDEN", "FORBIDDEN", "FORBIDDEN"]);
  });

  it("checks a file against its receipt, audited, and answers another account NOT_FOUND", async () => {
    const { receipt } = await exportAs(admin, exportAuditLog, {
      format: "CSV",
      filter: { action: "test.odd" },
    });
    const verify = `mutation($input: VerifyExportFileInput!) {
      verifyExportFile(input: $input) {
        __typename
        ... on VerifyExportFilePayload { matches receipt { id } }
        ... on KeywardError { code }
      }
    }`;
    const bytes = await downloadExport(db.prisma, rawId(receipt.id));
    const good = await harness.run(verify, sessionViewer(seeded.profiles.billing!), {
      input: { receiptId: receipt.id, sha256: sha256Of(bytes).toUpperCase() },
    });
    expect(good.data?.verifyExportFile).toEqual({
      __typename: "VerifyExportFilePayload",
      matches: true,
      receipt: { id: receipt.id },
    });
    const altered = Buffer.concat([bytes, Buffer.from("x")]);
    const bad = await harness.run(verify, sessionViewer(admin), {
      input: { receiptId: receipt.id, sha256: sha256Of(altered) },
    });
    expect(bad.data?.verifyExportFile).toMatchObject({ matches: false });
    const malformed = await harness.run(verify, sessionViewer(admin), {
      input: { receiptId: receipt.id, sha256: "not-a-hash" },
    });
    expect(malformed.data?.verifyExportFile).toEqual({
      __typename: "KeywardError",
      code: "VALIDATION_FAILED",
    });
    const foreignResult = await harness.run(verify, sessionViewer(foreign.profiles.admin!), {
      input: { receiptId: receipt.id, sha256: receipt.sha256 },
    });
    expect(foreignResult.data?.verifyExportFile).toEqual({ __typename: "KeywardError", code: "NOT_FOUND" });
    const checks = await db.prisma.auditEvent.findMany({
      where: { action: "export.verified", targetId: rawId(receipt.id) },
      orderBy: { seq: "asc" },
    });
    expect(checks.map((event) => (event.data as { matches: boolean }).matches)).toEqual([true, false]);
    const denied = await harness.run(verify, sessionViewer(seeded.profiles.user!), {
      input: { receiptId: receipt.id, sha256: receipt.sha256 },
    });
    expect(errorCodesOf(denied)).toEqual(["FORBIDDEN"]);
  });

  it("never completes the download of an audit export whose rows were edited", async () => {
    const other = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
    await appendAuditEvents(db.prisma, other.accountId, 1200, (index) => ({ action: "x", data: { index } }));
    const { receipt } = await exportAs(other.profiles.admin!, exportAuditLog, { format: "CSV" });
    await db.sql.withConnection(async (connection) => {
      await connection.exec("SET session_replication_role = replica");
      await connection.query(`UPDATE "AuditEvent" SET action = 'y' WHERE "accountId" = $1 AND seq = 3`, [
        other.accountId,
      ]);
      await connection.exec("SET session_replication_role = DEFAULT");
    });
    const download = await openExportDownload(db.prisma, rawId(receipt.id));
    if (download.status !== "OK") throw new Error("expected a download");
    const received: Buffer[] = [];
    await expect(
      (async () => {
        for await (const part of download.parts) received.push(part);
      })(),
    ).rejects.toBeInstanceOf(ExportIntegrityError);
    expect(Buffer.concat(received).length).toBeLessThan(receipt.byteSize);
  });
});
