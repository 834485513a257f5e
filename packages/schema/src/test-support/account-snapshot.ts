import { Prisma, type PrismaClient } from "../generated/prisma/client.ts";

// Every row an account owns, table by table: compared before and after a probe to prove that a
// call naming another account's object changed nothing there (audit events included).

/** Tables with no account (the scheduler's bookkeeping). */
const accountlessModels = new Set<string>(["SchedulerRun"]);

const canonical = (rows: unknown[]) =>
  rows
    .map((row) =>
      JSON.stringify(row, (_key, value) => (typeof value === "bigint" ? value.toString() : value)),
    )
    .sort();

/** The account's rows as canonical JSON per model (sorted, so order never matters). */
export async function accountSnapshot(prisma: PrismaClient, accountId: string) {
  const byAccount = { accountId };
  const tables: Record<string, unknown[]> = {
    Account: await prisma.account.findMany({ where: { id: accountId } }),
    Workspace: await prisma.workspace.findMany({ where: byAccount }),
    Profile: await prisma.profile.findMany({ where: byAccount }),
    ProfileWorkspace: await prisma.profileWorkspace.findMany({ where: { profile: byAccount } }),
    ApiKey: await prisma.apiKey.findMany({ where: byAccount }),
    ApiKeyWorkspace: await prisma.apiKeyWorkspace.findMany({ where: { apiKey: byAccount } }),
    Tool: await prisma.tool.findMany({ where: byAccount }),
    Session: await prisma.session.findMany({ where: { profile: byAccount } }),
    KeyEvent: await prisma.keyEvent.findMany({ where: byAccount }),
    KeyNetwork: await prisma.keyNetwork.findMany({ where: { apiKey: byAccount } }),
    UsageRollup: await prisma.usageRollup.findMany({ where: byAccount }),
    AuditEvent: await prisma.auditEvent.findMany({ where: byAccount }),
    ExportReceipt: await prisma.exportReceipt.findMany({ where: byAccount }),
    ExportChunk: await prisma.exportChunk.findMany({ where: { receipt: byAccount } }),
    OrgPolicy: await prisma.orgPolicy.findMany({ where: byAccount }),
    Alert: await prisma.alert.findMany({ where: byAccount }),
    WebhookEndpoint: await prisma.webhookEndpoint.findMany({ where: byAccount }),
    WebhookDelivery: await prisma.webhookDelivery.findMany({ where: { endpoint: byAccount } }),
  };
  const missing = Object.values(Prisma.ModelName).filter(
    (model) => !accountlessModels.has(model) && !(model in tables),
  );
  if (missing.length > 0) throw new Error(`accountSnapshot does not read ${missing.join(", ")}: add them`);
  return Object.fromEntries(Object.entries(tables).map(([model, rows]) => [model, canonical(rows)]));
}
