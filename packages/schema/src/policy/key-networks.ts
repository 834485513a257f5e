import type { PrismaClient } from "../generated/prisma/client.ts";

/**
 * Records that a key was validly used from a network. True when the network is new for a key
 * that already had a baseline (an earlier network): a key's very first network is its baseline,
 * not an anomaly. An insert that skips conflicts records each network once across instances.
 */
export async function recordKeyNetwork(
  prisma: Pick<PrismaClient, "keyNetwork">,
  apiKeyId: string,
  network: string,
  seenAt: Date,
): Promise<boolean> {
  const inserted = await prisma.keyNetwork.createMany({
    data: [{ apiKeyId, network, firstSeenAt: seenAt }],
    skipDuplicates: true,
  });
  if (inserted.count === 0) return false;
  const earlier = await prisma.keyNetwork.findFirst({
    where: {
      apiKeyId,
      network: { not: network },
      // Another network seen at the same moment counts too: better one alert too many than none.
      firstSeenAt: { lte: seenAt },
    },
    select: { network: true },
  });
  return earlier !== null;
}
