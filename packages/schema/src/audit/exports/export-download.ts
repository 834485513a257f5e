import { createHash } from "node:crypto";
import type { ExportReceipt, PrismaClient } from "../../generated/prisma/client.ts";
import { STORED_EXPORT_RETENTION_DAYS } from "./create-export.ts";
import { type ExportPart, exportContentTypes, exportParts } from "./export-file.ts";
import { auditFilterFromStored } from "./export-input.ts";

/** The file no longer hashes to its receipt (e.g. someone edited audit rows past the append-only guard). */
export class ExportIntegrityError extends Error {
  constructor(receiptId: string) {
    super(`Export ${receiptId} no longer matches its receipt`);
    this.name = "ExportIntegrityError";
  }
}

export type ExportDownload =
  | { status: "NOT_FOUND" }
  /** A key-registry file past its retention: the receipt remains, the bytes are gone. */
  | { status: "GONE"; receipt: ExportReceipt }
  | {
      status: "OK";
      receipt: ExportReceipt;
      contentType: string;
      /** The file, part by part; throws ExportIntegrityError before the last part if it does not match. */
      parts: AsyncGenerator<Buffer>;
    };

const DAY_MS = 86_400_000;

/** When the file of a receipt stops being downloadable (null: audit logs are re-read, always available). */
export function exportFileAvailableUntil(receipt: Pick<ExportReceipt, "kind" | "createdAt">): Date | null {
  return receipt.kind === "KEY_REGISTRY"
    ? new Date(receipt.createdAt.getTime() + STORED_EXPORT_RETENTION_DAYS * DAY_MS)
    : null;
}

async function* storedParts(prisma: PrismaClient, receiptId: string): AsyncGenerator<ExportPart> {
  // One stored page at a time: memory stays flat whatever the file's size.
  for (let index = 0; ; index++) {
    const chunk = await prisma.exportChunk.findUnique({ where: { receiptId_index: { receiptId, index } } });
    if (!chunk) return;
    yield { bytes: Buffer.from(chunk.content, "utf8"), rowCount: chunk.rowCount };
  }
}

/**
 * Passes the parts through while hashing them and holds the last one back until the whole file
 * is known to match the receipt: a mismatching file never arrives complete.
 */
async function* verifiedParts(
  parts: AsyncIterable<ExportPart>,
  receipt: ExportReceipt,
): AsyncGenerator<Buffer> {
  const hash = createHash("sha256");
  let held: Buffer | null = null;
  let rowCount = 0;
  let byteSize = 0;
  for await (const part of parts) {
    hash.update(part.bytes);
    rowCount += part.rowCount;
    byteSize += part.bytes.length;
    if (held) yield held;
    held = part.bytes;
  }
  const matches =
    hash.digest("hex") === receipt.sha256 &&
    rowCount === receipt.rowCount &&
    BigInt(byteSize) === receipt.byteSize;
  if (!matches) throw new ExportIntegrityError(receipt.id);
  if (held) yield held;
}

/** Opens the file of a receipt for download (the caller has checked the signed link). */
export async function openExportDownload(prisma: PrismaClient, receiptId: string): Promise<ExportDownload> {
  const receipt = await prisma.exportReceipt.findUnique({ where: { id: receiptId } });
  if (!receipt || receipt.sha256 === "") return { status: "NOT_FOUND" };
  let source: AsyncGenerator<ExportPart>;
  if (receipt.kind === "AUDIT_LOG") {
    source = exportParts(prisma, {
      kind: "AUDIT_LOG",
      format: receipt.format,
      accountId: receipt.accountId,
      filter: auditFilterFromStored(receipt.filters),
      snapshotSeq: receipt.snapshotSeq,
    });
  } else {
    const first = await prisma.exportChunk.findFirst({ where: { receiptId }, select: { index: true } });
    if (!first) return { status: "GONE", receipt };
    source = storedParts(prisma, receiptId);
  }
  return {
    status: "OK",
    receipt,
    contentType: exportContentTypes[receipt.format],
    parts: verifiedParts(source, receipt),
  };
}
