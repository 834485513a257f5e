import { z } from "zod";
import { hasControlCharacter } from "../database/control-characters.ts";
import type { Prisma } from "../generated/prisma/client.ts";

// PostgreSQL text cannot hold NUL: a filter carrying control characters matches nothing a user
// could have written and would fail the query, so it is refused as invalid.
const filterText = (max: number, trim = false) =>
  (trim ? z.string().trim() : z.string())
    .min(1)
    .max(max)
    .refine((value) => !hasControlCharacter(value), "must not contain control characters");

/** Filters of the audit log (the `auditEvents` query and audit-log exports). `until` is exclusive. */
export const auditFilterInput = z
  .object({
    action: filterText(100, true).nullish(),
    // "" is what another type's global id becomes: no profile has it, so nothing matches.
    actorId: z.literal("").or(filterText(100)).nullish(),
    targetType: filterText(100, true).nullish(),
    targetId: filterText(200).nullish(),
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
