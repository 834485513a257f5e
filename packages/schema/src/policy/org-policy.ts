import { z } from "zod";
import { actorOf } from "../audit/audit-actor.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { DomainError } from "../errors/index.ts";
import { parseInput } from "../errors/parse-input.ts";
import type { OrgPolicy, PrismaClient } from "../generated/prisma/client.ts";
import type { Actor } from "../identity/viewer.ts";
import type { PolicyDependencies } from "./policy-dependencies.ts";

/** The policy in force: the stored row, or the defaults when an account never saved one. */
export type EffectiveOrgPolicy = Omit<OrgPolicy, "updatedAt"> & { updatedAt: Date | null };

type PolicySettings = Omit<OrgPolicy, "accountId" | "updatedAt" | "updatedById">;

/** The schema's defaults (prisma/schema.prisma), for accounts without a stored policy. */
export const orgPolicyDefaults: PolicySettings = {
  maxExpiryDays: 365,
  rotationAgeDays: 90,
  rotationGraceDays: 14,
  expiryAlertDays: 14,
  usageMonitoring: true,
  suspiciousActivityDetection: true,
  autoLockSuspicious: false,
  failedAuthBurstThreshold: 20,
  failedAuthBurstWindowSecs: 60,
  requireIpAllowlistInProduction: false,
};

export async function loadOrgPolicy(
  prisma: Pick<PrismaClient, "orgPolicy">,
  accountId: string,
): Promise<EffectiveOrgPolicy> {
  const stored = await prisma.orgPolicy.findUnique({ where: { accountId } });
  return stored ?? { accountId, ...orgPolicyDefaults, updatedAt: null, updatedById: null };
}

const days = (field: string, min: number, max: number) =>
  z
    .number()
    .int(`${field} must be a whole number of days`)
    .min(min, `${field} must be between ${min} and ${max} days`)
    .max(max, `${field} must be between ${min} and ${max} days`);

/** A partial update: omitted fields keep their value; rotationAgeDays null turns auto rotation off. */
export const updateOrgPolicyInput = z
  .object({
    maxExpiryDays: days("maxExpiryDays", 1, 3650),
    rotationAgeDays: days("rotationAgeDays", 1, 3650).nullable(),
    rotationGraceDays: days("rotationGraceDays", 0, 365),
    expiryAlertDays: days("expiryAlertDays", 0, 365),
    usageMonitoring: z.boolean(),
    suspiciousActivityDetection: z.boolean(),
    autoLockSuspicious: z.boolean(),
    failedAuthBurstThreshold: z
      .number()
      .int("failedAuthBurstThreshold must be a whole number")
      .min(2, "failedAuthBurstThreshold must be between 2 and 10000 failures")
      .max(10_000, "failedAuthBurstThreshold must be between 2 and 10000 failures"),
    failedAuthBurstWindowSecs: z
      .number()
      .int("failedAuthBurstWindowSecs must be a whole number")
      .min(10, "failedAuthBurstWindowSecs must be between 10 and 86400 seconds")
      .max(86_400, "failedAuthBurstWindowSecs must be between 10 and 86400 seconds"),
    requireIpAllowlistInProduction: z.boolean(),
  })
  .partial()
  .strict();

export type UpdateOrgPolicyInput = z.input<typeof updateOrgPolicyInput>;

/** Changes the account's policy (partial update), audited with every changed value. */
export async function updateOrgPolicy(
  deps: PolicyDependencies,
  actor: Actor,
  rawInput: unknown,
): Promise<EffectiveOrgPolicy> {
  const input = parseInput(updateOrgPolicyInput, rawInput);
  const now = deps.clock.now();
  return deps.prisma.$transaction(async (tx) => {
    const current = await loadOrgPolicy(tx, actor.accountId);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [field, value] of Object.entries(input) as Array<[keyof PolicySettings, unknown]>) {
      if (value !== undefined && current[field] !== value)
        changes[field] = { from: current[field], to: value };
    }
    const next = { ...current, ...input };
    if (next.autoLockSuspicious && !next.suspiciousActivityDetection) {
      throw new DomainError(
        "VALIDATION_FAILED",
        "Automatic locking needs suspicious-activity detection to be on",
        [{ path: "autoLockSuspicious", message: "needs suspiciousActivityDetection" }],
      );
    }
    if (Object.keys(changes).length === 0) return current;
    const saved = await tx.orgPolicy.upsert({
      where: { accountId: actor.accountId },
      create: { accountId: actor.accountId, ...orgPolicyDefaults, ...input, updatedById: actor.profileId },
      update: { ...input, updatedById: actor.profileId },
    });
    await recordAuditEvent(
      tx,
      actorOf(actor, actor.ip),
      { action: "orgPolicy.updated", targetType: "OrgPolicy", targetId: actor.accountId, data: { changes } },
      now,
    );
    return saved;
  });
}
