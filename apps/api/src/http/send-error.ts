import type { ServerResponse } from "node:http";
import { sendJson } from "./send-json.ts";

export interface ErrorBody {
  code: string;
  message: string;
  fieldIssues?: Array<{ path: string; message: string }>;
}

/** Answers a REST route with `{ error: { code, message, fieldIssues? } }`. */
export function sendError(
  response: ServerResponse,
  status: number,
  error: ErrorBody,
  headers: Record<string, string> = {},
): void {
  sendJson(response, status, { error }, headers);
}

/** 429 with Retry-After in whole seconds (at least 1). */
export function sendRateLimited(response: ServerResponse, waitMs: number, message: string): void {
  sendError(
    response,
    429,
    { code: "RATE_LIMITED", message },
    { "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))) },
  );
}
