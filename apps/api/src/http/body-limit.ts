import type { IncomingMessage } from "node:http";

/** GraphQL request bodies above this are refused with 413 before anything reads them. */
export const GRAPHQL_BODY_LIMIT = 256 * 1024;

/**
 * yoga's own body limit pipes every request through a counting stream (halving POST
 * throughput here), so the cap is enforced from the headers at the node:http layer instead:
 * a body must declare its length, and the length must fit.
 */
export function bodyTooLarge(request: IncomingMessage, limit: number): boolean {
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return false;
  const length = request.headers["content-length"];
  if (length === undefined) return request.headers["transfer-encoding"] !== undefined;
  return Number(length) > limit;
}
