export {
  type CreatedExport,
  type ExportDependencies,
  exportAuditLog,
  exportKeyRegistry,
  STORED_EXPORT_RETENTION_DAYS,
} from "./create-export.ts";
export {
  type ExportDownload,
  ExportIntegrityError,
  exportFileAvailableUntil,
  openExportDownload,
} from "./export-download.ts";
export { EXPORT_PAGE_SIZE } from "./export-file.ts";
export { checkExportLink, EXPORT_LINK_TTL_SECONDS, type ExportLink, signExportLink } from "./export-link.ts";
export { verifyExportFile } from "./verify-export-file.ts";
