import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { generateToken } from "../keys/token-format.ts";

export interface KeyRegistryOptions {
  accountId: string;
  /** Keys to insert (inserted in bulk: thousands are fine). */
  keys: number;
  /** Distinct owners the keys are spread over (created here, role USER). */
  owners: number;
  /** Workspaces created here; key i is granted workspaces i % n and (i + 1) % n. */
  workspaces: number;
}

/**
 * A key registry that looks like a real one for list queries: many keys, spread over several
 * owners, each key granted two workspaces. Tokens are not kept (list queries never present them).
 */
export async function seedKeyRegistry(prisma: PrismaClient, options: KeyRegistryOptions) {
  const tag = randomUUID().slice(0, 8);
  const workspaceIds = Array.from({ length: options.workspaces }, () => randomUUID());
  await prisma.workspace.createMany({
    data: workspaceIds.map((id, index) => ({
      id,
      accountId: options.accountId,
      slug: `registry-${tag}-${index}`,
      name: `Registry workspace ${index}`,
    })),
  });
  const ownerIds = Array.from({ length: options.owners }, () => randomUUID());
  await prisma.profile.createMany({
    data: ownerIds.map((id, index) => ({
      id,
      accountId: options.accountId,
      email: `owner-${index}-${tag}@registry.test`,
      displayName: `Owner ${index}`,
    })),
  });
  const keyIds = Array.from({ length: options.keys }, () => randomUUID());
  const start = Date.now() - options.keys * 1000;
  await prisma.apiKey.createMany({
    data: keyIds.map((id, index) => {
      const generated = generateToken("DEVELOPMENT");
      const ownerId = ownerIds[index % ownerIds.length] as string;
      return {
        id,
        accountId: options.accountId,
        ownerId,
        createdById: ownerId,
        name: `registry key ${index}`,
        environment: "DEVELOPMENT" as const,
        module: "AGENTS_EXECUTION" as const,
        permissions: ["READ" as const],
        scopes: ["runs:read"],
        status: "ACTIVE" as const,
        hash: generated.hash,
        displayHint: generated.displayHint,
        createdAt: new Date(start + index * 1000),
      };
    }),
  });
  const grants = keyIds.flatMap((apiKeyId, index) =>
    [...new Set([index % workspaceIds.length, (index + 1) % workspaceIds.length])].map((slot) => ({
      apiKeyId,
      workspaceId: workspaceIds[slot] as string,
    })),
  );
  await prisma.apiKeyWorkspace.createMany({ data: grants });
  return { keyIds, ownerIds, workspaceIds };
}
