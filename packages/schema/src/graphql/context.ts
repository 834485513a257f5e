import type { EventBus } from "../events/index.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { Environment, Permission, Role } from "../generated/prisma/enums.ts";
import type { Clock } from "../runtime/clock.ts";

/** Server-wide settings the schema needs (validated once in apps/api/src/env.ts). */
export interface SchemaConfig {
  /** Server secret: encrypts TOTP secrets, signs export links. */
  secret: string;
  /** Production mode: no introspection, masked errors. */
  production: boolean;
}

/** What the schema is built from. The schema owns no database or bus of its own. */
export interface SchemaDependencies {
  prisma: PrismaClient;
  events: EventBus;
  clock: Clock;
  config: SchemaConfig;
}

/** Who is calling, resolved once per request (or per graphql-ws connection). */
export interface Viewer {
  accountId: string;
  profileId: string;
  /** The role that applies to this request: a key without ADMIN acts as a plain `USER`. */
  role: Role;
  via: "session" | "apiKey";
  sessionId: string | null;
  /** The key's MFA-verified time when the session passed TOTP step-up. */
  mfaVerified: boolean;
  /** TOTP is enrolled but this session has not passed it yet: only signOut and verifyTotp work. */
  mfaPending: boolean;
  key: ViewerKey | null;
}

export interface ViewerKey {
  id: string;
  permissions: ReadonlySet<Permission>;
  scopes: readonly string[];
  environment: Environment;
  expiresAt: Date | null;
}

/** Set-Cookie requests from resolvers (sign-in, sign-out), applied by the HTTP layer. */
export interface SessionCookieJar {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

export interface GraphQLContext extends SchemaDependencies {
  viewer: Viewer | null;
  request: { ip: string | null; userAgent: string | null };
  sessionCookie: SessionCookieJar;
}
