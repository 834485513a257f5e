import { builder } from "../../graphql/builder.ts";

/** A workspace of the caller's account. */
export const WorkspaceRef = builder.prismaNode("Workspace", {
  id: { field: "id" },
  // Another account's id loads as null: "not found", exactly like a missing one.
  nullable: true,
  findUnique: (id, context) => ({ id, accountId: context.viewer?.accountId ?? "" }),
  authScopes: (workspace) => ({ account: workspace.accountId }),
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
