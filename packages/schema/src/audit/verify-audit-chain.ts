import type { PrismaClient } from "../generated/prisma/client.ts";
import { auditEventHash, GENESIS_HASH } from "./audit-hash.ts";

export type AuditChainStatus =
  | { valid: true; events: number; lastHash: string }
  | {
      valid: false;
      events: number;
      brokenAtSeq: number;
      reason: "HASH_MISMATCH" | "MISSING_EVENT" | "LINK_MISMATCH";
    };

const PAGE = 1000;

/** Walks the account's chain in order and reports the first event that does not verify. */
export async function verifyAuditChain(prisma: PrismaClient, accountId: string): Promise<AuditChainStatus> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const page = await prisma.auditEvent.findMany({
      where: { accountId, seq: { gte: expectedSeq } },
      orderBy: { seq: "asc" },
      take: PAGE,
    });
    for (const event of page) {
      if (event.seq !== expectedSeq)
        return { valid: false, events: count, brokenAtSeq: expectedSeq, reason: "MISSING_EVENT" };
      if (event.prevHash !== prevHash)
        return { valid: false, events: count, brokenAtSeq: event.seq, reason: "LINK_MISMATCH" };
      const hash = auditEventHash(prevHash, {
        accountId: event.accountId,
        seq: event.seq,
        actorId: event.actorId,
        actorKind: event.actorKind,
        viaKeyId: event.viaKeyId,
        action: event.action,
        targetType: event.targetType,
        targetId: event.targetId,
        cause: event.cause,
        data: event.data,
        ip: event.ip,
        occurredAt: event.occurredAt,
      });
      if (hash !== event.hash)
        return { valid: false, events: count, brokenAtSeq: event.seq, reason: "HASH_MISMATCH" };
      prevHash = event.hash;
      expectedSeq += 1;
      count += 1;
    }
    if (page.length < PAGE) return { valid: true, events: count, lastHash: prevHash };
  }
}
