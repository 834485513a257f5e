import { usagePressure } from "../analytics/usage-pressure.ts";
import { systemActor } from "../audit/audit-actor.ts";
import type { Alert } from "../generated/prisma/client.ts";
import { publishAlerts, raiseAlert } from "./alerts.ts";
import type { PolicyDependencies } from "./policy-dependencies.ts";

/**
 * Usage monitoring: one admin alert per calendar month once the account has used 80 % of its
 * plan's verifications (critical at 100 %). Null when usage is fine or the month's alert exists.
 */
export async function alertOnUsagePressure(
  deps: PolicyDependencies,
  accountId: string,
  now: Date,
): Promise<Alert | null> {
  const pressure = await usagePressure(deps.prisma, accountId, now);
  if (!pressure.high) return null;
  const month = now.toISOString().slice(0, 7);
  const alert = await deps.prisma.$transaction((tx) =>
    raiseAlert(
      tx,
      {
        accountId,
        apiKeyId: null,
        profileId: null,
        kind: "USAGE_PRESSURE",
        severity: pressure.ratio >= 1 ? "CRITICAL" : "WARNING",
        message: `${pressure.used} of ${pressure.limit} verifications of the plan used in ${month} (${Math.round(pressure.ratio * 100)} %).`,
        data: { used: pressure.used, limit: pressure.limit, month },
        dedupeKey: `usage:${month}`,
      },
      systemActor(accountId),
      "POLICY",
      now,
    ),
  );
  publishAlerts(deps.events, [alert]);
  return alert;
}
