import SchemaBuilder from "@pothos/core";
import DataloaderPlugin from "@pothos/plugin-dataloader";
import ErrorsPlugin from "@pothos/plugin-errors";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import ZodPlugin from "@pothos/plugin-zod";
import { DomainError, validationFailed } from "../errors/index.ts";
import type PrismaTypes from "../generated/pothos-types.ts";
import { getDatamodel } from "../generated/pothos-types.ts";
import type { Role } from "../generated/prisma/enums.ts";
import { authScopesFor } from "./auth-scopes.ts";
import type { GraphQLContext } from "./context.ts";
import { ForbiddenError } from "./forbidden-error.ts";
import { decodeKeywardGlobalId } from "./global-ids.ts";
import SyncGlobalIdsPlugin from "./sync-global-ids.ts";

export interface KeywardAuthScopes {
  /** Any signed-in caller (session past MFA, or API key). */
  authenticated: boolean;
  /** The caller's effective role is one of these. */
  roles: Role[];
  /** The caller is this profile and may read as it (session, or key with READ). */
  self: string;
  /** The caller may act as this profile (session, or key with WRITE). */
  selfWrite: string;
  /** The caller's account owns the object. */
  account: string;
  /** A session that passed TOTP step-up (or a key: keys never step up). */
  stepUp: boolean;
  /** Signed in, even if MFA is still pending (signOut, verifyTotp). */
  signedIn: boolean;
}

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  AuthScopes: KeywardAuthScopes;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    ID: { Input: string; Output: string | number | bigint };
  };
}>({
  defaultFieldNullability: false,
  plugins: [
    ErrorsPlugin,
    ScopeAuthPlugin,
    PrismaPlugin,
    RelayPlugin,
    ZodPlugin,
    DataloaderPlugin,
    // Last: it wraps only the base resolver of node ids (every other plugin wraps around it).
    SyncGlobalIdsPlugin,
  ],
  scopeAuth: {
    authScopes: authScopesFor,
    // Subscriptions are refused when they start, not per event (events are filtered per subscriber).
    authorizeOnSubscribe: true,
    unauthorizedError: (_parent, context, _info, result) =>
      new ForbiddenError(context.viewer ? result.message : "Sign in to do this", context.viewer === null),
  },
  prisma: {
    client: (context) => context.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    decodeGlobalID: decodeKeywardGlobalId,
    // Loading by id reveals whether an object exists: signed-in callers past MFA only.
    nodeQueryOptions: { authScopes: { authenticated: true } },
    nodesQueryOptions: { authScopes: { authenticated: true } },
  },
  errors: {
    defaultTypes: [],
  },
  zod: {
    validationError: (error) => validationFailed(error),
  },
});

builder.queryType({});

builder.mutationType({});

builder.scalarType("DateTime", {
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new DomainError("VALIDATION_FAILED", "Invalid DateTime");
    return date;
  },
});
