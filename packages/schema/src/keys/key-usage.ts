import type { PrismaClient } from "../generated/prisma/client.ts";

interface Row {
  bucket: Date;
  valid: bigint | number;
  failed: bigint | number;
}

/** Daily VALID / failed verification counts of one key over the last `days` days. */
export async function keyUsageHistory(prisma: PrismaClient, keyId: string, since: Date) {
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT date_trunc('day', "minute") AS bucket,
           coalesce(sum("count") FILTER (WHERE "result" = 'VALID'), 0) AS valid,
           coalesce(sum("count") FILTER (WHERE "result" <> 'VALID'), 0) AS failed
    FROM "UsageRollup"
    WHERE "apiKeyId" = ${keyId} AND "minute" >= ${since}
    GROUP BY 1 ORDER BY 1`;
  return rows.map((row) => ({
    bucket: new Date(row.bucket),
    valid: Number(row.valid),
    failed: Number(row.failed),
  }));
}
