import { randomBytes } from "node:crypto";
import type { PrismaClient, Profile } from "../generated/prisma/client.ts";
import { addServiceAccount } from "../identity/user-administration.ts";
import type { SchemaHarness } from "./schema-harness.ts";
import { type SeededAccount, seedKey, sessionViewer } from "./seed-builders.ts";

// One object of every kind a root field takes an id for, in one account, each in the state in
// which the field would act on it (a pending request to approve, a locked key to unlock, …): a
// call that reached another account's object would succeed, so isolation tests cannot pass by
// accident.

/** The kinds of object an id argument names. */
export const worldKinds = [
  "Admin",
  "User",
  "ServiceAccount",
  "Workspace",
  "ApiKey",
  "LockedKey",
  "PendingRequest",
  "ApprovedRequest",
  "Tool",
  "Alert",
  "ExportReceipt",
  "WebhookEndpoint",
  "WebhookDelivery",
] as const;
export type WorldKind = (typeof worldKinds)[number];

export interface WorldObject {
  /** The GraphQL type its global id names. */
  typename: string;
  id: string;
}

export type IsolationWorld = Record<WorldKind, WorldObject>;

const suffix = () => randomBytes(4).toString("hex");

/**
 * Fresh objects in a seeded account (its `admin` acts, its `user` owns keys and is the target of
 * people changes). Each call adds a new set, so a test may consume them.
 */
export async function seedIsolationWorld(
  prisma: PrismaClient,
  harness: SchemaHarness,
  account: SeededAccount,
): Promise<IsolationWorld> {
  const admin = account.profiles.admin as Profile;
  const { accountId, workspaceId: defaultWorkspaceId } = account;
  const user = await prisma.profile.create({
    data: {
      accountId,
      email: `user-${suffix()}@isolation.test`,
      displayName: "Isolation user",
      workspaces: { create: { workspaceId: defaultWorkspaceId } },
    },
  });
  await prisma.session.create({
    data: {
      id: randomBytes(32).toString("hex"),
      profileId: user.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  const workspace = await prisma.workspace.create({
    data: { accountId, slug: `ws-${suffix()}`, name: "Isolation workspace" },
  });
  const { key } = await seedKey(prisma, { accountId, ownerId: user.id, workspaceIds: [workspace.id] });
  await prisma.keyEvent.createMany({
    data: ["VALID", "IP_DENIED"].map((result) => ({
      accountId,
      apiKeyId: key.id,
      workspaceId: workspace.id,
      module: "AGENTS_EXECUTION" as const,
      action: "verify",
      result,
      ip: "10.1.2.3",
      occurredAt: new Date(),
    })),
  });
  const locked = await seedKey(prisma, { accountId, ownerId: user.id });
  await prisma.apiKey.update({ where: { id: locked.key.id }, data: { lockedAt: new Date() } });
  const tool = await prisma.tool.create({
    data: { accountId, slug: `tool-${suffix()}`, displayName: "Isolation tool", requiresApproval: true },
  });
  const request = (ownerId: string, status: "PENDING" | "APPROVED") =>
    prisma.apiKey.create({
      data: {
        accountId,
        ownerId,
        createdById: ownerId,
        name: `request ${status}`,
        environment: "PRODUCTION",
        module: "INTEGRATIONS",
        permissions: ["READ"],
        status,
        toolId: tool.id,
        purpose: "isolation",
        expiresAt: new Date(Date.now() + 30 * 86_400_000),
        ...(status === "APPROVED" ? { reviewedById: admin.id, reviewedAt: new Date() } : {}),
      },
    });
  const pending = await request(user.id, "PENDING");
  // Claimed by its requester only: the account's admin (the caller of the isolation probes).
  const approved = await request(admin.id, "APPROVED");
  const alert = await prisma.alert.create({
    data: {
      accountId,
      apiKeyId: key.id,
      profileId: user.id,
      kind: "NEW_IP",
      severity: "WARNING",
      message: "Use from a new IP",
      dedupeKey: `new-ip-${suffix()}`,
    },
  });
  const receipt = await prisma.exportReceipt.create({
    data: {
      accountId,
      kind: "AUDIT_LOG",
      format: "CSV",
      filename: `audit-${suffix()}.csv`,
      rowCount: 0,
      sha256: "0".repeat(64),
      createdById: admin.id,
      snapshotSeq: 0,
    },
  });
  const endpoint = await prisma.webhookEndpoint.create({
    data: {
      accountId,
      url: "https://hooks.isolation.test/keyward",
      secret: "not-a-real-secret",
      createdById: admin.id,
    },
  });
  const delivery = await prisma.webhookDelivery.create({
    data: { endpointId: endpoint.id, event: "apiKey.created", payload: { isolation: true } },
  });
  // A real audited change, so the admin is an actor and the service account a target of the log.
  const serviceAccount = await addServiceAccount(
    { prisma, clock: harness.clock, events: harness.events },
    { ...sessionViewer(admin), ip: null },
    { displayName: `Isolation robot ${suffix()}` },
  );
  return {
    Admin: { typename: "Profile", id: admin.id },
    User: { typename: "Profile", id: user.id },
    ServiceAccount: { typename: "Profile", id: serviceAccount.id },
    Workspace: { typename: "Workspace", id: workspace.id },
    ApiKey: { typename: "ApiKey", id: key.id },
    LockedKey: { typename: "ApiKey", id: locked.key.id },
    PendingRequest: { typename: "ApiKey", id: pending.id },
    ApprovedRequest: { typename: "ApiKey", id: approved.id },
    Tool: { typename: "Tool", id: tool.id },
    Alert: { typename: "Alert", id: alert.id },
    ExportReceipt: { typename: "ExportReceipt", id: receipt.id },
    WebhookEndpoint: { typename: "WebhookEndpoint", id: endpoint.id },
    WebhookDelivery: { typename: "WebhookDelivery", id: delivery.id },
  };
}
