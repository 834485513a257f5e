import type { EventBus } from "../events/index.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { IdentityServices } from "../identity/identity-services.ts";
import type { SignInLimiter } from "../identity/sign-in-limiter.ts";
import type { TotpLimiter } from "../identity/totp-limiter.ts";
import type { Viewer } from "../identity/viewer.ts";
import type { Clock } from "../runtime/clock.ts";

export type { Viewer, ViewerKey } from "../identity/viewer.ts";

/** Server-wide settings the schema needs (validated once in apps/api/src/env.ts). */
export interface SchemaConfig {
  /** Server secret: encrypts TOTP secrets, signs export links. */
  secret: string;
  /** Production mode: no introspection, masked errors. */
  production: boolean;
  /** Single sign-on (OpenID Connect) is configured: the sign-in page offers it. */
  ssoEnabled?: boolean;
}

/** What the schema is built from. The schema owns no database or bus of its own. */
export interface SchemaDependencies {
  prisma: PrismaClient;
  events: EventBus;
  clock: Clock;
  config: SchemaConfig;
  /** Sign-in attempt limits shared by every instance (Redis); in-process when absent. */
  signInLimiter?: SignInLimiter | undefined;
  /** TOTP guess limits shared by every instance (Redis); in-process when absent. */
  totpLimiter?: TotpLimiter | undefined;
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
  /** Limiters and the TOTP secret box, made once per schema from the dependencies. */
  identity: IdentityServices;
}
