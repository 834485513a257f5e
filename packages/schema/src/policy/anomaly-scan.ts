import { Prisma } from "../generated/prisma/client.ts";
import { networkOf } from "./ip-network.ts";
import { recordKeyNetwork } from "./key-networks.ts";
import type { EffectiveOrgPolicy } from "./org-policy.ts";
import type { PolicyDependencies } from "./policy-dependencies.ts";
import { type Detection, type DetectionOutcome, reportSuspiciousActivity } from "./suspicious-activity.ts";

/** Valid (key, IP) pairs examined per scan at most: new-IP detection stays bounded. */
const MAX_USES_PER_SCAN = 10_000;

interface BurstRow {
  subject: string;
  failures: bigint | number;
  occurredAt: Date;
  ip: string | null;
}

interface UseRow {
  apiKeyId: string;
  ip: string;
  firstAt: Date;
}

/**
 * Failed verifications that reached the threshold within the window, per key or per IP. A burst
 * counts where its sliding count first reaches the threshold, and only when that happens inside
 * [since, until): the window before `since` is read for counting, so a burst that straddles two
 * scans (or goes on across them) is found once.
 */
async function findBursts(
  deps: PolicyDependencies,
  accountId: string,
  policy: EffectiveOrgPolicy,
  by: "apiKeyId" | "ip",
  since: Date,
  until: Date,
): Promise<BurstRow[]> {
  const windowSecs = policy.failedAuthBurstWindowSecs;
  const threshold = policy.failedAuthBurstThreshold;
  const from = new Date(since.getTime() - windowSecs * 1000);
  const column = Prisma.raw(`"${by}"`);
  return deps.prisma.$queryRaw<BurstRow[]>`
    SELECT subject, max(failures) AS failures, min("occurredAt") AS "occurredAt", min(ip) AS ip
    FROM (
      SELECT subject, "occurredAt", ip, failures,
        lag(failures) OVER (PARTITION BY subject ORDER BY "occurredAt") AS previous
      FROM (
        SELECT ${column} AS subject, "occurredAt", ip,
          count(*) OVER (
            PARTITION BY ${column} ORDER BY "occurredAt"
            RANGE BETWEEN ${`${windowSecs} seconds`}::interval PRECEDING AND CURRENT ROW
          ) AS failures
        FROM "KeyEvent"
        WHERE "accountId" = ${accountId} AND ${column} IS NOT NULL
          AND "result" NOT IN ('VALID', 'RATE_LIMITED')
          AND "occurredAt" >= ${from} AND "occurredAt" < ${until}
      ) counted
    ) crossings
    WHERE failures >= ${threshold} AND (previous IS NULL OR previous < ${threshold})
      AND "occurredAt" >= ${since}
    GROUP BY subject`;
}

/** Keys presented for the wrong environment in [since, until). */
function findEnvironmentMismatches(deps: PolicyDependencies, accountId: string, since: Date, until: Date) {
  return deps.prisma.$queryRaw<Array<{ apiKeyId: string; occurredAt: Date; ip: string | null }>>`
    SELECT "apiKeyId", min("occurredAt") AS "occurredAt", min(ip) AS ip
    FROM "KeyEvent"
    WHERE "accountId" = ${accountId} AND "apiKeyId" IS NOT NULL AND "result" = 'ENVIRONMENT_MISMATCH'
      AND "occurredAt" >= ${since} AND "occurredAt" < ${until}
    GROUP BY "apiKeyId"`;
}

/** The first valid use of each (key, IP) in [since, until), oldest first. */
function findUses(deps: PolicyDependencies, accountId: string, since: Date, until: Date) {
  return deps.prisma.$queryRaw<UseRow[]>`
    SELECT "apiKeyId", ip, min("occurredAt") AS "firstAt"
    FROM "KeyEvent"
    WHERE "accountId" = ${accountId} AND "apiKeyId" IS NOT NULL AND ip IS NOT NULL AND "result" = 'VALID'
      AND "occurredAt" >= ${since} AND "occurredAt" < ${until}
    GROUP BY "apiKeyId", ip
    ORDER BY "firstAt"
    LIMIT ${MAX_USES_PER_SCAN}`;
}

export interface ScanResult {
  detections: number;
  alerts: number;
  locked: number;
}

/**
 * Scans one account's stored activity in [since, until) for what live detection may have missed
 * (events seen by another instance, a restart): the same detections, deduplicated by the alerts.
 */
export async function scanAccountActivity(
  deps: PolicyDependencies,
  accountId: string,
  policy: EffectiveOrgPolicy,
  since: Date,
  until: Date,
): Promise<ScanResult> {
  const base = { accountId, source: "SCAN" as const };
  const burst = { kind: "FAILED_AUTH_BURST" as const, windowSecs: policy.failedAuthBurstWindowSecs };
  const detections: Detection[] = [];
  for (const row of await findBursts(deps, accountId, policy, "apiKeyId", since, until)) {
    detections.push({
      ...base,
      ...burst,
      apiKeyId: row.subject,
      subject: null,
      ip: row.ip,
      failures: Number(row.failures),
      occurredAt: new Date(row.occurredAt),
    });
  }
  for (const row of await findBursts(deps, accountId, policy, "ip", since, until)) {
    detections.push({
      ...base,
      ...burst,
      apiKeyId: null,
      subject: row.subject,
      ip: row.subject,
      failures: Number(row.failures),
      occurredAt: new Date(row.occurredAt),
    });
  }
  for (const row of await findEnvironmentMismatches(deps, accountId, since, until)) {
    detections.push({
      ...base,
      kind: "ENVIRONMENT_MISMATCH",
      apiKeyId: row.apiKeyId,
      subject: null,
      ip: row.ip,
      occurredAt: new Date(row.occurredAt),
    });
  }
  const seen = new Set<string>();
  for (const use of await findUses(deps, accountId, since, until)) {
    const network = networkOf(use.ip);
    if (network === null || seen.has(`${use.apiKeyId}|${network}`)) continue;
    seen.add(`${use.apiKeyId}|${network}`);
    const firstAt = new Date(use.firstAt);
    if (await recordKeyNetwork(deps.prisma, use.apiKeyId, network, firstAt)) {
      detections.push({
        ...base,
        kind: "NEW_IP",
        apiKeyId: use.apiKeyId,
        subject: network,
        ip: use.ip,
        occurredAt: firstAt,
      });
    }
  }
  const result: ScanResult = { detections: detections.length, alerts: 0, locked: 0 };
  for (const detection of detections) {
    const outcome: DetectionOutcome = await reportSuspiciousActivity(deps, policy, detection);
    if (outcome.alert) result.alerts++;
    if (outcome.locked) result.locked++;
  }
  return result;
}
