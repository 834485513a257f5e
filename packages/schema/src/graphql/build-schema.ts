import { type GraphQLSchema, lexicographicSortSchema } from "graphql";
import { createIdentityServices } from "../identity/identity-services.ts";
import { builder } from "./builder.ts";
import type { GraphQLContext, SchemaDependencies, SessionCookieJar, Viewer } from "./context.ts";
import "./error-types.ts";
import "../audit/graphql/index.ts";
import "../identity/graphql/index.ts";
import "../keys/graphql/index.ts";
import "../live/graphql/index.ts";
import "../policy/graphql/index.ts";
import "../webhooks/graphql/index.ts";
import "../workspaces/graphql/workspace-type.ts";
import "../approvals/graphql/index.ts";
import "../analytics/graphql/index.ts";
import "../workspaces/graphql/index.ts";

let schema: GraphQLSchema | undefined;

/** The GraphQL schema (types are declared once; dependencies travel in the context). */
export function getSchema(): GraphQLSchema {
  schema ??= lexicographicSortSchema(builder.toSchema());
  return schema;
}

export interface RequestInfo {
  viewer: Viewer | null;
  ip: string | null;
  userAgent: string | null;
  sessionCookie: SessionCookieJar;
}

/** Builds the schema from its dependencies: returns it with a per-request context factory. */
export function buildSchema(dependencies: SchemaDependencies) {
  const identity = createIdentityServices({
    secret: dependencies.config.secret,
    signInLimiter: dependencies.signInLimiter,
    totpLimiter: dependencies.totpLimiter,
  });
  const { prisma, events, clock, config, signInLimiter, totpLimiter } = dependencies;
  return {
    schema: getSchema(),
    // Once per request: a literal of a fixed shape, not a spread of the dependencies (measured on
    // the GraphQL hot path).
    createContext(request: RequestInfo): GraphQLContext {
      return {
        prisma,
        events,
        clock,
        config,
        signInLimiter,
        totpLimiter,
        viewer: request.viewer,
        request: { ip: request.ip, userAgent: request.userAgent },
        sessionCookie: request.sessionCookie,
        identity,
      };
    },
  };
}
