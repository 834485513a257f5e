import { DomainError } from "../../errors/index.ts";
import type { Alert, Prisma } from "../../generated/prisma/client.ts";
import { actorFrom } from "../../graphql/actor.ts";
import { builder } from "../../graphql/builder.ts";
import type { GraphQLContext } from "../../graphql/context.ts";
import { decodeOwnGlobalId } from "../../graphql/global-ids.ts";
import { ViewerRef } from "../../identity/graphql/viewer-query.ts";
import { keyAuditorRoles, peopleAdminRoles } from "../../identity/roles.ts";
import { resolveAlert } from "../alerts.ts";
import { AlertKindEnum, AlertSeverityEnum } from "./policy-enums.ts";

/** Admins who see key metadata see every alert; a profile sees the alerts addressed to it. */
const alertReaders = (alert: Pick<Alert, "accountId" | "profileId">) => ({
  $all: {
    account: alert.accountId,
    $any: alert.profileId ? { roles: keyAuditorRoles, self: alert.profileId } : { roles: keyAuditorRoles },
  },
});

/** A governance alert: policy evaluation or suspicious-activity detection. */
export const AlertRef = builder.prismaNode("Alert", {
  id: { field: "id" },
  // Another account's id loads as null: "not found", exactly like a missing one.
  nullable: true,
  findUnique: (id, context) => ({ id, accountId: context.viewer?.accountId ?? "" }),
  authScopes: (alert) => alertReaders(alert),
  fields: (t) => ({
    kind: t.expose("kind", { type: AlertKindEnum }),
    severity: t.expose("severity", { type: AlertSeverityEnum }),
    message: t.exposeString("message"),
    subject: t.string({
      nullable: true,
      description: "What the alert is about besides the key: an IP, a network.",
      resolve: (alert) => {
        const data = alert.data as Record<string, unknown> | null;
        const subject = data?.subject ?? data?.ip;
        return typeof subject === "string" ? subject : null;
      },
    }),
    apiKey: t.relation("apiKey", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    resolvedAt: t.expose("resolvedAt", { type: "DateTime", nullable: true }),
    resolved: t.boolean({ resolve: (alert) => alert.resolvedAt !== null }),
  }),
});

const newestFirst: Prisma.AlertOrderByWithRelationInput[] = [{ createdAt: "desc" }, { id: "desc" }];

const alertWhere = (accountId: string, unresolvedOnly: boolean): Prisma.AlertWhereInput => ({
  accountId,
  ...(unresolvedOnly ? { resolvedAt: null } : {}),
});

builder.queryField("alerts", (t) =>
  t.prismaConnection({
    type: AlertRef,
    cursor: "id",
    maxSize: 200,
    defaultSize: 50,
    description: "Admin: the account's alerts, newest first.",
    authScopes: { roles: keyAuditorRoles },
    args: { unresolvedOnly: t.arg.boolean({ defaultValue: false, required: true }) },
    resolve: (query, _root, args, context) =>
      context.prisma.alert.findMany({
        ...query,
        where: alertWhere(actorFrom(context).accountId, args.unresolvedOnly),
        orderBy: newestFirst,
      }),
  }),
);

builder.objectField(ViewerRef, "alerts", (t) =>
  t.prismaConnection({
    type: AlertRef,
    cursor: "id",
    maxSize: 200,
    defaultSize: 50,
    description: "Alerts addressed to the caller (about the caller's own keys), newest first.",
    authScopes: (viewer) => ({ self: viewer.profileId }),
    args: { unresolvedOnly: t.arg.boolean({ defaultValue: false, required: true }) },
    resolve: (query, viewer, args, context) =>
      context.prisma.alert.findMany({
        ...query,
        where: { ...alertWhere(viewer.accountId, args.unresolvedOnly), profileId: viewer.profileId },
        orderBy: newestFirst,
      }),
  }),
);

/**
 * An alert is resolved by a people admin or by the profile it is addressed to (a session, or a
 * key with WRITE). An alert of another account (or none) passes here and is "not found" later.
 */
async function alertResolvers(alertId: { typename: string; id: string }, context: GraphQLContext) {
  const accountId = context.viewer?.accountId;
  if (!accountId || alertId.typename !== "Alert") return { authenticated: true };
  const alert = await context.prisma.alert.findFirst({
    where: { id: alertId.id, accountId },
    select: { profileId: true },
  });
  if (!alert) return { authenticated: true };
  return alert.profileId
    ? { $any: { roles: peopleAdminRoles, selfWrite: alert.profileId } }
    : { roles: peopleAdminRoles };
}

const ResolveAlertInput = builder.inputType("ResolveAlertInput", {
  fields: (t) => ({ id: t.globalID({ required: true }) }),
});

const ResolveAlertPayload = builder.objectRef<{ alert: Alert }>("ResolveAlertPayload").implement({
  fields: (t) => ({ alert: t.field({ type: AlertRef, resolve: (payload) => payload.alert }) }),
});

builder.mutationField("resolveAlert", (t) =>
  t.field({
    type: ResolveAlertPayload,
    errors: { types: [DomainError], directResult: true, union: { name: "ResolveAlertResult" } },
    args: { input: t.arg({ type: ResolveAlertInput, required: true }) },
    authScopes: (_root, { input }, context) => alertResolvers(input.id, context),
    resolve: async (_root, { input }, context) => ({
      alert: await resolveAlert(context, actorFrom(context), decodeOwnGlobalId(input.id, "Alert")),
    }),
  }),
);
