import { builder } from "../../graphql/builder.ts";
import { ofAccount } from "../../graphql/scope-maps.ts";

/** A workspace of the caller's account. */
export const WorkspaceRef = builder.prismaNode("Workspace", {
  id: { field: "id" },
  // Another account's id loads as null: "not found", exactly like a missing one.
  nullable: true,
  findUnique: (id, context) => ({ id, accountId: context.viewer?.accountId ?? "" }),
  // The slug and name (what every view of a workspace shows) come with the row, like ApiKey's.
  select: { id: true, accountId: true, slug: true, name: true },
  authScopes: (workspace) => ofAccount(workspace.accountId),
  fields: (t) => ({
    slug: t.string({ resolve: (workspace) => workspace.slug }),
    name: t.string({ resolve: (workspace) => workspace.name }),
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
