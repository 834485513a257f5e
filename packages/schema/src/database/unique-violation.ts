import { databaseErrorCodes } from "./database-error-codes.ts";

/** True when a write failed on a unique constraint (Prisma's P2002 or SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return databaseErrorCodes(error).some((code) => code === "P2002" || code === "23505");
}
