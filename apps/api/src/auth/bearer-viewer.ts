import { findProfileStanding, type Viewer } from "@keyward/schema";
import type { PlainSqlDatabase } from "@keyward/schema/database";
import type { Verifier, VerifyCode } from "@keyward/schema/verification";
import { GraphQLError } from "graphql";
import type { UnknownKeyLimiter } from "../verification/unknown-key-limiter.ts";
import { bearerTokenOf } from "./bearer-token.ts";

export interface BearerViewerDependencies {
  verifier: Pick<Verifier, "authenticate">;
  /** Where the key owner's standing is read on every request (plainSqlOf the database). */
  profiles: PlainSqlDatabase;
  unknownKeys: UnknownKeyLimiter;
}

/** Resolves the Viewer of an `Authorization` header; throws a 401/429 GraphQL error when it does not authenticate. */
export type BearerViewerResolver = (authorization: string, ip: string | null) => Promise<Viewer>;

const messages: Record<Exclude<VerifyCode, "VALID" | "RATE_LIMITED">, string> = {
  NOT_FOUND: "The bearer key is not a valid Keyward key",
  REVOKED: "The bearer key is revoked",
  EXPIRED: "The bearer key has expired",
  PENDING: "The bearer key is not approved yet",
  REJECTED: "The bearer key was rejected",
  IP_DENIED: "The bearer key may not be used from this address",
  FORBIDDEN: "The bearer key may not be used here",
  ENVIRONMENT_MISMATCH: "The bearer key is for another environment",
  WORKSPACE_DENIED: "The bearer key does not reach this workspace",
};

/**
 * A request that presents a bearer but does not authenticate is refused as a whole (401), never
 * run as anonymous: a client whose key was revoked must learn it, not get empty answers.
 */
function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: "UNAUTHENTICATED",
      http: { status: 401, headers: { "www-authenticate": 'Bearer realm="keyward", error="invalid_token"' } },
    },
  });
}

function rateLimited(message: string, waitMs: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: "RATE_LIMITED",
      http: { status: 429, headers: { "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))) } },
    },
  });
}

/**
 * GraphQL bearer authentication (DESIGN §4): a key authenticates as its owner, limited by the key's
 * permissions. The owner's role applies only when the key holds ADMIN (otherwise it acts as USER),
 * and the owner must be ACTIVE. The key's IP allowlist applies to the caller's address.
 */
export function createBearerViewerResolver(dependencies: BearerViewerDependencies): BearerViewerResolver {
  const { verifier, profiles, unknownKeys } = dependencies;

  return async function viewerFromBearer(authorization, ip) {
    const address = ip ?? "unknown";
    const blockedMs = unknownKeys.retryAfterMs(address);
    if (blockedMs > 0)
      throw rateLimited("Too many unknown keys from this address: try again later", blockedMs);
    const token = bearerTokenOf(authorization);
    if (!token) throw unauthenticated('The Authorization header must be "Bearer <key>"');

    const { result, accountId } = await verifier.authenticate({
      token,
      kind: "GRAPHQL_BEARER",
      ip: ip ?? undefined,
    });
    if (result.code === "RATE_LIMITED") {
      throw rateLimited("The bearer key is over its rate limit", result.ratelimit?.resetMs ?? 1000);
    }
    if (result.code === "NOT_FOUND") {
      const waitMs = await unknownKeys.recordUnknown(address);
      if (waitMs > 0) throw rateLimited("Too many unknown keys from this address: try again later", waitMs);
    }
    if (result.code !== "VALID") throw unauthenticated(messages[result.code]);
    const { keyId, ownerId, environment } = result;
    if (accountId === null || keyId === undefined || ownerId === undefined || environment === undefined) {
      throw unauthenticated(messages.NOT_FOUND);
    }

    const owner = await findProfileStanding(profiles, ownerId);
    if (owner === null || owner.accountId !== accountId || owner.status !== "ACTIVE") {
      throw unauthenticated("The bearer key's owner is not active");
    }
    const permissions = result.permissions ?? [];
    return {
      accountId,
      profileId: ownerId,
      role: permissions.includes("ADMIN") ? owner.role : "USER",
      via: "apiKey",
      sessionId: null,
      mfaVerified: false,
      mfaPending: false,
      key: {
        id: keyId,
        permissions: new Set(permissions),
        scopes: result.scopes ?? [],
        environment,
        expiresAt: result.expiresAt ? new Date(result.expiresAt) : null,
        workspaceIds: (result.workspaces ?? []).map((workspace) => workspace.id),
      },
    };
  };
}
