/**
 * Every error code along an error's cause chain: Prisma's own (P2002…) and the SQLSTATE, which
 * driver adapters nest differently (PGlite: cause.code; pg: cause.originalCode or
 * meta.driverAdapterError.cause).
 */
export function databaseErrorCodes(error: unknown): string[] {
  const codes: string[] = [];
  const pending: unknown[] = [error];
  for (let depth = 0; depth < 12 && pending.length > 0; depth++) {
    const current = pending.shift();
    if (typeof current !== "object" || current === null) continue;
    const record = current as Record<string, unknown>;
    for (const field of ["code", "originalCode"]) {
      const code = record[field];
      if (typeof code === "string") codes.push(code);
    }
    pending.push(record.cause, record.meta, record.driverAdapterError);
  }
  return codes;
}
