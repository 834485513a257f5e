import { ExportFormat, ExportKind } from "../../generated/prisma/enums.ts";
import { builder } from "../../graphql/builder.ts";
import { ProfileRef } from "../../identity/graphql/profile-type.ts";
import { canonicalJson } from "../audit-hash.ts";
import { exportFileAvailableUntil } from "../exports/export-download.ts";
import { signExportLink } from "../exports/export-link.ts";
import { auditDetailReaders, auditReaders } from "./audit-rules.ts";

export const ExportKindEnum = builder.enumType(ExportKind, { name: "ExportKind" });
export const ExportFormatEnum = builder.enumType(ExportFormat, { name: "ExportFormat" });

/** Proof of an export: the file's name, filters, row count and SHA-256, who and when. */
export const ExportReceiptRef = builder.prismaNode("ExportReceipt", {
  id: { field: "id" },
  // Another account's id loads as null: "not found", exactly like a missing one.
  nullable: true,
  findUnique: (id, context) => ({ id, accountId: context.viewer?.accountId ?? "" }),
  authScopes: (receipt) => auditReaders(receipt.accountId),
  fields: (t) => ({
    kind: t.expose("kind", { type: ExportKindEnum }),
    format: t.expose("format", { type: ExportFormatEnum }),
    filename: t.exposeString("filename"),
    filters: t.string({
      description: "The filters of the export as canonical JSON (sorted keys); {} for everything.",
      resolve: (receipt) => canonicalJson(receipt.filters),
    }),
    rowCount: t.exposeInt("rowCount"),
    byteSize: t.float({ resolve: (receipt) => Number(receipt.byteSize) }),
    sha256: t.exposeString("sha256", { description: "SHA-256 (hex) of the file's bytes." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    createdBy: t.relation("createdBy", {
      type: ProfileRef,
      nullable: true,
      authScopes: auditDetailReaders,
      skipTypeScopes: true,
    }),
    availableUntil: t.field({
      type: "DateTime",
      nullable: true,
      description: "When the file stops being downloadable (null: always; audit logs are re-read).",
      resolve: (receipt) => exportFileAvailableUntil(receipt),
    }),
    downloadUrl: t.string({
      nullable: true,
      authScopes: auditDetailReaders,
      description:
        "A fresh signed download link (relative to the server, short-lived); null once unavailable.",
      resolve: (receipt, _args, context) => {
        const now = context.clock.now();
        const until = exportFileAvailableUntil(receipt);
        if (until && until <= now) return null;
        return signExportLink(context.config.secret, receipt.id, now).url;
      },
    }),
  }),
});
