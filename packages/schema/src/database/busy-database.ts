import { databaseErrorCodes } from "./database-error-codes.ts";

/**
 * Failures of a busy database that a retry can fix: no pooled connection for a transaction in
 * time (Prisma P2028), serialization failure, deadlock, lock not available.
 */
const BUSY_CODES = new Set(["P2028", "40001", "40P01", "55P03"]);

export function isBusyDatabase(error: unknown): boolean {
  return databaseErrorCodes(error).some((code) => BUSY_CODES.has(code));
}
