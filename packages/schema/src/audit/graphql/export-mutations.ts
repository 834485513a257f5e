import { DomainError } from "../../errors/index.ts";
import { actorFrom } from "../../graphql/actor.ts";
import { builder } from "../../graphql/builder.ts";
import { decodeOwnGlobalId } from "../../graphql/global-ids.ts";
import { keyAuditorRoles, peopleAdminRoles } from "../../identity/roles.ts";
import { ApiKeyFilterInput } from "../../keys/graphql/api-key-queries.ts";
import { type CreatedExport, exportAuditLog, exportKeyRegistry } from "../exports/create-export.ts";
import { verifyExportFile } from "../exports/verify-export-file.ts";
import { AuditEventFilterInput, auditFilterFrom } from "./audit-queries.ts";
import { ExportFormatEnum, ExportReceiptRef } from "./export-receipt-type.ts";

const ExportPayloadRef = builder.objectRef<CreatedExport>("ExportPayload").implement({
  fields: (t) => ({
    receipt: t.field({ type: ExportReceiptRef, resolve: (created) => created.receipt }),
    downloadUrl: t.string({
      description: "Signed link to GET the file (relative to the server; expires at downloadExpiresAt).",
      resolve: (created) => created.link.url,
    }),
    downloadExpiresAt: t.field({ type: "DateTime", resolve: (created) => created.link.expiresAt }),
  }),
});

const VerifyExportFilePayloadRef = builder
  .objectRef<{ matches: boolean; receipt: CreatedExport["receipt"] }>("VerifyExportFilePayload")
  .implement({
    fields: (t) => ({
      matches: t.exposeBoolean("matches"),
      receipt: t.field({ type: ExportReceiptRef, resolve: (result) => result.receipt }),
    }),
  });

const ExportAuditLogInput = builder.inputType("ExportAuditLogInput", {
  fields: (t) => ({
    format: t.field({ type: ExportFormatEnum, required: true }),
    filter: t.field({ type: AuditEventFilterInput }),
  }),
});

const ExportKeyRegistryInput = builder.inputType("ExportKeyRegistryInput", {
  fields: (t) => ({
    format: t.field({ type: ExportFormatEnum, required: true }),
    filter: t.field({ type: ApiKeyFilterInput }),
  }),
});

const VerifyExportFileInput = builder.inputType("VerifyExportFileInput", {
  fields: (t) => ({
    receiptId: t.globalID({ required: true }),
    sha256: t.string({ required: true, description: "SHA-256 (hex) of the file to check." }),
  }),
});

const errors = (name: string) => ({ types: [DomainError], directResult: true as const, union: { name } });

builder.mutationFields((t) => ({
  exportAuditLog: t.field({
    type: ExportPayloadRef,
    errors: errors("ExportAuditLogResult"),
    description: "Admin: exports the audit log (CSV or JSON) and returns its receipt and a download link.",
    args: { input: t.arg({ type: ExportAuditLogInput, required: true }) },
    authScopes: { roles: peopleAdminRoles },
    resolve: (_root, { input }, context) => {
      // An actor id of another type is "not found" here (the query just matches nothing).
      if (input.filter?.actorId) decodeOwnGlobalId(input.filter.actorId, "Profile");
      return exportAuditLog(context, actorFrom(context), {
        format: input.format,
        filter: auditFilterFrom(input.filter),
      });
    },
  }),
  exportKeyRegistry: t.field({
    type: ExportPayloadRef,
    errors: errors("ExportKeyRegistryResult"),
    description:
      "Admin: exports the key registry (never hashes or secrets) with a receipt and a download link.",
    args: { input: t.arg({ type: ExportKeyRegistryInput, required: true }) },
    authScopes: { roles: peopleAdminRoles },
    resolve: (_root, { input }, context) => {
      const filter = input.filter;
      return exportKeyRegistry(context, actorFrom(context), {
        format: input.format,
        filter: filter && {
          ...filter,
          ownerId: filter.ownerId ? decodeOwnGlobalId(filter.ownerId, "Profile") : null,
        },
      });
    },
  }),
  verifyExportFile: t.field({
    type: VerifyExportFilePayloadRef,
    errors: errors("VerifyExportFileResult"),
    description: "Admin: checks a file's SHA-256 against a receipt (audited).",
    args: { input: t.arg({ type: VerifyExportFileInput, required: true }) },
    authScopes: { roles: keyAuditorRoles },
    resolve: (_root, { input }, context) =>
      verifyExportFile(context, actorFrom(context), decodeOwnGlobalId(input.receiptId, "ExportReceipt"), {
        sha256: input.sha256,
      }),
  }),
}));
