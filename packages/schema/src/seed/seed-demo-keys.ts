import type { Environment, KeyModule, Permission, PrismaClient } from "../generated/prisma/client.ts";
import { generateToken } from "../keys/token-format.ts";

interface DemoKey {
  name: string;
  owner: "admin" | "developer" | "service";
  environment: Environment;
  module: KeyModule;
  permissions: Permission[];
  scopes: string[];
  expiresInDays: number | null;
  uses: number;
  failures: number;
}

const demoKeys: DemoKey[] = [
  {
    name: "Agents Execution Key",
    owner: "service",
    environment: "PRODUCTION",
    module: "AGENTS_EXECUTION",
    permissions: ["EXECUTE"],
    scopes: ["runs:write", "runs:manage"],
    expiresInDays: 60,
    uses: 240,
    failures: 6,
  },
  {
    name: "Workflow Trigger Key",
    owner: "developer",
    environment: "STAGING",
    module: "WORKFLOW_AUTOMATION",
    permissions: ["WRITE"],
    scopes: ["runs:write"],
    expiresInDays: 90,
    uses: 120,
    failures: 2,
  },
  {
    name: "Sandbox Runner Key",
    owner: "developer",
    environment: "SANDBOX",
    module: "SANDBOX",
    permissions: ["READ", "WRITE"],
    scopes: ["runs:write"],
    expiresInDays: 30,
    uses: 60,
    failures: 0,
  },
  {
    name: "Gateway Verifier",
    owner: "admin",
    environment: "PRODUCTION",
    module: "GOVERNANCE",
    permissions: ["READ"],
    scopes: ["keys:verify"],
    expiresInDays: 90,
    uses: 30,
    failures: 1,
  },
  {
    name: "Monitoring Ingest Key",
    owner: "service",
    environment: "DEVELOPMENT",
    module: "MONITORING_LOGS",
    permissions: ["WRITE"],
    scopes: [],
    expiresInDays: null,
    uses: 0,
    failures: 0,
  },
];

const DAY = 86_400_000;

/**
 * A few keys with a week of activity for the demo account. Their tokens are discarded: nobody
 * can use a demo key, so the seed never prints or stores a secret.
 */
export async function seedDemoKeys(prisma: PrismaClient, accountId: string, now = new Date()): Promise<void> {
  const profiles = await prisma.profile.findMany({ where: { accountId } });
  const workspace = await prisma.workspace.findFirstOrThrow({ where: { accountId } });
  const ownerOf = {
    admin: profiles.find((profile) => profile.role === "SUPER_ADMIN"),
    developer: profiles.find((profile) => profile.kind === "USER" && profile.role === "USER"),
    service: profiles.find((profile) => profile.kind === "SERVICE_ACCOUNT"),
  };
  const admin = ownerOf.admin;
  if (!admin) return;
  for (const demo of demoKeys) {
    const owner = ownerOf[demo.owner] ?? admin;
    const generated = generateToken(demo.environment);
    const key = await prisma.apiKey.create({
      data: {
        accountId,
        name: demo.name,
        ownerId: owner.id,
        createdById: admin.id,
        displayHint: generated.displayHint,
        hash: generated.hash,
        environment: demo.environment,
        module: demo.module,
        permissions: demo.permissions,
        scopes: demo.scopes,
        status: "ACTIVE",
        expiresAt: demo.expiresInDays ? new Date(now.getTime() + demo.expiresInDays * DAY) : null,
        lastUsedAt: demo.uses > 0 ? new Date(now.getTime() - 3_600_000) : null,
        lastUsedIp: demo.uses > 0 ? "10.20.0.7" : null,
        workspaces: { create: { workspaceId: workspace.id, grantedById: admin.id } },
      },
    });
    const events = [
      ...Array.from({ length: demo.uses }, (_, index) => ({ index, result: "VALID" })),
      ...Array.from({ length: demo.failures }, (_, index) => ({ index, result: "IP_DENIED" })),
    ].map(({ index, result }) => ({
      accountId,
      apiKeyId: key.id,
      workspaceId: workspace.id,
      module: demo.module,
      action: "verify",
      result,
      ip: result === "VALID" ? "10.20.0.7" : "203.0.113.9",
      // Spread over the last seven days, on whole minutes.
      occurredAt: new Date(Math.floor((now.getTime() - ((index * 7919) % (7 * DAY))) / 60_000) * 60_000),
    }));
    if (events.length === 0) continue;
    await prisma.keyEvent.createMany({ data: events });
    const rollups = new Map<string, { minute: Date; result: string; count: number }>();
    for (const event of events) {
      const id = `${event.occurredAt.getTime()}:${event.result}`;
      const entry = rollups.get(id) ?? { minute: event.occurredAt, result: event.result, count: 0 };
      entry.count += 1;
      rollups.set(id, entry);
    }
    await prisma.usageRollup.createMany({
      data: [...rollups.values()].map((rollup) => ({ accountId, apiKeyId: key.id, ...rollup })),
    });
  }
}
