import { actorOf } from "../audit/audit-actor.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { DomainError, notFound } from "../errors/index.ts";
import type { Actor } from "../identity/viewer.ts";
import type { KeyDependencies } from "./key-dependencies.ts";
import { publishKeyChanges } from "./publish-key-changes.ts";

async function loadGrantable(deps: KeyDependencies, actor: Actor, keyId: string, workspaceId: string) {
  const [key, workspace] = await Promise.all([
    deps.prisma.apiKey.findFirst({ where: { id: keyId, accountId: actor.accountId } }),
    deps.prisma.workspace.findFirst({ where: { id: workspaceId, accountId: actor.accountId } }),
  ]);
  if (!key) throw notFound("API key");
  if (!workspace) throw notFound("Workspace");
  if (key.status === "REVOKED" || key.status === "REJECTED") {
    throw new DomainError("KEY_NOT_ACTIVE", `A ${key.status.toLowerCase()} key's workspaces cannot change`);
  }
  return { key, workspace };
}

/** Grants a key access to one workspace (idempotent). */
export async function grantKeyWorkspace(
  deps: KeyDependencies,
  actor: Actor,
  keyId: string,
  workspaceId: string,
) {
  const { key } = await loadGrantable(deps, actor, keyId, workspaceId);
  const now = deps.clock.now();
  await deps.prisma.$transaction(async (tx) => {
    await tx.apiKeyWorkspace.upsert({
      where: { apiKeyId_workspaceId: { apiKeyId: keyId, workspaceId } },
      create: { apiKeyId: keyId, workspaceId, grantedById: actor.profileId },
      update: {},
    });
    await recordAuditEvent(
      tx,
      actorOf(actor, actor.ip),
      { action: "apiKey.workspaceGranted", targetType: "ApiKey", targetId: keyId, data: { workspaceId } },
      now,
    );
  });
  publishKeyChanges(deps.events, [key], "WORKSPACE_GRANTED");
  return key;
}

/** Removes a key's access to one workspace. */
export async function revokeKeyWorkspace(
  deps: KeyDependencies,
  actor: Actor,
  keyId: string,
  workspaceId: string,
) {
  const { key } = await loadGrantable(deps, actor, keyId, workspaceId);
  const now = deps.clock.now();
  await deps.prisma.$transaction(async (tx) => {
    const removed = await tx.apiKeyWorkspace.deleteMany({ where: { apiKeyId: keyId, workspaceId } });
    if (removed.count === 0)
      throw new DomainError("INVALID_STATE", "The key has no access to this workspace");
    await recordAuditEvent(
      tx,
      actorOf(actor, actor.ip),
      { action: "apiKey.workspaceRevoked", targetType: "ApiKey", targetId: keyId, data: { workspaceId } },
      now,
    );
  });
  publishKeyChanges(deps.events, [key], "WORKSPACE_REVOKED");
  return key;
}
