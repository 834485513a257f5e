import { builder } from "../../graphql/builder.ts";
import { peopleAdminRoles } from "../../identity/roles.ts";
import { webhookEventTypes } from "../webhook-event-types.ts";
import { WebhookDeliveryRef, WebhookEndpointRef } from "./webhook-types.ts";

builder.queryFields((t) => ({
  webhookEndpoints: t.prismaConnection({
    type: WebhookEndpointRef,
    cursor: "id",
    maxSize: 100,
    defaultSize: 25,
    description: "Admin: the account's webhook endpoints.",
    authScopes: { roles: peopleAdminRoles },
    resolve: (query, _root, _args, context) =>
      context.prisma.webhookEndpoint.findMany({
        ...query,
        where: { accountId: context.viewer?.accountId ?? "" },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      }),
  }),
  webhookDeliveries: t.prismaConnection({
    type: WebhookDeliveryRef,
    cursor: "id",
    maxSize: 200,
    defaultSize: 25,
    nullable: true,
    description: "Admin: the delivery log of one endpoint, newest first (null when it is not the account's).",
    authScopes: { roles: peopleAdminRoles },
    args: { endpointId: t.arg.globalID({ required: true }) },
    resolve: async (query, _root, args, context) => {
      if (args.endpointId.typename !== "WebhookEndpoint") return null;
      const endpoint = await context.prisma.webhookEndpoint.findFirst({
        where: { id: args.endpointId.id, accountId: context.viewer?.accountId ?? "" },
        select: { id: true },
      });
      if (!endpoint) return null;
      return context.prisma.webhookDelivery.findMany({
        ...query,
        where: { endpointId: endpoint.id },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      });
    },
  }),
  webhookEventTypes: t.stringList({
    description: "The event types an endpoint can subscribe to.",
    authScopes: { roles: peopleAdminRoles },
    resolve: () => [...webhookEventTypes],
  }),
}));
