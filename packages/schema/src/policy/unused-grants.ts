import type { ApiKey, Permission, PrismaClient } from "../generated/prisma/client.ts";
import { DAY_MS } from "./policy-rules.ts";

export interface UnusedGrants {
  days: number;
  since: Date;
  /** Granted permissions no valid verification asked for (ADMIN counts only when ADMIN was asked). */
  permissions: Permission[];
  /** Granted scopes no valid verification asked for. */
  scopes: string[];
  /** Valid verifications in the window (0: the key was not used at all). */
  verifications: number;
}

interface UsageRow {
  permissions: string[] | null;
  scopes: string[] | null;
  verifications: bigint | number;
}

/**
 * Permission insights: what the key was granted but never used in the last `days` days, from the
 * permission and scope that each successful verification asked for (least privilege: these are
 * the grants to remove). Uses that name no permission or scope (GraphQL bearer calls, verifications
 * without them) show that the key is used, not what for.
 */
export async function unusedGrants(
  prisma: Pick<PrismaClient, "$queryRaw">,
  key: Pick<ApiKey, "id" | "permissions" | "scopes">,
  days: number,
  now: Date,
): Promise<UnusedGrants> {
  const since = new Date(now.getTime() - days * DAY_MS);
  const [usage] = await prisma.$queryRaw<UsageRow[]>`
    SELECT array_agg(DISTINCT "permission"::text) FILTER (WHERE "permission" IS NOT NULL) AS permissions,
           array_agg(DISTINCT "scope") FILTER (WHERE "scope" IS NOT NULL) AS scopes,
           count(*) AS verifications
    FROM "KeyEvent"
    WHERE "apiKeyId" = ${key.id} AND "result" = 'VALID' AND "occurredAt" >= ${since}`;
  const usedPermissions = new Set(usage?.permissions ?? []);
  const usedScopes = new Set(usage?.scopes ?? []);
  return {
    days,
    since,
    permissions: key.permissions.filter((permission) => !usedPermissions.has(permission)),
    scopes: key.scopes.filter((scope) => !usedScopes.has(scope)),
    verifications: Number(usage?.verifications ?? 0),
  };
}
