import { z } from "zod";
import { Environment, ExportFormat, KeyModule } from "../../generated/prisma/enums.ts";
import { keyStatusValues } from "../../keys/key-status.ts";
import { type AuditFilter, auditFilterInput } from "../audit-filter.ts";

export const auditLogExportInput = z.object({
  format: z.enum(ExportFormat),
  filter: auditFilterInput.nullish(),
});

/** The registry filters of the `apiKeys` query, with the owner as a raw profile id. */
export const keyRegistryFilterInput = z.object({
  search: z.string().trim().max(100).nullish(),
  status: z.array(z.enum(keyStatusValues)).max(keyStatusValues.length).nullish(),
  ownerId: z.string().min(1).max(100).nullish(),
  environment: z.array(z.enum(Environment)).max(4).nullish(),
  module: z.array(z.enum(KeyModule)).max(20).nullish(),
});

export const keyRegistryExportInput = z.object({
  format: z.enum(ExportFormat),
  filter: keyRegistryFilterInput.nullish(),
});

/** Filters as kept on the receipt: only what was set, dates as ISO strings. */
export function storedFilters(filter: object | null | undefined): Record<string, unknown> {
  const stored: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(filter ?? {})) {
    if (value === null || value === undefined || value === "") continue;
    if (Array.isArray(value) && value.length === 0) continue;
    stored[name] = value instanceof Date ? value.toISOString() : value;
  }
  return stored;
}

const storedAuditFilter = z.object({
  action: z.string().optional(),
  actorId: z.string().optional(),
  targetType: z.string().optional(),
  targetId: z.string().optional(),
  since: z.iso.datetime().optional(),
  until: z.iso.datetime().optional(),
});

/** Reads an audit-log receipt's filters back, to re-read the same rows for a download. */
export function auditFilterFromStored(stored: unknown): AuditFilter {
  const filter = storedAuditFilter.parse(stored);
  return {
    ...filter,
    since: filter.since ? new Date(filter.since) : undefined,
    until: filter.until ? new Date(filter.until) : undefined,
  };
}
