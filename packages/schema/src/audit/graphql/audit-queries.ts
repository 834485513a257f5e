import { parseInput } from "../../errors/index.ts";
import { builder } from "../../graphql/builder.ts";
import { asQueryError } from "../../graphql/query-errors.ts";
import { keyAuditorRoles, peopleAdminRoles } from "../../identity/roles.ts";
import { type AuditFilter, auditEventWhere, auditFilterInput } from "../audit-filter.ts";
import { verifyAuditChain } from "../verify-audit-chain.ts";
import { AuditChainStatusRef, AuditEventRef } from "./audit-event-type.ts";

export const AuditEventFilterInput = builder.inputType("AuditEventFilter", {
  fields: (t) => ({
    action: t.string({ description: "Exact action, e.g. apiKey.revoked." }),
    actorId: t.globalID({ description: "The profile who acted (super_admin and user_admin only)." }),
    targetType: t.string({ description: "e.g. ApiKey, Profile, ExportReceipt." }),
    targetId: t.string({ description: "The raw id of the target, as shown on AuditEvent.targetId." }),
    since: t.field({ type: "DateTime", description: "Inclusive." }),
    until: t.field({ type: "DateTime", description: "Exclusive." }),
  }),
});

type FilterInput = typeof AuditEventFilterInput.$inferInput;

/** The GraphQL filter with raw ids. An id of another type matches nothing (no profile id is empty). */
export function auditFilterFrom(filter: FilterInput | null | undefined): AuditFilter {
  if (!filter) return {};
  const { actorId, ...rest } = filter;
  if (!actorId) return { ...rest, actorId: null };
  return { ...rest, actorId: actorId.typename === "Profile" ? actorId.id : "" };
}

/** The query's where clause: an invalid filter is a coded VALIDATION_FAILED, never a database error. */
function auditEventsWhere(accountId: string, filter: FilterInput | null | undefined) {
  try {
    return auditEventWhere(accountId, parseInput(auditFilterInput, auditFilterFrom(filter)));
  } catch (error) {
    return asQueryError(error);
  }
}

builder.queryFields((t) => ({
  auditEvents: t.prismaConnection({
    type: AuditEventRef,
    cursor: "accountId_seq",
    maxSize: 500,
    defaultSize: 50,
    description: "Admin: the account's audit log, newest first.",
    // Filtering by actor reveals who did what: only for those who may see actors.
    authScopes: (_root, args) => ({ roles: args.filter?.actorId ? peopleAdminRoles : keyAuditorRoles }),
    args: { filter: t.arg({ type: AuditEventFilterInput }) },
    resolve: (query, _root, args, context) =>
      context.prisma.auditEvent.findMany({
        ...query,
        where: auditEventsWhere(context.viewer?.accountId ?? "", args.filter),
        orderBy: { seq: "desc" },
      }),
    totalCount: (_root, args, context) =>
      context.prisma.auditEvent.count({
        where: auditEventsWhere(context.viewer?.accountId ?? "", args.filter),
      }),
  }),
  auditChainStatus: t.field({
    type: AuditChainStatusRef,
    description: "Admin: verifies the account's whole audit chain now.",
    authScopes: { roles: keyAuditorRoles },
    resolve: async (_root, _args, context) => {
      const status = await verifyAuditChain(context.prisma, context.viewer?.accountId ?? "");
      return status.valid
        ? { valid: true, events: status.events, brokenAtSeq: null, reason: null, lastHash: status.lastHash }
        : { ...status, lastHash: null };
    },
  }),
}));
