import { formatDay } from "../format/dates.ts";

export interface UsageBucket {
  bucket: string;
  valid: number;
  failed: number;
}

export interface DailyUsage {
  day: string;
  label: string;
  valid: number;
  failed: number;
}

/**
 * One entry per UTC day for the last `days` days, oldest first, summing the API's buckets into
 * their day; days without traffic are zero rather than missing, so charts keep a true time axis.
 */
export function dailySeries(
  buckets: readonly UsageBucket[],
  days: number,
  now: Date = new Date(),
): DailyUsage[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const series: DailyUsage[] = [];
  const byDay = new Map<string, DailyUsage>();
  for (let offset = days - 1; offset >= 0; offset--) {
    const day = new Date(today - offset * 86_400_000).toISOString();
    const entry = { day: day.slice(0, 10), label: formatDay(day), valid: 0, failed: 0 };
    series.push(entry);
    byDay.set(entry.day, entry);
  }
  for (const bucket of buckets) {
    const entry = byDay.get(new Date(bucket.bucket).toISOString().slice(0, 10));
    if (!entry) continue;
    entry.valid += bucket.valid;
    entry.failed += bucket.failed;
  }
  return series;
}

export interface DailyCount {
  day: string;
  label: string;
  count: number;
}

/** Like `dailySeries`, for single-count buckets (failures per day, agent calls per day). */
export function dailyCounts(
  buckets: readonly { bucket: string; count: number }[],
  days: number,
  now: Date = new Date(),
): DailyCount[] {
  return dailySeries(
    buckets.map((bucket) => ({ bucket: bucket.bucket, valid: bucket.count, failed: 0 })),
    days,
    now,
  ).map((entry) => ({ day: entry.day, label: entry.label, count: entry.valid }));
}
