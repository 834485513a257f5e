import { builder } from "../../graphql/builder.ts";
import { ofAccount } from "../../graphql/scope-maps.ts";

/** An entry of the organisation's provider catalogue. */
export const ToolRef = builder.prismaNode("Tool", {
  id: { field: "id" },
  // Another account's id loads as null: "not found", exactly like a missing one.
  nullable: true,
  findUnique: (id, context) => ({ id, accountId: context.viewer?.accountId ?? "" }),
  authScopes: (tool) => ofAccount(tool.accountId),
  fields: (t) => ({
    slug: t.exposeString("slug"),
    displayName: t.exposeString("displayName"),
    requiresApproval: t.exposeBoolean("requiresApproval"),
  }),
});
