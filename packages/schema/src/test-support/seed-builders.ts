import type { Environment, Permission, PrismaClient, Profile, Role } from "../generated/prisma/client.ts";
import type { Viewer } from "../identity/viewer.ts";
import { generateToken } from "../keys/token-format.ts";

export interface SeededAccount {
  accountId: string;
  workspaceId: string;
  profiles: Record<string, Profile>;
}

let counter = 0;

/** An account with a workspace and one user per named role. */
export async function seedAccount(prisma: PrismaClient, roles: Record<string, Role>): Promise<SeededAccount> {
  counter += 1;
  const slug = `acct-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  const account = await prisma.account.create({
    data: {
      slug,
      name: slug,
      policy: { create: {} },
      workspaces: { create: { slug: "default", name: "Default" } },
    },
  });
  const workspace = await prisma.workspace.findFirstOrThrow({ where: { accountId: account.id } });
  const profiles: Record<string, Profile> = {};
  for (const [name, role] of Object.entries(roles)) {
    profiles[name] = await prisma.profile.create({
      data: {
        accountId: account.id,
        email: `${name.toLowerCase()}@${slug}.test`,
        displayName: name,
        role,
        workspaces: { create: { workspaceId: workspace.id } },
      },
    });
  }
  return { accountId: account.id, workspaceId: workspace.id, profiles };
}

export interface SeedKeyOptions {
  ownerId: string;
  accountId: string;
  permissions?: Permission[];
  environment?: Environment;
  status?: "ACTIVE" | "REVOKED" | "PENDING" | "REJECTED";
  workspaceIds?: string[];
  createdById?: string;
}

/** A key row with a real token (returned so tests can present it). */
export async function seedKey(prisma: PrismaClient, options: SeedKeyOptions) {
  const environment = options.environment ?? "DEVELOPMENT";
  const generated = generateToken(environment);
  const key = await prisma.apiKey.create({
    data: {
      accountId: options.accountId,
      ownerId: options.ownerId,
      createdById: options.createdById ?? options.ownerId,
      name: "seeded key",
      environment,
      module: "AGENTS_EXECUTION",
      permissions: options.permissions ?? ["READ", "WRITE"],
      scopes: ["runs:write"],
      ipAllowlist: ["10.0.0.0/8"],
      purpose: "tests",
      rateLimitPerMinute: 100,
      status: options.status ?? "ACTIVE",
      hash: generated.hash,
      displayHint: generated.displayHint,
      workspaces: { create: (options.workspaceIds ?? []).map((workspaceId) => ({ workspaceId })) },
    },
  });
  return { key, token: generated.token };
}

/** A session viewer for a profile (MFA verified unless told otherwise). */
export function sessionViewer(profile: Profile, options: { mfaVerified?: boolean } = {}): Viewer {
  return {
    accountId: profile.accountId,
    profileId: profile.id,
    role: profile.role,
    via: "session",
    sessionId: `session-${profile.id}`,
    mfaVerified: options.mfaVerified ?? true,
    mfaPending: false,
    key: null,
  };
}

/** A bearer-key viewer: the owner's role applies only when the key holds ADMIN. */
export function keyViewer(
  profile: Profile,
  key: {
    id: string;
    permissions: Permission[];
    scopes: string[];
    environment: Environment;
    expiresAt: Date | null;
  },
  workspaceIds: string[] = [],
): Viewer {
  return {
    accountId: profile.accountId,
    profileId: profile.id,
    role: key.permissions.includes("ADMIN") ? profile.role : "USER",
    via: "apiKey",
    sessionId: null,
    mfaVerified: false,
    mfaPending: false,
    key: {
      id: key.id,
      permissions: new Set(key.permissions),
      scopes: key.scopes,
      environment: key.environment,
      expiresAt: key.expiresAt,
      workspaceIds,
    },
  };
}
