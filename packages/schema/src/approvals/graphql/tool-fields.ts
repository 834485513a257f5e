import { actorFrom } from "../../graphql/actor.ts";
import { builder } from "../../graphql/builder.ts";
import { decodeOwnGlobalId } from "../../graphql/global-ids.ts";
import { ViewerRef } from "../../identity/graphql/viewer-query.ts";
import { catalogueAdminRoles } from "../../identity/roles.ts";
import { ToolRef } from "../../keys/graphql/tool-type.ts";
import { availableToolsWhere, createTool, updateTool } from "../tool-catalogue.ts";
import { given, resultErrors } from "./result-errors.ts";

builder.objectFields(ToolRef, (t) => ({
  createdAt: t.expose("createdAt", { type: "DateTime" }),
}));

const ToolPayloadRef = builder
  .objectRef<{ tool: typeof ToolRef.$inferType }>("ToolPayload")
  .implement({ fields: (t) => ({ tool: t.field({ type: ToolRef, resolve: (payload) => payload.tool }) }) });

const CreateToolInput = builder.inputType("CreateToolInput", {
  fields: (t) => ({
    slug: t.string({
      required: true,
      description: "Lower-case letters, digits and - _ . (unique per account).",
    }),
    displayName: t.string({ required: true }),
    requiresApproval: t.boolean({
      defaultValue: false,
      description: "Production keys need an admin's approval.",
    }),
  }),
});

const UpdateToolInput = builder.inputType("UpdateToolInput", {
  fields: (t) => ({
    id: t.globalID({ required: true }),
    slug: t.string(),
    displayName: t.string(),
    requiresApproval: t.boolean(),
  }),
});

builder.queryField("tools", (t) =>
  t.prismaField({
    type: [ToolRef],
    description: "The organisation's provider catalogue.",
    authScopes: { authenticated: true },
    resolve: (query, _root, _args, context) =>
      context.prisma.tool.findMany({
        ...query,
        where: { accountId: context.viewer?.accountId ?? "" },
        orderBy: [{ displayName: "asc" }, { id: "asc" }],
      }),
  }),
);

builder.objectField(ViewerRef, "availableTools", (t) =>
  t.prismaField({
    type: [ToolRef],
    description: "Catalogue entries the caller holds no active key for (My AI Keys).",
    authScopes: (viewer) => ({ self: viewer.profileId }),
    resolve: (query, viewer, _args, context) =>
      context.prisma.tool.findMany({
        ...query,
        where: availableToolsWhere(viewer.accountId, viewer.profileId, context.clock.now()),
        orderBy: [{ displayName: "asc" }, { id: "asc" }],
      }),
  }),
);

builder.mutationFields((t) => ({
  createTool: t.field({
    type: ToolPayloadRef,
    errors: resultErrors("CreateToolResult"),
    args: { input: t.arg({ type: CreateToolInput, required: true }) },
    authScopes: { roles: catalogueAdminRoles },
    resolve: async (_root, { input }, context) => ({
      tool: await createTool(context, actorFrom(context), {
        slug: input.slug,
        displayName: input.displayName,
        requiresApproval: given(input.requiresApproval),
      }),
    }),
  }),
  updateTool: t.field({
    type: ToolPayloadRef,
    errors: resultErrors("UpdateToolResult"),
    args: { input: t.arg({ type: UpdateToolInput, required: true }) },
    authScopes: { roles: catalogueAdminRoles },
    resolve: async (_root, { input }, context) => ({
      tool: await updateTool(context, actorFrom(context), decodeOwnGlobalId(input.id, "Tool"), {
        slug: given(input.slug),
        displayName: given(input.displayName),
        requiresApproval: given(input.requiresApproval),
      }),
    }),
  }),
}));
