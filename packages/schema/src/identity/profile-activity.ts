import type { ApiKey, PrismaClient } from "../generated/prisma/client.ts";

export interface KeyUsageCount {
  key: ApiKey;
  /** Verifications answered VALID in the period. */
  valid: number;
  /** Verifications refused for any reason in the period. */
  failed: number;
}

/**
 * The Users detail view's usage summary: every key the profile owns (newest first) with its
 * verification counts since `since`, read from the per-minute rollups.
 */
export async function profileKeyUsage(
  prisma: PrismaClient,
  accountId: string,
  profileId: string,
  since: Date,
): Promise<KeyUsageCount[]> {
  const [keys, rollups] = await Promise.all([
    prisma.apiKey.findMany({
      where: { accountId, ownerId: profileId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    }),
    prisma.usageRollup.groupBy({
      by: ["apiKeyId", "result"],
      where: { accountId, minute: { gte: since }, apiKey: { ownerId: profileId } },
      _sum: { count: true },
    }),
  ]);
  const counts = new Map<string, { valid: number; failed: number }>();
  for (const rollup of rollups) {
    const entry = counts.get(rollup.apiKeyId) ?? { valid: 0, failed: 0 };
    const count = rollup._sum.count ?? 0;
    if (rollup.result === "VALID") entry.valid += count;
    else entry.failed += count;
    counts.set(rollup.apiKeyId, entry);
  }
  return keys.map((key) => ({ key, ...(counts.get(key.id) ?? { valid: 0, failed: 0 }) }));
}

/** Recent audit events the profile performed or that changed it, newest first. */
export function recentProfileAuditEvents(
  prisma: PrismaClient,
  accountId: string,
  profileId: string,
  take: number,
) {
  return prisma.auditEvent.findMany({
    where: {
      accountId,
      OR: [{ actorId: profileId }, { targetType: "Profile", targetId: profileId }],
    },
    include: { actor: true },
    orderBy: { seq: "desc" },
    take,
  });
}
