import { type AuditActor, actorOf } from "../audit/audit-actor.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { notFound } from "../errors/index.ts";
import type { EventBus } from "../events/index.ts";
import type { Alert, AlertKind, AlertSeverity, Prisma } from "../generated/prisma/client.ts";
import type { Actor } from "../identity/viewer.ts";
import type { PolicyDependencies } from "./policy-dependencies.ts";

export interface AlertDraft {
  accountId: string;
  apiKeyId: string | null;
  /** Who should act (the key's owner); null for account-wide alerts that only admins see. */
  profileId: string | null;
  kind: AlertKind;
  severity: AlertSeverity;
  message: string;
  data?: Record<string, unknown>;
  /** One open alert per dedupe key (per account): raising it again while open does nothing. */
  dedupeKey: string;
}

/**
 * Kinds that describe a standing condition (a key is rotation-due, expiring…): a person who
 * resolves one acknowledges that condition, so the same condition does not raise it again. Every
 * other kind is an incident: once resolved, the next incident raises a new alert.
 */
const conditionKinds: ReadonlySet<AlertKind> = new Set<AlertKind>([
  "ROTATION_DUE",
  "EXPIRING",
  "EXPIRED",
  "POLICY_VIOLATION",
  "USAGE_PRESSURE",
]);

/** Resolved alerts that give up their dedupe key keep it under this suffix (unique: their id). */
const RELEASED = "~";

export const isReleasedDedupeKey = (dedupeKey: string) => dedupeKey.includes(RELEASED);

/**
 * Raises an alert unless one with the same dedupe key exists (an insert that skips conflicts, so
 * concurrent raisers on several instances produce one alert). Audited with `cause`.
 * Returns the new alert, or null when it was a duplicate.
 */
export async function raiseAlert(
  tx: Prisma.TransactionClient,
  draft: AlertDraft,
  actor: AuditActor,
  cause: string,
  now: Date,
): Promise<Alert | null> {
  const [alert] = await tx.alert.createManyAndReturn({
    data: [{ ...draft, data: (draft.data ?? {}) as Prisma.InputJsonObject, createdAt: now }],
    skipDuplicates: true,
  });
  if (alert === undefined) return null;
  await recordAuditEvent(
    tx,
    actor,
    {
      action: "alert.raised",
      targetType: "Alert",
      targetId: alert.id,
      cause,
      data: {
        kind: alert.kind,
        severity: alert.severity,
        apiKeyId: alert.apiKeyId,
        profileId: alert.profileId,
      },
    },
    now,
  );
  return alert;
}

/** After commit: every raised alert goes out live. */
export function publishAlerts(events: EventBus, alerts: readonly (Alert | null)[]): void {
  for (const alert of alerts) {
    if (alert === null) continue;
    events.publish("alert.raised", {
      accountId: alert.accountId,
      alertId: alert.id,
      kind: alert.kind,
      severity: alert.severity,
      apiKeyId: alert.apiKeyId,
      profileId: alert.profileId,
      message: alert.message,
      createdAt: alert.createdAt,
    });
  }
}

/**
 * Resolves an open alert. `conditionCleared` (policy evaluation found the condition gone) always
 * releases the dedupe key; a person's resolution releases it for incidents only (see above).
 * Resolving a resolved alert again changes nothing.
 */
export async function resolveAlertInTransaction(
  tx: Prisma.TransactionClient,
  actor: AuditActor,
  alertId: string,
  how: "PERSON" | "CONDITION_CLEARED",
  now: Date,
): Promise<Alert> {
  const alert = await tx.alert.findFirst({ where: { id: alertId, accountId: actor.accountId } });
  if (!alert) throw notFound("Alert");
  const released = `${alert.dedupeKey}${RELEASED}${alert.id}`;
  if (alert.resolvedAt !== null) {
    // An acknowledged condition that has now cleared: if it comes back, it is news again.
    if (how === "CONDITION_CLEARED" && !isReleasedDedupeKey(alert.dedupeKey)) {
      return tx.alert.update({ where: { id: alert.id }, data: { dedupeKey: released } });
    }
    return alert;
  }
  const release = how === "CONDITION_CLEARED" || !conditionKinds.has(alert.kind);
  const updated = await tx.alert.updateMany({
    where: { id: alert.id, resolvedAt: null },
    data: { resolvedAt: now, ...(release ? { dedupeKey: released } : {}) },
  });
  const resolved = await tx.alert.findUniqueOrThrow({ where: { id: alert.id } });
  if (updated.count === 0) return resolved;
  await recordAuditEvent(
    tx,
    actor,
    {
      action: "alert.resolved",
      targetType: "Alert",
      targetId: alert.id,
      cause: how === "CONDITION_CLEARED" ? "POLICY" : null,
      data: { kind: alert.kind, apiKeyId: alert.apiKeyId, how },
    },
    now,
  );
  return resolved;
}

/** A person resolves an alert (the GraphQL layer admits admins and the alert's profile). */
export async function resolveAlert(deps: PolicyDependencies, actor: Actor, alertId: string): Promise<Alert> {
  const now = deps.clock.now();
  return deps.prisma.$transaction((tx) =>
    resolveAlertInTransaction(tx, actorOf(actor, actor.ip), alertId, "PERSON", now),
  );
}
