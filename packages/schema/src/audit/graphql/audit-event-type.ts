import { builder } from "../../graphql/builder.ts";
import { ProfileRef } from "../../identity/graphql/profile-type.ts";
import { canonicalJson } from "../audit-hash.ts";
import { auditDetailReaders, auditReaders } from "./audit-rules.ts";

/** One entry of the account's hash-chained audit log. */
export const AuditEventRef = builder.prismaObject("AuditEvent", {
  authScopes: (event) => auditReaders(event.accountId),
  fields: (t) => ({
    id: t.id({ resolve: (event) => event.id.toString() }),
    seq: t.exposeInt("seq", { description: "Position in the account's chain (1, 2, 3, …)." }),
    occurredAt: t.expose("occurredAt", { type: "DateTime" }),
    action: t.exposeString("action"),
    actorKind: t.exposeString("actorKind", { description: "USER, SERVICE_ACCOUNT, API_KEY or SYSTEM." }),
    targetType: t.exposeString("targetType"),
    targetId: t.exposeString("targetId", { nullable: true, description: "The raw id of the target." }),
    prevHash: t.exposeString("prevHash"),
    hash: t.exposeString("hash"),

    actor: t.relation("actor", {
      type: ProfileRef,
      nullable: true,
      authScopes: auditDetailReaders,
      skipTypeScopes: true,
    }),
    viaKeyId: t.exposeString("viaKeyId", {
      nullable: true,
      authScopes: auditDetailReaders,
      description: "The raw id of the API key the actor acted through.",
    }),
    ip: t.exposeString("ip", { nullable: true, authScopes: auditDetailReaders }),
    cause: t.exposeString("cause", { nullable: true, authScopes: auditDetailReaders }),
    data: t.string({
      nullable: true,
      authScopes: auditDetailReaders,
      description: "Details of the change as canonical JSON (sorted keys).",
      resolve: (event) => canonicalJson(event.data),
    }),
  }),
});

export const AuditChainBreakEnum = builder.enumType("AuditChainBreak", {
  values: {
    HASH_MISMATCH: { description: "The event was altered after it was written." },
    MISSING_EVENT: { description: "An event was deleted." },
    LINK_MISMATCH: { description: "The event does not link to the one before it." },
  },
});

export interface AuditChainStatusView {
  valid: boolean;
  events: number;
  brokenAtSeq: number | null;
  reason: "HASH_MISMATCH" | "MISSING_EVENT" | "LINK_MISMATCH" | null;
  lastHash: string | null;
}

export const AuditChainStatusRef = builder.objectRef<AuditChainStatusView>("AuditChainStatus").implement({
  description: "Whether the account's audit chain verifies from its first event to its last.",
  fields: (t) => ({
    valid: t.exposeBoolean("valid"),
    events: t.exposeInt("events", { description: "Events that verified (all of them when valid)." }),
    brokenAtSeq: t.exposeInt("brokenAtSeq", { nullable: true }),
    reason: t.expose("reason", { type: AuditChainBreakEnum, nullable: true }),
    lastHash: t.exposeString("lastHash", { nullable: true, description: "The head of a valid chain." }),
  }),
});
