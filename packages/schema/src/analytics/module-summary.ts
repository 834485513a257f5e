import type { PrismaClient } from "../generated/prisma/client.ts";
import { KeyModule } from "../generated/prisma/enums.ts";
import { moduleRisk, type RiskLevel, riskRule } from "./module-risk.ts";

const DAY = 86_400_000;

/** One card of the module-scope classification (seed 001). */
export interface ModuleSummary {
  module: KeyModule;
  keyCount: number;
  activeCount: number;
  /** The latest successful use of any key of the module. */
  lastExecutionAt: Date | null;
  risk: RiskLevel;
  riskReasons: string[];
}

interface Row {
  module: KeyModule;
  keyCount: bigint | number;
  activeCount: bigint | number;
  lastExecutionAt: Date | string | null;
  privilegedProduction: bigint | number;
  unrestrictedProduction: bigint | number;
  privilegedUnrestricted: bigint | number;
  attempts: bigint | number;
  failures: bigint | number;
}

/** Every module (those without keys too), from one aggregate over keys and recent rollups. */
export async function moduleSummary(
  prisma: PrismaClient,
  accountId: string,
  now: Date,
): Promise<ModuleSummary[]> {
  const since = new Date(now.getTime() - riskRule.windowDays * DAY);
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT k."module"::text AS "module",
           count(*) AS "keyCount",
           count(*) FILTER (WHERE k.active) AS "activeCount",
           max(k."lastUsedAt") AS "lastExecutionAt",
           count(*) FILTER (WHERE k.active AND k.production AND k.privileged) AS "privilegedProduction",
           count(*) FILTER (WHERE k.active AND k.production AND k.unrestricted) AS "unrestrictedProduction",
           count(*) FILTER (WHERE k.active AND k.production AND k.privileged AND k.unrestricted)
             AS "privilegedUnrestricted",
           coalesce(sum(u.attempts), 0) AS attempts,
           coalesce(sum(u.failures), 0) AS failures
    FROM (
      SELECT "id", "module", "lastUsedAt",
             ("status" = 'ACTIVE' AND ("expiresAt" IS NULL OR "expiresAt" > ${now})) AS active,
             ("environment" = 'PRODUCTION') AS production,
             ('EXECUTE' = ANY("permissions") OR 'ADMIN' = ANY("permissions")) AS privileged,
             (cardinality("ipAllowlist") = 0) AS unrestricted
      FROM "ApiKey" WHERE "accountId" = ${accountId}
    ) k
    LEFT JOIN (
      SELECT "apiKeyId", sum("count") AS attempts, coalesce(sum("count") FILTER (WHERE "result" <> 'VALID'), 0) AS failures
      FROM "UsageRollup" WHERE "accountId" = ${accountId} AND "minute" >= ${since}
      GROUP BY "apiKeyId"
    ) u ON u."apiKeyId" = k."id"
    GROUP BY k."module"`;
  const byModule = new Map(rows.map((row) => [row.module, row]));
  return Object.values(KeyModule).map((module) => {
    const row = byModule.get(module);
    const count = (value: bigint | number | undefined) => Number(value ?? 0);
    const risk = moduleRisk({
      privilegedProduction: count(row?.privilegedProduction),
      unrestrictedProduction: count(row?.unrestrictedProduction),
      privilegedUnrestricted: count(row?.privilegedUnrestricted),
      attempts: count(row?.attempts),
      failures: count(row?.failures),
    });
    return {
      module,
      keyCount: count(row?.keyCount),
      activeCount: count(row?.activeCount),
      lastExecutionAt: row?.lastExecutionAt ? new Date(row.lastExecutionAt) : null,
      risk: risk.level,
      riskReasons: risk.reasons,
    };
  });
}
