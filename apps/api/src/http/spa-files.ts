import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import sirv from "sirv";

type Handler = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

/** Serves the built SPA, falling back to index.html for client-side routes. */
export function createSpaHandler(webDist: string): Handler | null {
  if (!existsSync(path.join(webDist, "index.html"))) return null;
  return sirv(webDist, {
    single: true,
    etag: true,
    gzip: false,
    setHeaders(response, pathname) {
      response.setHeader("X-Content-Type-Options", "nosniff");
      response.setHeader("Referrer-Policy", "same-origin");
      response.setHeader("X-Frame-Options", "DENY");
      if (pathname.startsWith("/assets/"))
        response.setHeader("Cache-Control", "public, max-age=31536000, immutable");
      else response.setHeader("Cache-Control", "no-cache");
    },
  });
}
