import { createHash } from "node:crypto";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.ts";
import { auditEventHash, GENESIS_HASH } from "../audit-hash.ts";
import { openExportDownload } from "../exports/export-download.ts";

/**
 * Appends `count` chained events in one statement (recordAuditEvent writes one at a time, which
 * is too slow to build logs of thousands of rows in tests).
 */
export async function appendAuditEvents(
  prisma: PrismaClient,
  accountId: string,
  count: number,
  event: (index: number) => { action: string; targetId?: string; data?: Record<string, unknown> },
  start = new Date("2026-02-01T00:00:00Z"),
): Promise<void> {
  const last = await prisma.auditEvent.findFirst({ where: { accountId }, orderBy: { seq: "desc" } });
  let prevHash = last?.hash ?? GENESIS_HASH;
  let seq = last?.seq ?? 0;
  const rows: Prisma.AuditEventCreateManyInput[] = [];
  for (let index = 0; index < count; index++) {
    seq += 1;
    const entry = event(index);
    const fields = {
      accountId,
      seq,
      actorId: null,
      actorKind: "SYSTEM",
      viaKeyId: null,
      action: entry.action,
      targetType: "Test",
      targetId: entry.targetId ?? null,
      cause: null,
      data: entry.data ?? {},
      ip: null,
      occurredAt: new Date(start.getTime() + index * 1000),
    };
    const hash = auditEventHash(prevHash, fields);
    rows.push({ ...fields, data: fields.data as Prisma.InputJsonObject, prevHash, hash });
    prevHash = hash;
  }
  await prisma.auditEvent.createMany({ data: rows });
}

/** Downloads a receipt's file through the same path the HTTP route uses. */
export async function downloadExport(prisma: PrismaClient, receiptId: string): Promise<Buffer> {
  const download = await openExportDownload(prisma, receiptId);
  if (download.status !== "OK") throw new Error(`download ${download.status}`);
  const parts: Buffer[] = [];
  for await (const part of download.parts) parts.push(part);
  return Buffer.concat(parts);
}

export const sha256Of = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
