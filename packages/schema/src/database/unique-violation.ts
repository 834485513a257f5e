/**
 * True when a write failed on a unique constraint. Prisma reports P2002 on some paths; driver
 * adapters wrap the SQLSTATE instead (PGlite: cause.code "23505"; pg: cause.originalCode or
 * meta.driverAdapterError.cause), so the error's cause chain is searched.
 */
export function isUniqueViolation(error: unknown): boolean {
  const pending: unknown[] = [error];
  for (let depth = 0; depth < 12 && pending.length > 0; depth++) {
    const current = pending.shift();
    if (typeof current !== "object" || current === null) continue;
    const record = current as Record<string, unknown>;
    if (record.code === "P2002" || record.code === "23505" || record.originalCode === "23505") return true;
    pending.push(record.cause, record.meta, record.driverAdapterError);
  }
  return false;
}
