import { z } from "zod";
import { notFound } from "../../errors/index.ts";
import { parseInput } from "../../errors/parse-input.ts";
import type { ExportReceipt } from "../../generated/prisma/client.ts";
import type { Actor } from "../../identity/viewer.ts";
import { actorOf } from "../audit-actor.ts";
import { recordAuditEvent } from "../record-audit-event.ts";
import type { ExportDependencies } from "./create-export.ts";

const verifyExportFileInput = z.object({
  sha256: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f]{64}$/, "sha256 must be 64 hexadecimal characters"),
});

/**
 * Checks a file (by its SHA-256) against a receipt of the caller's account. The check is audited:
 * carrying a receipt's proof through later steps leaves a trace of who checked what.
 */
export async function verifyExportFile(
  deps: Pick<ExportDependencies, "prisma" | "clock">,
  actor: Actor,
  receiptId: string,
  rawInput: unknown,
): Promise<{ matches: boolean; receipt: ExportReceipt }> {
  const input = parseInput(verifyExportFileInput, rawInput);
  const now = deps.clock.now();
  return deps.prisma.$transaction(async (tx) => {
    const receipt = await tx.exportReceipt.findFirst({
      where: { id: receiptId, accountId: actor.accountId },
    });
    if (!receipt) throw notFound("Export receipt");
    const matches = receipt.sha256 === input.sha256;
    await recordAuditEvent(
      tx,
      actorOf(actor, actor.ip),
      {
        action: "export.verified",
        targetType: "ExportReceipt",
        targetId: receipt.id,
        data: { sha256: input.sha256, matches },
      },
      now,
    );
    return { matches, receipt };
  });
}
