import type { IncomingMessage, ServerResponse } from "node:http";
import { type Clock, checkExportLink, openExportDownload } from "@keyward/schema";
import type { Database } from "@keyward/schema/database";
import { sendJson } from "../http/send-json.ts";
import type { Logger } from "../logger.ts";

export interface ExportDownloadRouteOptions {
  prisma: Database["prisma"];
  clock: Clock;
  /** The server secret that signed the link. */
  secret: string;
  logger: Logger;
}

const pattern = /^\/v1\/exports\/([0-9a-zA-Z-]{1,64})$/;

const refuse = (response: ServerResponse, status: number, code: string, message: string) =>
  sendJson(response, status, { error: { code, message } });

/** Resolves when the socket can take more, or when the client went away. */
function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off("drain", done);
      response.off("close", done);
      resolve();
    };
    response.once("drain", done);
    response.once("close", done);
  });
}

/**
 * `GET /v1/exports/:id?expires=…&signature=…`: streams an export's file, page by page, exactly
 * as its receipt describes (Content-Length, SHA-256 digest, rows). The signed link is the only
 * credential: it is short-lived and bound to the receipt id.
 */
export function createExportDownloadRoute(options: ExportDownloadRouteOptions) {
  return {
    /** The receipt id when the path is a download, else null. */
    match: (pathname: string): string | null => pattern.exec(pathname)?.[1] ?? null,
    async handle(
      request: IncomingMessage,
      response: ServerResponse,
      receiptId: string,
      query: URLSearchParams,
    ) {
      if (request.method !== "GET") {
        refuse(response, 405, "METHOD_NOT_ALLOWED", "Use GET");
        return;
      }
      const check = checkExportLink(
        options.secret,
        receiptId,
        query.get("expires"),
        query.get("signature"),
        options.clock.now(),
      );
      if (check === "EXPIRED") {
        refuse(response, 403, "FORBIDDEN", "This download link has expired: request a new one");
        return;
      }
      if (check !== "VALID") {
        refuse(response, 403, "FORBIDDEN", "This download link is not valid");
        return;
      }
      let download: Awaited<ReturnType<typeof openExportDownload>>;
      try {
        download = await openExportDownload(options.prisma, receiptId);
      } catch (error) {
        options.logger.error(
          { receiptId, err: error instanceof Error ? error.message : "unknown" },
          "export lookup failed",
        );
        refuse(response, 500, "INTERNAL", "The export could not be read");
        return;
      }
      if (download.status === "NOT_FOUND") {
        refuse(response, 404, "NOT_FOUND", "Export not found");
        return;
      }
      if (download.status === "GONE") {
        refuse(response, 410, "GONE", "The file of this export is no longer kept; its receipt remains");
        return;
      }
      const { receipt } = download;
      response.writeHead(200, {
        "content-type": download.contentType,
        "content-length": receipt.byteSize.toString(),
        "content-disposition": `attachment; filename="${receipt.filename}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
        "repr-digest": `sha-256=:${Buffer.from(receipt.sha256, "hex").toString("base64")}:`,
        "keyward-export-rows": String(receipt.rowCount),
      });
      try {
        for await (const part of download.parts) {
          if (response.destroyed) break;
          if (!response.write(part)) await drained(response);
        }
        response.end();
      } catch (error) {
        // Headers are sent: the only honest signal left is an incomplete response.
        options.logger.error(
          { receiptId, err: error instanceof Error ? error.message : "unknown" },
          "export download failed",
        );
        response.destroy();
      }
    },
  };
}
