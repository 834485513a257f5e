import type { IncomingMessage, ServerResponse } from "node:http";
import { type createLeakReportLimiter, DomainError, type LeakReporter } from "@keyward/schema";
import type { ClientAddressOf } from "../http/client-address.ts";
import { BodyError, readJsonBody } from "../http/read-json-body.ts";
import { sendJson } from "../http/send-json.ts";
import type { Logger } from "../logger.ts";

/** 100 tokens of a few dozen characters, with room for JSON and a source label. */
const LEAK_REPORT_BODY_LIMIT = 64 * 1024;

export interface LeakReportRouteOptions {
  reporter: LeakReporter;
  limiter: ReturnType<typeof createLeakReportLimiter>;
  logger: Logger;
  clientAddress: ClientAddressOf;
}

/**
 * `POST /v1/keys/leaks` with `{ "tokens": string[], "source"?: string }`: anonymous (like secret-scanning
 * partners), limited per IP. Answers counts only: `{ received, revoked, ignored }`.
 */
export function createLeakReportRoute(options: LeakReportRouteOptions) {
  return {
    path: "/v1/keys/leaks",
    async handle(request: IncomingMessage, response: ServerResponse) {
      if (request.method !== "POST") {
        sendJson(
          response,
          405,
          { error: { code: "METHOD_NOT_ALLOWED", message: "Use POST" } },
          { allow: "POST" },
        );
        return;
      }
      const ip = options.clientAddress(request) ?? "unknown";
      try {
        const decision = await options.limiter.consume(ip);
        if (!decision.allowed) {
          sendJson(
            response,
            429,
            { error: { code: "RATE_LIMITED", message: "Too many reports: try again later" } },
            { "retry-after": String(decision.retryAfterSeconds) },
          );
          return;
        }
        const body = await readJsonBody(request, LEAK_REPORT_BODY_LIMIT);
        const result = await options.reporter.report(body, ip);
        // Counts only: the tokens never reach a log.
        if (result.revoked > 0) options.logger.warn({ revoked: result.revoked, ip }, "leaked keys revoked");
        sendJson(response, 200, result);
      } catch (error) {
        if (error instanceof BodyError) {
          sendJson(response, error.status, { error: { code: "BAD_REQUEST", message: error.message } });
          return;
        }
        if (error instanceof DomainError) {
          sendJson(response, 400, { error: { code: error.code, message: error.message } });
          return;
        }
        options.logger.error(
          { err: error instanceof Error ? error.message : "unknown" },
          "leak report failed",
        );
        sendJson(response, 500, {
          error: { code: "INTERNAL", message: "The report could not be processed" },
        });
      }
    },
  };
}
