import type { ExportFormat, Prisma } from "../../generated/prisma/client.ts";
import { type KeyRegistryFilter, keyRegistryWhere } from "../../keys/key-registry-where.ts";
import { type AuditFilter, auditEventWhere } from "../audit-filter.ts";
import { createEncoder, type ExportEncoder } from "./export-encoding.ts";
import { auditLogTable, keyRegistryTable, type RegistryRow, registrySelect } from "./export-tables.ts";

/** Rows are read and written in pages of this many: memory stays flat whatever the export's size. */
export const EXPORT_PAGE_SIZE = 1000;

/** Everything that decides an export's bytes. */
export type ExportSpec =
  | {
      kind: "AUDIT_LOG";
      format: ExportFormat;
      accountId: string;
      filter: AuditFilter;
      /** The last seq when the export was taken (null: the log was empty). */
      snapshotSeq: number | null;
    }
  | {
      kind: "KEY_REGISTRY";
      format: ExportFormat;
      accountId: string;
      filter: KeyRegistryFilter;
      snapshotAt: Date;
    };

/** One part of a file: the header, a page of rows, or the footer. */
export interface ExportPart {
  bytes: Buffer;
  rowCount: number;
}

type Reader = Prisma.TransactionClient;

async function* auditLogPages(db: Reader, spec: Extract<ExportSpec, { kind: "AUDIT_LOG" }>) {
  const snapshotSeq = spec.snapshotSeq;
  if (snapshotSeq === null) return;
  let after = 0;
  for (;;) {
    // Keyset paging on seq: each page is one indexed range scan, however deep the export.
    const page = await db.auditEvent.findMany({
      where: {
        AND: [auditEventWhere(spec.accountId, spec.filter), { seq: { gt: after, lte: snapshotSeq } }],
      },
      orderBy: { seq: "asc" },
      take: EXPORT_PAGE_SIZE,
    });
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (!last || page.length < EXPORT_PAGE_SIZE) return;
    after = last.seq;
  }
}

async function* keyRegistryPages(
  db: Reader,
  spec: Extract<ExportSpec, { kind: "KEY_REGISTRY" }>,
): AsyncGenerator<RegistryRow[]> {
  let after: string | null = null;
  for (;;) {
    const page: RegistryRow[] = await db.apiKey.findMany({
      where: {
        AND: [
          keyRegistryWhere(spec.accountId, spec.filter, spec.snapshotAt),
          ...(after ? [{ id: { gt: after } }] : []),
        ],
      },
      orderBy: { id: "asc" },
      take: EXPORT_PAGE_SIZE,
      select: registrySelect,
    });
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (!last || page.length < EXPORT_PAGE_SIZE) return;
    after = last.id;
  }
}

async function* encodeParts<Row>(
  pages: AsyncIterable<Row[]>,
  encoder: ExportEncoder<Row>,
): AsyncGenerator<ExportPart> {
  yield { bytes: Buffer.from(encoder.header(), "utf8"), rowCount: 0 };
  let written = 0;
  for await (const rows of pages) {
    yield { bytes: Buffer.from(encoder.page(rows, written), "utf8"), rowCount: rows.length };
    written += rows.length;
  }
  const footer = encoder.footer(written);
  if (footer) yield { bytes: Buffer.from(footer, "utf8"), rowCount: 0 };
}

/** The file of an export, part by part, read from the database in pages. */
export function exportParts(db: Reader, spec: ExportSpec): AsyncGenerator<ExportPart> {
  if (spec.kind === "AUDIT_LOG") {
    return encodeParts(auditLogPages(db, spec), createEncoder(spec.format, auditLogTable));
  }
  return encodeParts(
    keyRegistryPages(db, spec),
    createEncoder(spec.format, keyRegistryTable(spec.snapshotAt)),
  );
}

export const exportContentTypes: Record<ExportFormat, string> = {
  CSV: "text/csv; charset=utf-8",
  JSON: "application/json; charset=utf-8",
};

export const exportExtensions: Record<ExportFormat, string> = { CSV: "csv", JSON: "json" };
