import type { PrismaClient } from "../generated/prisma/client.ts";

export interface UsagePressure {
  used: number;
  limit: number;
  ratio: number;
  /** 80 % or more of the month's verifications are used. */
  high: boolean;
}

function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** This calendar month's verifications against the account's plan limit. */
export async function usagePressure(
  prisma: PrismaClient,
  accountId: string,
  now: Date,
): Promise<UsagePressure> {
  const [account, sum] = await Promise.all([
    prisma.account.findUniqueOrThrow({
      where: { id: accountId },
      select: { planMonthlyVerifications: true },
    }),
    prisma.usageRollup.aggregate({
      where: { accountId, minute: { gte: monthStart(now) } },
      _sum: { count: true },
    }),
  ]);
  const used = sum._sum.count ?? 0;
  const limit = account.planMonthlyVerifications;
  const ratio = limit > 0 ? used / limit : 1;
  return { used, limit, ratio, high: ratio >= 0.8 };
}

/** The non-blocking warning shown when a key is issued under usage pressure (DESIGN §8). */
export async function usagePressureWarnings(
  prisma: PrismaClient,
  accountId: string,
  now: Date,
): Promise<string[]> {
  const pressure = await usagePressure(prisma, accountId, now);
  if (!pressure.high) return [];
  return [
    `Usage pressure: ${pressure.used} of ${pressure.limit} monthly verifications used (${Math.round(pressure.ratio * 100)} %). Review the plan before widening access.`,
  ];
}
