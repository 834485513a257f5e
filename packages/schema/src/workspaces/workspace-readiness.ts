import { type UsagePressure, usagePressure } from "../analytics/usage-pressure.ts";
import type { PrismaClient, Workspace } from "../generated/prisma/client.ts";
import { recommendedFirstScope, type Scope } from "../keys/scope-catalogue.ts";

/** Onboarding blockers of a workspace (seed 000), in the order an operator clears them. */
export const readinessBlockers = [
  "BOOTSTRAP_INCOMPLETE",
  "SERVICE_ACCOUNT_MISSING",
  "API_KEY_MISSING",
] as const;
export type ReadinessBlocker = (typeof readinessBlockers)[number];

/** Seed 000: widen the first key's scope one real workflow at a time, in this order. */
export const wideningScopes: readonly Scope[] = ["runs:manage", "approvals:write", "a2a:write", "mcp:call"];

export interface WorkspaceReadiness {
  workspace: Workspace;
  blockers: ReadinessBlocker[];
  /** Active service accounts granted to the workspace. */
  serviceAccountCount: number;
  /** ACTIVE, unexpired keys with access to the workspace. */
  activeKeyCount: number;
  /** What to add next: `runs:write` until a key holds it, then the widening scopes not yet held. */
  recommendedScopes: Scope[];
  /** Account-wide: this month's verifications against the plan limit. */
  usagePressure: UsagePressure;
}

export function recommendedScopes(held: ReadonlySet<string>): Scope[] {
  if (!held.has(recommendedFirstScope)) return [recommendedFirstScope];
  return wideningScopes.filter((scope) => !held.has(scope));
}

interface KeyRow {
  workspaceId: string;
  keys: bigint | number;
  scopes: string[] | null;
}

/**
 * Readiness of several workspaces of one account in a fixed number of statements (a list of
 * workspaces never costs one query per row). Workspaces of other accounts are absent.
 */
export async function workspaceReadiness(
  prisma: PrismaClient,
  accountId: string,
  workspaceIds: readonly string[],
  now: Date,
): Promise<Map<string, WorkspaceReadiness>> {
  const workspaces = await prisma.workspace.findMany({ where: { accountId, id: { in: [...workspaceIds] } } });
  const ids = workspaces.map((workspace) => workspace.id);
  if (ids.length === 0) return new Map();
  const [serviceAccounts, keyRows, pressure] = await Promise.all([
    prisma.profileWorkspace.groupBy({
      by: ["workspaceId"],
      where: { workspaceId: { in: ids }, profile: { accountId, kind: "SERVICE_ACCOUNT", status: "ACTIVE" } },
      _count: { _all: true },
    }),
    prisma.$queryRaw<KeyRow[]>`
      SELECT g."workspaceId",
             count(DISTINCT k."id") AS keys,
             array_remove(array_agg(DISTINCT s.scope), NULL) AS scopes
      FROM "ApiKeyWorkspace" g
      JOIN "ApiKey" k ON k."id" = g."apiKeyId"
      LEFT JOIN LATERAL unnest(k."scopes") AS s(scope) ON true
      WHERE g."workspaceId" = ANY(${ids}) AND k."accountId" = ${accountId}
        AND k."status" = 'ACTIVE' AND (k."expiresAt" IS NULL OR k."expiresAt" > ${now})
      GROUP BY g."workspaceId"`,
    usagePressure(prisma, accountId, now),
  ]);
  const serviceAccountCounts = new Map(serviceAccounts.map((row) => [row.workspaceId, row._count._all]));
  const keysByWorkspace = new Map(keyRows.map((row) => [row.workspaceId, row]));
  return new Map(
    workspaces.map((workspace) => {
      const serviceAccountCount = serviceAccountCounts.get(workspace.id) ?? 0;
      const keys = keysByWorkspace.get(workspace.id);
      const activeKeyCount = Number(keys?.keys ?? 0);
      const blockers: ReadinessBlocker[] = [];
      if (!workspace.bootstrapCompletedAt) blockers.push("BOOTSTRAP_INCOMPLETE");
      if (serviceAccountCount === 0) blockers.push("SERVICE_ACCOUNT_MISSING");
      if (activeKeyCount === 0) blockers.push("API_KEY_MISSING");
      return [
        workspace.id,
        {
          workspace,
          blockers,
          serviceAccountCount,
          activeKeyCount,
          recommendedScopes: recommendedScopes(new Set(keys?.scopes ?? [])),
          usagePressure: pressure,
        },
      ];
    }),
  );
}
