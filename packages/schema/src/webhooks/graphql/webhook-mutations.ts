import { DomainError } from "../../errors/index.ts";
import type { WebhookEndpoint } from "../../generated/prisma/client.ts";
import { actorFrom } from "../../graphql/actor.ts";
import { builder } from "../../graphql/builder.ts";
import { decodeOwnGlobalId } from "../../graphql/global-ids.ts";
import { peopleAdminRoles } from "../../identity/roles.ts";
import { createWebhookEndpoint, deleteWebhookEndpoint } from "../webhook-endpoints.ts";
import { WebhookEndpointRef } from "./webhook-types.ts";

const CreatedWebhookEndpointRef = builder
  .objectRef<{ endpoint: WebhookEndpoint; secret: string }>("CreatedWebhookEndpoint")
  .implement({
    fields: (t) => ({
      endpoint: t.field({ type: WebhookEndpointRef, resolve: (created) => created.endpoint }),
      secret: t.exposeString("secret", {
        description: "The signing secret (HMAC-SHA256 key of Keyward-Signature). Shown once: store it now.",
      }),
    }),
  });

const DeletedWebhookEndpointRef = builder.objectRef<{ id: string }>("DeletedWebhookEndpoint").implement({
  fields: (t) => ({
    deletedId: t.globalID({ resolve: (deleted) => ({ type: "WebhookEndpoint", id: deleted.id }) }),
  }),
});

const CreateWebhookEndpointInput = builder.inputType("CreateWebhookEndpointInput", {
  fields: (t) => ({
    url: t.string({ required: true }),
    events: t.stringList({ description: "Event types to receive (see webhookEventTypes); none = all." }),
  }),
});

const DeleteWebhookEndpointInput = builder.inputType("DeleteWebhookEndpointInput", {
  fields: (t) => ({ id: t.globalID({ required: true }) }),
});

const errors = (name: string) => ({ types: [DomainError], directResult: true as const, union: { name } });

builder.mutationFields((t) => ({
  createWebhookEndpoint: t.field({
    type: CreatedWebhookEndpointRef,
    errors: errors("CreateWebhookEndpointResult"),
    description: "Admin: adds a receiver of signed key-lifecycle events; returns its secret once.",
    args: { input: t.arg({ type: CreateWebhookEndpointInput, required: true }) },
    authScopes: { roles: peopleAdminRoles },
    resolve: (_root, { input }, context) =>
      createWebhookEndpoint(context, actorFrom(context), { url: input.url, events: input.events ?? [] }),
  }),
  deleteWebhookEndpoint: t.field({
    type: DeletedWebhookEndpointRef,
    errors: errors("DeleteWebhookEndpointResult"),
    description: "Admin: removes an endpoint and its delivery log.",
    args: { input: t.arg({ type: DeleteWebhookEndpointInput, required: true }) },
    authScopes: { roles: peopleAdminRoles },
    resolve: async (_root, { input }, context) => ({
      id: await deleteWebhookEndpoint(
        context,
        actorFrom(context),
        decodeOwnGlobalId(input.id, "WebhookEndpoint"),
      ),
    }),
  }),
}));
