import type { Database } from "@keyward/schema/database";
import { generateToken } from "@keyward/schema/keys";
import { type SeededAccount, seedAccount } from "@keyward/schema/test-support";

type Prisma = Database["prisma"];
type KeyData = Parameters<Prisma["apiKey"]["create"]>[0]["data"];

export interface SeededKey {
  id: string;
  token: string;
}

export interface KeyOptions {
  ownerId: string;
  environment?: "DEVELOPMENT" | "SANDBOX" | "STAGING" | "PRODUCTION";
  permissions?: Array<"READ" | "WRITE" | "EXECUTE" | "ADMIN">;
  scopes?: string[];
  status?: "PENDING" | "APPROVED" | "ACTIVE" | "REJECTED" | "REVOKED";
  expiresAt?: Date | null;
  ipAllowlist?: string[];
  rateLimitPerMinute?: number | null;
  workspaceIds?: string[];
  lockedAt?: Date | null;
}

/** A key row with a real token, every setting chosen by the test (no IP allowlist unless asked). */
export async function seedApiKey(prisma: Prisma, account: SeededAccount, options: KeyOptions) {
  const environment = options.environment ?? "DEVELOPMENT";
  const generated = generateToken(environment);
  const data: KeyData = {
    accountId: account.accountId,
    ownerId: options.ownerId,
    createdById: options.ownerId,
    name: "test key",
    environment,
    module: "AGENTS_EXECUTION",
    permissions: options.permissions ?? ["READ"],
    scopes: options.scopes ?? [],
    ipAllowlist: options.ipAllowlist ?? [],
    rateLimitPerMinute: options.rateLimitPerMinute ?? null,
    expiresAt: options.expiresAt ?? null,
    lockedAt: options.lockedAt ?? null,
    status: options.status ?? "ACTIVE",
    hash: generated.hash,
    displayHint: generated.displayHint,
    workspaces: { create: (options.workspaceIds ?? []).map((workspaceId) => ({ workspaceId })) },
  };
  const key = await prisma.apiKey.create({ data });
  return { id: key.id, token: generated.token } satisfies SeededKey;
}

/** An account with a gateway (a service account holding a `keys:verify` key) and people. */
export async function seedGatewayAccount(prisma: Prisma) {
  const account = await seedAccount(prisma, {
    developer: "USER",
    admin: "SUPER_ADMIN",
    gateway: "USER",
  });
  const gateway = account.profiles.gateway;
  if (!gateway) throw new Error("seedAccount did not create the gateway profile");
  const caller = await seedApiKey(prisma, account, {
    ownerId: gateway.id,
    permissions: ["READ"],
    scopes: ["keys:verify"],
  });
  return { account, caller };
}

/** The profile of a seeded account, failing loudly when the name is wrong. */
export function profileOf(account: SeededAccount, name: string) {
  const profile = account.profiles[name];
  if (!profile) throw new Error(`no profile named ${name}`);
  return profile;
}

/** POSTs a verify request with a bearer (or none) and a JSON body (or raw text). */
export async function postVerify(
  url: string,
  bearer: string | null,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${url}/v1/keys/verify`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as VerifyAnswer };
}

export interface VerifyAnswer {
  valid?: boolean;
  code?: string;
  keyId?: string;
  ownerId?: string;
  environment?: string;
  permissions?: string[];
  scopes?: string[];
  workspaces?: Array<{ id: string; slug: string }>;
  expiresAt?: string | null;
  ratelimit?: { limit: number; remaining: number; resetMs: number };
  error?: { code: string; message: string; fieldIssues?: Array<{ path: string; message: string }> };
}
