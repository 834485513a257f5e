import { WebhookDeliveryStatus } from "../../generated/prisma/enums.ts";
import { builder } from "../../graphql/builder.ts";
import { peopleAdminRoles } from "../../identity/roles.ts";

// Webhooks carry every key's lifecycle (owners, causes): super_admin and user_admin only.
export const webhookAdmins = (accountId: string) => ({
  $all: { account: accountId, roles: peopleAdminRoles },
});

export const WebhookDeliveryStatusEnum = builder.enumType(WebhookDeliveryStatus, {
  name: "WebhookDeliveryStatus",
});

/** One delivery of one event to one endpoint, with its retries. */
export const WebhookDeliveryRef = builder.prismaNode("WebhookDelivery", {
  id: { field: "id" },
  // Another account's id loads as null: "not found", exactly like a missing one.
  nullable: true,
  findUnique: (id, context) => ({ id, endpoint: { accountId: context.viewer?.accountId ?? "" } }),
  include: { endpoint: { select: { accountId: true } } },
  authScopes: (delivery) => webhookAdmins(delivery.endpoint.accountId),
  fields: (t) => ({
    event: t.exposeString("event"),
    payload: t.string({
      description: "The JSON body sent (signed at each attempt).",
      resolve: (d) => JSON.stringify(d.payload),
    }),
    status: t.expose("status", { type: WebhookDeliveryStatusEnum }),
    attempts: t.exposeInt("attempts"),
    nextAttemptAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "When the next attempt is due (PENDING only).",
      resolve: (delivery) => (delivery.status === "PENDING" ? delivery.nextAttemptAt : null),
    }),
    lastError: t.exposeString("lastError", { nullable: true }),
    responseStatus: t.exposeInt("responseStatus", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    deliveredAt: t.expose("deliveredAt", { type: "DateTime", nullable: true }),
  }),
});

/** A receiver of signed key-lifecycle events. Its signing secret is never readable. */
export const WebhookEndpointRef = builder.prismaNode("WebhookEndpoint", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, context) => ({ id, accountId: context.viewer?.accountId ?? "" }),
  authScopes: (endpoint) => webhookAdmins(endpoint.accountId),
  fields: (t) => ({
    url: t.exposeString("url"),
    events: t.exposeStringList("events", { description: "Subscribed event types; empty = all." }),
    active: t.exposeBoolean("active"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    deliveries: t.relatedConnection("deliveries", {
      cursor: "id",
      maxSize: 200,
      defaultSize: 25,
      query: { orderBy: [{ createdAt: "desc" }, { id: "desc" }] },
    }),
  }),
});
