import { actorOf } from "../audit/audit-actor.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { isUniqueViolation } from "../database/unique-violation.ts";
import { DomainError, notFound } from "../errors/index.ts";
import { parseInput } from "../errors/parse-input.ts";
import type { Prisma, Tool } from "../generated/prisma/client.ts";
import type { Actor } from "../identity/viewer.ts";
import type { KeyDependencies } from "../keys/key-dependencies.ts";
import { createToolInput, updateToolInput } from "./tool-input.ts";

function slugTaken(error: unknown, slug: string | undefined): DomainError | null {
  if (isUniqueViolation(error)) {
    return new DomainError("CONFLICT", `A tool with the slug "${slug ?? ""}" already exists`, [
      { path: "slug", message: "already in use" },
    ]);
  }
  return null;
}

/** Adds an entry to the account's provider catalogue (audited). */
export async function createTool(deps: KeyDependencies, actor: Actor, rawInput: unknown): Promise<Tool> {
  const input = parseInput(createToolInput, rawInput);
  const now = deps.clock.now();
  try {
    return await deps.prisma.$transaction(async (tx) => {
      const tool = await tx.tool.create({ data: { accountId: actor.accountId, ...input } });
      await recordAuditEvent(
        tx,
        actorOf(actor, actor.ip),
        { action: "tool.created", targetType: "Tool", targetId: tool.id, data: { ...input } },
        now,
      );
      return tool;
    });
  } catch (error) {
    throw slugTaken(error, input.slug) ?? error;
  }
}

/** Changes a catalogue entry (audited with the values before and after). */
export async function updateTool(
  deps: KeyDependencies,
  actor: Actor,
  toolId: string,
  rawInput: unknown,
): Promise<Tool> {
  const input = parseInput(updateToolInput, rawInput);
  const now = deps.clock.now();
  const before = await deps.prisma.tool.findFirst({ where: { id: toolId, accountId: actor.accountId } });
  if (!before) throw notFound("Tool");
  try {
    return await deps.prisma.$transaction(async (tx) => {
      const tool = await tx.tool.update({ where: { id: before.id }, data: input });
      await recordAuditEvent(
        tx,
        actorOf(actor, actor.ip),
        {
          action: "tool.updated",
          targetType: "Tool",
          targetId: tool.id,
          data: {
            before: {
              slug: before.slug,
              displayName: before.displayName,
              requiresApproval: before.requiresApproval,
            },
            after: {
              slug: tool.slug,
              displayName: tool.displayName,
              requiresApproval: tool.requiresApproval,
            },
          },
        },
        now,
      );
      return tool;
    });
  } catch (error) {
    throw slugTaken(error, input.slug) ?? error;
  }
}

/**
 * Catalogue entries the profile holds no usable key for (seed 004's "Available tools"): no
 * ACTIVE, unexpired key of that tool. Pending or rejected requests leave the tool available.
 */
export function availableToolsWhere(accountId: string, profileId: string, now: Date): Prisma.ToolWhereInput {
  return {
    accountId,
    apiKeys: {
      none: { ownerId: profileId, status: "ACTIVE", OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    },
  };
}
