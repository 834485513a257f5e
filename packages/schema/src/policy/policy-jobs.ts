import { systemActor } from "../audit/audit-actor.ts";
import { scanAccountActivity } from "./anomaly-scan.ts";
import { applyOrgPolicy } from "./apply-org-policy.ts";
import { type EffectiveOrgPolicy, orgPolicyDefaults } from "./org-policy.ts";
import type { PolicyDependencies } from "./policy-dependencies.ts";
import type { ScheduledJob } from "./scheduler.ts";
import { alertOnUsagePressure } from "./usage-monitoring.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export interface PolicyJobOptions {
  /** Policy enforcement (accounts with auto rotation). Default 1 h. */
  enforceIntervalMs?: number;
  /** Expiry alerts and usage monitoring (the other accounts). Default 1 h. */
  alertIntervalMs?: number;
  /** Scan of stored activity for suspicious activity. Default 5 min. */
  scanIntervalMs?: number;
  /** The scan never reaches back further than this (after a long outage). Default 24 h. */
  maxScanLookbackMs?: number;
  /** How long after it happened activity is surely stored (the writer's batching). Default 1 min. */
  scanSettleMs?: number;
}

async function accountPolicies(deps: PolicyDependencies): Promise<EffectiveOrgPolicy[]> {
  const accounts = await deps.prisma.account.findMany({
    select: { id: true, policy: true },
    orderBy: { id: "asc" },
  });
  return accounts.map(
    (account) =>
      account.policy ?? { accountId: account.id, ...orgPolicyDefaults, updatedAt: null, updatedById: null },
  );
}

/**
 * The periodic jobs of the policy domain (run by the scheduler on every instance, once):
 * - policy.enforce: applyOrgPolicy with act=true for every account with auto rotation on
 *   (rotationAgeDays set); for the others, only the rotation rules, which clears what an earlier
 *   rotation setting left behind;
 * - policy.alerts: expiry alerts for accounts not enforced above (expiryAlertDays > 0), and the
 *   usage-pressure alert for accounts with usage monitoring;
 * - anomaly.scan: suspicious-activity detection over the activity stored since the last scan.
 */
export function createPolicyJobs(deps: PolicyDependencies, options: PolicyJobOptions = {}): ScheduledJob[] {
  const scanIntervalMs = options.scanIntervalMs ?? 5 * MINUTE_MS;
  const maxScanLookbackMs = options.maxScanLookbackMs ?? 24 * HOUR_MS;
  const settleMs = options.scanSettleMs ?? MINUTE_MS;
  return [
    {
      name: "policy.enforce",
      intervalMs: options.enforceIntervalMs ?? HOUR_MS,
      async run() {
        const totals = { accounts: 0, violations: 0, actions: 0 };
        for (const policy of await accountPolicies(deps)) {
          const enforced = policy.rotationAgeDays !== null;
          const report = await applyOrgPolicy(deps, systemActor(policy.accountId), {
            act: true,
            ...(enforced ? {} : { rules: ["ROTATION_DUE", "ROTATION_OVERDUE"] as const }),
          });
          totals.accounts++;
          totals.violations += report.violations.length;
          totals.actions += report.actions.length;
        }
        return totals;
      },
    },
    {
      name: "policy.alerts",
      intervalMs: options.alertIntervalMs ?? HOUR_MS,
      async run({ now }) {
        const totals = { accounts: 0, alerts: 0 };
        for (const policy of await accountPolicies(deps)) {
          if (policy.rotationAgeDays === null && policy.expiryAlertDays > 0) {
            const report = await applyOrgPolicy(deps, systemActor(policy.accountId), {
              act: true,
              rules: ["EXPIRING_SOON", "EXPIRED"],
            });
            totals.accounts++;
            totals.alerts += report.actions.filter((action) => action.kind === "ALERT_RAISED").length;
          }
          if (policy.usageMonitoring && (await alertOnUsagePressure(deps, policy.accountId, now)))
            totals.alerts++;
        }
        return totals;
      },
    },
    {
      name: "anomaly.scan",
      intervalMs: scanIntervalMs,
      async run({ now, previousRunAt }) {
        // Activity is written in batches a moment after it happens: each scan stops short of now
        // by the settle time, and the next one starts where this one stopped.
        const until = new Date(now.getTime() - settleMs);
        const from = (previousRunAt?.getTime() ?? now.getTime() - scanIntervalMs) - settleMs;
        const since = new Date(Math.max(from, now.getTime() - maxScanLookbackMs));
        const totals = { accounts: 0, detections: 0, alerts: 0, locked: 0, since: since.toISOString() };
        for (const policy of await accountPolicies(deps)) {
          if (!policy.suspiciousActivityDetection) continue;
          const result = await scanAccountActivity(deps, policy.accountId, policy, since, until);
          totals.accounts++;
          totals.detections += result.detections;
          totals.alerts += result.alerts;
          totals.locked += result.locked;
        }
        return totals;
      },
    },
  ];
}
