import type { Environment, Permission, Role } from "../generated/prisma/enums.ts";

/** Who is calling, resolved once per request (or per graphql-ws connection). */
export interface Viewer {
  accountId: string;
  profileId: string;
  /** The role that applies to this request: a key without ADMIN acts as a plain `USER`. */
  role: Role;
  via: "session" | "apiKey";
  sessionId: string | null;
  /** The session passed TOTP step-up. */
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
  workspaceIds: readonly string[];
}

/** The caller of a domain operation: the viewer plus where the request came from. */
export interface Actor extends Viewer {
  ip: string | null;
}
