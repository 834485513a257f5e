/** SQLSTATE classes a retry can never fix: 22 data exception, 23 integrity constraint violation. */
const PERMANENT_SQLSTATE = /^2[23][0-9A-Z]{3}$/;
/** Prisma's own codes for the same failures (unique, foreign key, constraint, value out of range). */
const PERMANENT_PRISMA_CODES = new Set(["P2002", "P2003", "P2004", "P2011", "P2020"]);

/**
 * True when the database refused the data itself (as opposed to being unreachable or busy).
 * Driver adapters nest the SQLSTATE differently (PGlite: cause.code; pg: cause.originalCode or
 * meta.driverAdapterError.cause), so the error's cause chain is searched.
 */
export function isPermanentDatabaseError(error: unknown): boolean {
  const pending: unknown[] = [error];
  for (let depth = 0; depth < 12 && pending.length > 0; depth++) {
    const current = pending.shift();
    if (typeof current !== "object" || current === null) continue;
    const record = current as Record<string, unknown>;
    for (const field of ["code", "originalCode"]) {
      const code = record[field];
      if (typeof code !== "string") continue;
      if (PERMANENT_SQLSTATE.test(code) || PERMANENT_PRISMA_CODES.has(code)) return true;
    }
    pending.push(record.cause, record.meta, record.driverAdapterError);
  }
  return false;
}
