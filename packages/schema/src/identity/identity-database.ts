import type { Prisma } from "../generated/prisma/client.ts";

/**
 * What identity services read and write through: the Prisma client or an interactive transaction's
 * client, so a caller can write its audit event in the same transaction.
 */
export type IdentityDatabase = Prisma.TransactionClient;
