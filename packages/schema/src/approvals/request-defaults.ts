import type { Tool } from "../generated/prisma/client.ts";
import type { Environment, KeyModule, Permission } from "../generated/prisma/enums.ts";
import type { PolicyLimits } from "../keys/create-api-key.ts";

const DAY = 86_400_000;

/**
 * The settings of a key created from a tool request (README, "Approvals and the tool catalogue").
 * Tool keys are provider credentials used by integrations: they read and write, carry no
 * platform scopes, and never Execute or Admin (those need a step-up and an admin's form).
 */
export const requestedKeyDefaults = {
  module: "INTEGRATIONS" satisfies KeyModule,
  permissions: ["READ", "WRITE"] satisfies Permission[],
  scopes: [] as string[],
  /** Every tool key expires (production keys must); the policy's maximum wins when shorter. */
  lifetimeDays: 90,
} as const;

const environmentLabel: Record<Environment, string> = {
  DEVELOPMENT: "development",
  SANDBOX: "sandbox",
  STAGING: "staging",
  PRODUCTION: "production",
};

/** "OpenAI (production)" unless the requester named the key. */
export function defaultRequestName(tool: Pick<Tool, "displayName">, environment: Environment): string {
  return `${tool.displayName.slice(0, 80)} (${environmentLabel[environment]})`;
}

/** Production needs approval only when the tool asks for it (seed 004). */
export function requiresReview(tool: Pick<Tool, "requiresApproval">, environment: Environment): boolean {
  return tool.requiresApproval && environment === "PRODUCTION";
}

/**
 * The expiry of a tool key, counted from the moment its secret exists (issue or claim), so a
 * request that waits for review does not lose lifetime.
 */
export function requestedKeyExpiry(now: Date, policy: PolicyLimits): Date {
  const days = Math.min(requestedKeyDefaults.lifetimeDays, policy.maxExpiryDays);
  return new Date(now.getTime() + days * DAY);
}
