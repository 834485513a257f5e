import { createHash, randomBytes } from "node:crypto";
import { parseInput } from "../../errors/parse-input.ts";
import type { ExportKind, ExportReceipt, Prisma, PrismaClient } from "../../generated/prisma/client.ts";
import type { Actor } from "../../identity/viewer.ts";
import type { Clock } from "../../runtime/clock.ts";
import { actorOf } from "../audit-actor.ts";
import { recordAuditEvent } from "../record-audit-event.ts";
import { type ExportPart, type ExportSpec, exportExtensions, exportParts } from "./export-file.ts";
import { auditLogExportInput, keyRegistryExportInput, storedFilters } from "./export-input.ts";
import { type ExportLink, signExportLink } from "./export-link.ts";

export interface ExportDependencies {
  prisma: PrismaClient;
  clock: Clock;
  config: { secret: string };
}

export interface CreatedExport {
  receipt: ExportReceipt;
  /** A signed link to download the file (short-lived). */
  link: ExportLink;
}

/** The stored file of a key-registry export is kept this long; its receipt is kept forever. */
export const STORED_EXPORT_RETENTION_DAYS = 7;
const DAY_MS = 86_400_000;
// A key-registry export is written in one transaction (rows, stored pages and receipt commit together).
const KEY_REGISTRY_TRANSACTION_TIMEOUT_MS = 10 * 60_000;

interface Digest {
  sha256: string;
  rowCount: number;
  byteSize: number;
}

/** Hashes and counts a file part by part; `store` keeps each part when the file must be kept. */
async function digestParts(
  parts: AsyncIterable<ExportPart>,
  store?: (part: ExportPart, index: number) => Promise<void>,
): Promise<Digest> {
  const hash = createHash("sha256");
  let rowCount = 0;
  let byteSize = 0;
  let index = 0;
  for await (const part of parts) {
    hash.update(part.bytes);
    rowCount += part.rowCount;
    byteSize += part.bytes.length;
    if (store) await store(part, index);
    index += 1;
  }
  return { sha256: hash.digest("hex"), rowCount, byteSize };
}

function exportFilename(kind: ExportKind, spec: ExportSpec, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const name = kind === "AUDIT_LOG" ? "audit-log" : "key-registry";
  return `keyward-${name}-${stamp}-${randomBytes(3).toString("hex")}.${exportExtensions[spec.format]}`;
}

async function recordExport(tx: Prisma.TransactionClient, actor: Actor, receipt: ExportReceipt, now: Date) {
  await recordAuditEvent(
    tx,
    actorOf(actor, actor.ip),
    {
      action: receipt.kind === "AUDIT_LOG" ? "auditLog.exported" : "keyRegistry.exported",
      targetType: "ExportReceipt",
      targetId: receipt.id,
      data: {
        filename: receipt.filename,
        format: receipt.format,
        filters: receipt.filters,
        rowCount: receipt.rowCount,
        sha256: receipt.sha256,
      },
    },
    now,
  );
}

/**
 * Exports the audit log. The export pins the account's last seq: the log is append-only and
 * hash-chained, so the download re-reads exactly these rows and must hash to the receipt.
 */
export async function exportAuditLog(
  deps: ExportDependencies,
  actor: Actor,
  rawInput: unknown,
): Promise<CreatedExport> {
  const input = parseInput(auditLogExportInput, rawInput);
  const now = deps.clock.now();
  const last = await deps.prisma.auditEvent.findFirst({
    where: { accountId: actor.accountId },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  const spec: ExportSpec = {
    kind: "AUDIT_LOG",
    format: input.format,
    accountId: actor.accountId,
    filter: input.filter ?? {},
    snapshotSeq: last?.seq ?? null,
  };
  const digest = await digestParts(exportParts(deps.prisma, spec));
  const receipt = await deps.prisma.$transaction(async (tx) => {
    const created = await tx.exportReceipt.create({
      data: {
        accountId: actor.accountId,
        kind: "AUDIT_LOG",
        format: input.format,
        filename: exportFilename("AUDIT_LOG", spec, now),
        filters: storedFilters(input.filter) as Prisma.InputJsonObject,
        rowCount: digest.rowCount,
        sha256: digest.sha256,
        byteSize: digest.byteSize,
        snapshotSeq: spec.snapshotSeq,
        createdById: actor.profileId,
        createdAt: now,
      },
    });
    await recordExport(tx, actor, created, now);
    return created;
  });
  return { receipt, link: signExportLink(deps.config.secret, receipt.id, now) };
}

/**
 * Exports the key registry. Keys change after the fact (status, last use), so the file is stored
 * page by page with its receipt, and the download serves those bytes.
 */
export async function exportKeyRegistry(
  deps: ExportDependencies,
  actor: Actor,
  rawInput: unknown,
): Promise<CreatedExport> {
  const input = parseInput(keyRegistryExportInput, rawInput);
  const now = deps.clock.now();
  const spec: ExportSpec = {
    kind: "KEY_REGISTRY",
    format: input.format,
    accountId: actor.accountId,
    filter: input.filter ?? {},
    snapshotAt: now,
  };
  const receipt = await deps.prisma.$transaction(
    async (tx) => {
      const pending = await tx.exportReceipt.create({
        data: {
          accountId: actor.accountId,
          kind: "KEY_REGISTRY",
          format: input.format,
          filename: exportFilename("KEY_REGISTRY", spec, now),
          filters: storedFilters(input.filter) as Prisma.InputJsonObject,
          rowCount: 0,
          sha256: "",
          createdById: actor.profileId,
          createdAt: now,
        },
      });
      const digest = await digestParts(exportParts(tx, spec), async (part, index) => {
        await tx.exportChunk.create({
          data: {
            receiptId: pending.id,
            index,
            rowCount: part.rowCount,
            content: part.bytes.toString("utf8"),
          },
        });
      });
      const created = await tx.exportReceipt.update({
        where: { id: pending.id },
        data: { rowCount: digest.rowCount, sha256: digest.sha256, byteSize: digest.byteSize },
      });
      await tx.exportChunk.deleteMany({
        where: {
          receipt: {
            accountId: actor.accountId,
            createdAt: { lt: new Date(now.getTime() - STORED_EXPORT_RETENTION_DAYS * DAY_MS) },
          },
        },
      });
      await recordExport(tx, actor, created, now);
      return created;
    },
    { timeout: KEY_REGISTRY_TRANSACTION_TIMEOUT_MS, maxWait: 10_000 },
  );
  return { receipt, link: signExportLink(deps.config.secret, receipt.id, now) };
}
