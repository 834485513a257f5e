import type { PrismaClient } from "../generated/prisma/client.ts";

const DAY = 86_400_000;

/** The analytics window: whole UTC days, from `days - 1` days ago up to today. */
export interface UsageWindow {
  accountId: string;
  since: Date;
  now: Date;
}

export function usageWindow(accountId: string, days: number, now: Date): UsageWindow {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { accountId, since: new Date(today - (days - 1) * DAY), now };
}

export interface KeyCount {
  apiKeyId: string;
  count: number;
}

export interface BucketCount {
  bucket: Date;
  count: number;
}

/** Successful verifications per key (the "executions per key" chart), busiest first. */
export async function executionsPerKey(
  prisma: PrismaClient,
  window: UsageWindow,
  limit: number,
): Promise<KeyCount[]> {
  return keyCounts(prisma, window, limit, true);
}

/** The keys with the most verifications of any outcome (refused attempts are use too). */
export async function mostUsedKeys(
  prisma: PrismaClient,
  window: UsageWindow,
  limit: number,
): Promise<KeyCount[]> {
  return keyCounts(prisma, window, limit, false);
}

async function keyCounts(
  prisma: PrismaClient,
  window: UsageWindow,
  limit: number,
  validOnly: boolean,
): Promise<KeyCount[]> {
  const groups = await prisma.usageRollup.groupBy({
    by: ["apiKeyId"],
    where: {
      accountId: window.accountId,
      minute: { gte: window.since },
      ...(validOnly ? { result: "VALID" } : {}),
    },
    _sum: { count: true },
    orderBy: [{ _sum: { count: "desc" } }, { apiKeyId: "asc" }],
    take: limit,
  });
  return groups.map((group) => ({ apiKeyId: group.apiKeyId, count: group._sum.count ?? 0 }));
}

interface BucketRow {
  bucket: Date | string;
  count: bigint | number;
}

/** Every day of the window, zero where nothing happened (charts want a continuous axis). */
function daily(window: UsageWindow, rows: readonly BucketRow[]): BucketCount[] {
  const counts = new Map(rows.map((row) => [new Date(row.bucket).getTime(), Number(row.count)]));
  const buckets: BucketCount[] = [];
  for (let day = window.since.getTime(); day <= window.now.getTime(); day += DAY) {
    buckets.push({ bucket: new Date(day), count: counts.get(day) ?? 0 });
  }
  return buckets;
}

/**
 * Refused verifications per day, from KeyEvent: it also holds attempts with unknown or mistyped
 * keys, which have no key and so no rollup — the brute-force signal the chart is for.
 */
export async function failedAuthOverTime(prisma: PrismaClient, window: UsageWindow): Promise<BucketCount[]> {
  const rows = await prisma.$queryRaw<BucketRow[]>`
    SELECT date_trunc('day', "occurredAt") AS bucket, count(*) AS count
    FROM "KeyEvent"
    WHERE "accountId" = ${window.accountId} AND "occurredAt" >= ${window.since} AND "result" <> 'VALID'
    GROUP BY 1`;
  return daily(window, rows);
}

/** Successful calls made for the Agents Execution module, per day. */
export async function agentTriggeredCalls(prisma: PrismaClient, window: UsageWindow): Promise<BucketCount[]> {
  const rows = await prisma.$queryRaw<BucketRow[]>`
    SELECT date_trunc('day', "occurredAt") AS bucket, count(*) AS count
    FROM "KeyEvent"
    WHERE "accountId" = ${window.accountId} AND "occurredAt" >= ${window.since}
      AND "module" = 'AGENTS_EXECUTION' AND "result" = 'VALID'
    GROUP BY 1`;
  return daily(window, rows);
}
