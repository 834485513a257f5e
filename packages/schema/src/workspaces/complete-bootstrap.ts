import { actorOf } from "../audit/audit-actor.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { notFound } from "../errors/index.ts";
import type { Workspace } from "../generated/prisma/client.ts";
import type { Actor } from "../identity/viewer.ts";
import type { KeyDependencies } from "../keys/key-dependencies.ts";

/**
 * Marks a workspace's baseline bootstrap complete (clears BOOTSTRAP_INCOMPLETE). Idempotent: a
 * workspace that is already complete keeps its first completion time and writes no audit event.
 */
export async function completeWorkspaceBootstrap(
  deps: Pick<KeyDependencies, "prisma" | "clock">,
  actor: Actor,
  workspaceId: string,
): Promise<Workspace> {
  const now = deps.clock.now();
  return deps.prisma.$transaction(async (tx) => {
    const updated = await tx.workspace.updateMany({
      where: { id: workspaceId, accountId: actor.accountId, bootstrapCompletedAt: null },
      data: { bootstrapCompletedAt: now },
    });
    const workspace = await tx.workspace.findFirst({
      where: { id: workspaceId, accountId: actor.accountId },
    });
    if (!workspace) throw notFound("Workspace");
    if (updated.count > 0) {
      await recordAuditEvent(
        tx,
        actorOf(actor, actor.ip),
        { action: "workspace.bootstrapCompleted", targetType: "Workspace", targetId: workspace.id, data: {} },
        now,
      );
    }
    return workspace;
  });
}
