import type { PrismaClient } from "../generated/prisma/client.ts";

/** The overview cards (seed 001): every key of the account by status; EXPIRED is derived. */
export interface KeyOverview {
  total: number;
  active: number;
  expired: number;
  revoked: number;
  /** Requests waiting for an admin's review. */
  pending: number;
  /** Approved requests the requester has not claimed yet. */
  approved: number;
  rejected: number;
}

type Row = { [K in keyof KeyOverview]: bigint | number };

/** One statement: counts by status over the account's keys. */
export async function keyOverview(prisma: PrismaClient, accountId: string, now: Date): Promise<KeyOverview> {
  const [row] = await prisma.$queryRaw<Row[]>`
    SELECT count(*) AS total,
           count(*) FILTER (WHERE "status" = 'ACTIVE' AND ("expiresAt" IS NULL OR "expiresAt" > ${now})) AS active,
           count(*) FILTER (WHERE "status" = 'ACTIVE' AND "expiresAt" <= ${now}) AS expired,
           count(*) FILTER (WHERE "status" = 'REVOKED') AS revoked,
           count(*) FILTER (WHERE "status" = 'PENDING') AS pending,
           count(*) FILTER (WHERE "status" = 'APPROVED') AS approved,
           count(*) FILTER (WHERE "status" = 'REJECTED') AS rejected
    FROM "ApiKey" WHERE "accountId" = ${accountId}`;
  const count = (value: bigint | number | undefined) => Number(value ?? 0);
  return {
    total: count(row?.total),
    active: count(row?.active),
    expired: count(row?.expired),
    revoked: count(row?.revoked),
    pending: count(row?.pending),
    approved: count(row?.approved),
    rejected: count(row?.rejected),
  };
}
