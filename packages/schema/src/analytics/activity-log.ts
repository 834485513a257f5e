import { hasControlCharacter } from "../database/control-characters.ts";
import { DomainError } from "../errors/index.ts";
import type { KeyEvent, Prisma, PrismaClient } from "../generated/prisma/client.ts";
import type { KeyModule } from "../generated/prisma/enums.ts";

export interface ActivityFilter {
  keyId?: string | null | undefined;
  /** A verification code (VALID, REVOKED, …). */
  result?: string | null | undefined;
  module?: KeyModule | null | undefined;
  /** true: refusals only; false: successes only. */
  failed?: boolean | null | undefined;
}

export function activityWhere(
  accountId: string,
  filter: ActivityFilter | null | undefined,
): Prisma.KeyEventWhereInput {
  const and: Prisma.KeyEventWhereInput[] = [{ accountId }];
  if (typeof filter?.keyId === "string") and.push({ apiKeyId: filter.keyId });
  // No verification code holds a control character (PostgreSQL text cannot hold NUL): no match.
  if (filter?.result)
    and.push(hasControlCharacter(filter.result) ? { id: { in: [] } } : { result: filter.result });
  if (filter?.module) and.push({ module: filter.module });
  if (filter?.failed === true) and.push({ result: { not: "VALID" } });
  if (filter?.failed === false) and.push({ result: "VALID" });
  return { AND: and };
}

interface Position {
  occurredAt: Date;
  id: bigint;
}

/** Cursors are (time, id): the log is newest first, and ids break ties within a millisecond. */
export function activityCursor(event: Pick<KeyEvent, "occurredAt" | "id">): string {
  return Buffer.from(`KeyEvent:${event.occurredAt.getTime()}:${event.id}`).toString("base64url");
}

function parseCursor(cursor: string): Position {
  const match = /^KeyEvent:(\d+):(\d+)$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match?.[1] || !match[2]) throw new DomainError("VALIDATION_FAILED", "Invalid activity cursor");
  return { occurredAt: new Date(Number(match[1])), id: BigInt(match[2]) };
}

const olderThan = (position: Position): Prisma.KeyEventWhereInput => ({
  OR: [
    { occurredAt: { lt: position.occurredAt } },
    { occurredAt: position.occurredAt, id: { lt: position.id } },
  ],
});
const newerThan = (position: Position): Prisma.KeyEventWhereInput => ({
  OR: [
    { occurredAt: { gt: position.occurredAt } },
    { occurredAt: position.occurredAt, id: { gt: position.id } },
  ],
});

export interface ActivityPage {
  after?: string | null | undefined;
  before?: string | null | undefined;
  limit: number;
  /** Read from the oldest end (the relay plugin reverses the page again). */
  inverted: boolean;
}

/** One page of the live activity log (keyset pagination on the account's time index). */
export function activityPage(
  prisma: PrismaClient,
  accountId: string,
  filter: ActivityFilter | null | undefined,
  page: ActivityPage,
): Promise<KeyEvent[]> {
  const and: Prisma.KeyEventWhereInput[] = [activityWhere(accountId, filter)];
  if (page.after) and.push(olderThan(parseCursor(page.after)));
  if (page.before) and.push(newerThan(parseCursor(page.before)));
  const direction = page.inverted ? "asc" : "desc";
  return prisma.keyEvent.findMany({
    where: { AND: and },
    orderBy: [{ occurredAt: direction }, { id: direction }],
    take: page.limit,
  });
}

/** The most recent refused verifications (unknown keys included). */
export function recentAuthFailures(
  prisma: PrismaClient,
  accountId: string,
  limit: number,
): Promise<KeyEvent[]> {
  return prisma.keyEvent.findMany({
    where: activityWhere(accountId, { failed: true }),
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: limit,
  });
}
