import type { IncomingMessage, ServerResponse } from "node:http";
import type { Verifier, VerifyCode, VerifyResult } from "@keyward/schema/verification";
import { bearerTokenOf } from "../auth/bearer-token.ts";
import type { ClientAddressOf } from "../http/client-address.ts";
import { BodyError, readJsonBody } from "../http/read-json-body.ts";
import { sendError, sendRateLimited } from "../http/send-error.ts";
import type { Logger } from "../logger.ts";
import type { UnknownKeyLimiter } from "./unknown-key-limiter.ts";
import { fieldIssuesOf, verifyRequestBody } from "./verify-request-body.ts";
import { workspaceReference } from "./workspace-reference.ts";

export const VERIFY_PATH = "/v1/keys/verify";
/** Verify bodies are a handful of short fields: 8 KB is generous. */
export const VERIFY_BODY_LIMIT = 8 * 1024;
/** The scope a caller's own key needs to verify keys (DESIGN §6). */
export const VERIFY_SCOPE = "keys:verify";

export interface VerifyRouteDependencies {
  verifier: Pick<Verifier, "verify" | "authenticate">;
  unknownKeys: UnknownKeyLimiter;
  logger: Logger;
  clientAddress: ClientAddressOf;
  bodyLimit?: number;
}

const CHALLENGE = { "www-authenticate": 'Bearer realm="keyward"' };
const INVALID_TOKEN = { "www-authenticate": 'Bearer realm="keyward", error="invalid_token"' };
const ALLOW_POST = { allow: "POST" };
const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

/** A serialised 200 answer; its headers object is shared and never modified (node:http only reads it). */
interface Answer {
  payload: string;
  headers: Readonly<Record<string, string | number>>;
}

function toAnswer(result: VerifyResult): Answer {
  const payload = JSON.stringify(result);
  return { payload, headers: { ...JSON_HEADERS, "content-length": Buffer.byteLength(payload) } };
}

/** Why the caller's own key is refused (it presented the whole secret: the status is no secret to it). */
const callerDenials: Record<Exclude<VerifyCode, "VALID" | "RATE_LIMITED">, [string, string]> = {
  NOT_FOUND: ["UNAUTHENTICATED", "The bearer key is not a valid Keyward key"],
  REVOKED: ["UNAUTHENTICATED", "The bearer key is revoked"],
  EXPIRED: ["UNAUTHENTICATED", "The bearer key has expired"],
  PENDING: ["UNAUTHENTICATED", "The bearer key is not approved yet"],
  REJECTED: ["UNAUTHENTICATED", "The bearer key was rejected"],
  ENVIRONMENT_MISMATCH: ["UNAUTHENTICATED", "The bearer key is for another environment"],
  WORKSPACE_DENIED: ["UNAUTHENTICATED", "The bearer key does not reach this workspace"],
  IP_DENIED: ["FORBIDDEN", "The bearer key may not be used from this address"],
  FORBIDDEN: ["FORBIDDEN", `The bearer key lacks the ${VERIFY_SCOPE} scope`],
};

/**
 * `POST /v1/keys/verify` (DESIGN §6) at the node:http layer: the caller's bearer key must be valid
 * and hold `keys:verify`; the presented key is verified against the caller's account. Answers are
 * serialised once; the frozen results the verifier shares (VALID without rate limit, NOT_FOUND)
 * are serialised once per cache fill.
 */
