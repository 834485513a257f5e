import { builder } from "../../graphql/builder.ts";
import { ofAccount } from "../../graphql/scope-maps.ts";

/** A workspace of the caller's account. */
export const WorkspaceRef = builder.prismaNode("Workspace", {
  id: { field: "id" },
  // Another account's id loads as null: "not found", exactly like a missing one.
  nullable: true,
  findUnique: (id, context) => ({ id, accountId: context.viewer?.accountId ?? "" }),
  select: { id: true, accountId: true },
  authScopes: (workspace) => ofAccount(workspace.accountId),
  fields: (t) => ({
    slug: t.exposeString("slug"),
    name: t.exposeString("name"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    bootstrapCompletedAt: t.expose("bootstrapCompletedAt", { type: "DateTime", nullable: true }),
  }),
});

builder.queryField("workspaces", (t) =>
  t.prismaField({
    type: [WorkspaceRef],
    authScopes: { authenticated: true },
    resolve: (query, _root, _args, context) =>
      context.prisma.workspace.findMany({
        ...query,
        where: { accountId: context.viewer?.accountId ?? "" },
        orderBy: { slug: "asc" },
      }),
  }),
);
