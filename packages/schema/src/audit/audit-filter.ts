import { z } from "zod";
import type { Prisma } from "../generated/prisma/client.ts";

/** Filters of the audit log (the `auditEvents` query and audit-log exports). `until` is exclusive. */
export const auditFilterInput = z
  .object({
    action: z.string().trim().min(1).max(100).nullish(),
    actorId: z.string().min(1).max(100).nullish(),
    targetType: z.string().trim().min(1).max(100).nullish(),
    targetId: z.string().min(1).max(200).nullish(),
    since: z.date().nullish(),
    until: z.date().nullish(),
  })
  .refine((filter) => !(filter.since && filter.until && filter.since >= filter.until), {
    message: "`since` must be before `until`",
    path: ["until"],
  });

export type AuditFilter = z.output<typeof auditFilterInput>;

/** The where clause of an account's audit log under a filter. */
export function auditEventWhere(
  accountId: string,
  filter: AuditFilter | null | undefined,
): Prisma.AuditEventWhereInput {
  const occurredAt: Prisma.DateTimeFilter = {};
  if (filter?.since) occurredAt.gte = filter.since;
  if (filter?.until) occurredAt.lt = filter.until;
  const given = (value: string | null | undefined): value is string => value !== null && value !== undefined;
  return {
    accountId,
    ...(given(filter?.action) ? { action: filter.action } : {}),
    ...(given(filter?.actorId) ? { actorId: filter.actorId } : {}),
    ...(given(filter?.targetType) ? { targetType: filter.targetType } : {}),
    ...(given(filter?.targetId) ? { targetId: filter.targetId } : {}),
    ...(filter?.since || filter?.until ? { occurredAt } : {}),
  };
}