export function createVerifyRoute(dependencies: VerifyRouteDependencies) {
  const { verifier, unknownKeys, logger, clientAddress } = dependencies;
  const bodyLimit = dependencies.bodyLimit ?? VERIFY_BODY_LIMIT;
  const serialized = new WeakMap<VerifyResult, Answer>();

  /** The body and complete headers of a result: built once per frozen (shared) result. */
  function answerFor(result: VerifyResult): Answer {
    if (!Object.isFrozen(result)) return toAnswer(result);
    let answer = serialized.get(result);
    if (answer === undefined) {
      answer = toAnswer(result);
      serialized.set(result, answer);
    }
    return answer;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      await answer(request, response);
    } catch (error) {
      // Database unreachable or the like: answered without echoing the request (it holds keys).
      logger.error({ err: error, route: VERIFY_PATH }, "verification failed");
      if (response.headersSent) response.destroy();
      else
        sendError(response, 503, {
          code: "UNAVAILABLE",
          message: "Verification is unavailable: retry shortly",
        });
    }
  }

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== "POST") {
      sendError(response, 405, { code: "METHOD_NOT_ALLOWED", message: "Use POST" }, ALLOW_POST);
      return;
    }
    const ip = clientAddress(request) ?? "unknown";
    const blockedMs = unknownKeys.retryAfterMs(ip);
    if (blockedMs > 0) {
      sendRateLimited(response, blockedMs, "Too many unknown keys from this address: try again later");
      return;
    }

    const bearer = bearerTokenOf(request.headers.authorization);
    if (!bearer) {
      sendError(
        response,
        401,
        {
          code: "UNAUTHENTICATED",
          message:
            bearer === null
              ? `Authenticate with "Authorization: Bearer <key>" (a key holding ${VERIFY_SCOPE})`
              : 'The Authorization header must be "Bearer <key>"',
        },
        CHALLENGE,
      );
      return;
    }
    const caller = await verifier.authenticate({ token: bearer, kind: "VERIFY", scope: VERIFY_SCOPE, ip });
    const callerCode = caller.result.code;
    if (callerCode !== "VALID" || caller.accountId === null) {
      await refuseCaller(response, callerCode, caller.result, ip);
      return;
    }

    let body: unknown;
    try {
      body = await readJsonBody(request, bodyLimit);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      sendError(
        response,
        error.status,
        { code: error.code, message: error.message },
        error.status === 413 ? { connection: "close" } : {},
      );
      return;
    }
    const parsed = verifyRequestBody.safeParse(body);
    if (!parsed.success) {
      const fieldIssues = fieldIssuesOf(parsed.error);
      sendError(response, 400, {
        code: "VALIDATION_FAILED",
        message: fieldIssues.map((issue) => (issue.path ? `${issue.path}: ` : "") + issue.message).join("; "),
        fieldIssues,
      });
      return;
    }
    const input = parsed.data;
    const result = await verifier.verify({
      token: input.key,
      workspace: input.workspace == null ? undefined : workspaceReference(input.workspace),
      permission: input.permission ?? undefined,
      scope: input.scope ?? undefined,
      environment: input.environment ?? undefined,
      ip: input.ip ?? undefined,
      module: input.module ?? undefined,
      callerAccountId: caller.accountId,
    });
    if (result.code === "NOT_FOUND") {
      const waitMs = await unknownKeys.recordUnknown(ip);
      if (waitMs > 0) {
        sendRateLimited(response, waitMs, "Too many unknown keys from this address: try again later");
        return;
      }
    }
    const { payload, headers } = answerFor(result);
    response.writeHead(200, headers);
    response.end(payload);
  }

  async function refuseCaller(
    response: ServerResponse,
    code: VerifyCode,
    result: VerifyResult,
    ip: string,
  ): Promise<void> {
    if (code === "RATE_LIMITED") {
      sendRateLimited(response, result.ratelimit?.resetMs ?? 1000, "The bearer key is over its rate limit");
      return;
    }
    if (code === "NOT_FOUND") {
      const waitMs = await unknownKeys.recordUnknown(ip);
      if (waitMs > 0) {
        sendRateLimited(response, waitMs, "Too many unknown keys from this address: try again later");
        return;
      }
    }
    const [errorCode, message] = code === "VALID" ? callerDenials.NOT_FOUND : callerDenials[code];
    sendError(response, 401, { code: errorCode, message }, errorCode === "FORBIDDEN" ? {} : INVALID_TOKEN);
  }

  /** The request handler; never rejects (failures are answered and logged). */
  return function verifyRoute(request: IncomingMessage, response: ServerResponse): void {
    void handle(request, response);
  };
}
