import { builder } from "../../graphql/builder.ts";
import { keyAuditorRoles } from "../../identity/roles.ts";
import { ExportKindEnum, ExportReceiptRef } from "./export-receipt-type.ts";

builder.queryFields((t) => ({
  exportReceipts: t.prismaConnection({
    type: ExportReceiptRef,
    cursor: "id",
    maxSize: 200,
    defaultSize: 25,
    description: "Admin: the account's export receipts, newest first.",
    authScopes: { roles: keyAuditorRoles },
    resolve: (query, _root, _args, context) =>
      context.prisma.exportReceipt.findMany({
        ...query,
        where: { accountId: context.viewer?.accountId ?? "" },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      }),
  }),
  latestExportReceipt: t.prismaField({
    type: ExportReceiptRef,
    nullable: true,
    description:
      "Admin: the newest receipt (of one kind, when given): the proof to carry through later steps.",
    authScopes: { roles: keyAuditorRoles },
    args: { kind: t.arg({ type: ExportKindEnum }) },
    resolve: (query, _root, args, context) =>
      context.prisma.exportReceipt.findFirst({
        ...query,
        where: { accountId: context.viewer?.accountId ?? "", ...(args.kind ? { kind: args.kind } : {}) },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      }),
  }),
  exportReceipt: t.prismaField({
    type: ExportReceiptRef,
    nullable: true,
    description: "Admin: one receipt of the caller's account (null when it does not exist there).",
    authScopes: { roles: keyAuditorRoles },
    args: { id: t.arg.globalID({ required: true }) },
    resolve: (query, _root, args, context) =>
      args.id.typename === "ExportReceipt"
        ? context.prisma.exportReceipt.findFirst({
            ...query,
            where: { id: args.id.id, accountId: context.viewer?.accountId ?? "" },
          })
        : null,
  }),
}));
