import type { AuditActor } from "../audit/audit-actor.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Alert, AlertKind, AlertSeverity, ApiKey, Prisma } from "../generated/prisma/client.ts";
import { publishKeyChanges } from "../keys/publish-key-changes.ts";
import { isReleasedDedupeKey, publishAlerts, raiseAlert, resolveAlertInTransaction } from "./alerts.ts";
import { type EffectiveOrgPolicy, loadOrgPolicy } from "./org-policy.ts";
import type { PolicyDependencies } from "./policy-dependencies.ts";
import { DAY_MS, keyViolations, type PolicyRule, policyRules, rotationDueDate } from "./policy-rules.ts";

export type PolicyActionKind =
  | "ROTATION_DUE_SET"
  | "ROTATION_DUE_CLEARED"
  | "KEY_EXPIRED"
  | "ALERT_RAISED"
  | "ALERT_RESOLVED";

export interface PolicyAction {
  kind: PolicyActionKind;
  key: ApiKey;
  /** The rule the action answers (null for an alert resolved because its condition cleared). */
  rule: PolicyRule | null;
  alert: Alert | null;
}

export interface PolicyViolation {
  key: ApiKey;
  rules: PolicyRule[];
}

export interface PolicyReport {
  /** Keys evaluated: every key whose stored status is ACTIVE (expired and locked ones included). */
  evaluated: number;
  acted: boolean;
  evaluatedAt: Date;
  violations: PolicyViolation[];
  actions: PolicyAction[];
}

export interface ApplyPolicyOptions {
  /** false: report only. true: act on what was found. */
  act: boolean;
  /** Only these rules (the scheduler's expiry-alert job); all when omitted. */
  rules?: readonly PolicyRule[];
}

interface AlertSlot {
  /** Part of the dedupe key: rules that lead to the same alert share a slot. */
  slot: string;
  kind: AlertKind;
  severity: AlertSeverity;
}

const slots: Record<PolicyRule, AlertSlot> = {
  ROTATION_DUE: { slot: "ROTATION_DUE", kind: "ROTATION_DUE", severity: "WARNING" },
  // An overdue key is expired: its owner hears about the expiry.
  ROTATION_OVERDUE: { slot: "EXPIRED", kind: "EXPIRED", severity: "CRITICAL" },
  EXPIRING_SOON: { slot: "EXPIRING", kind: "EXPIRING", severity: "WARNING" },
  EXPIRED: { slot: "EXPIRED", kind: "EXPIRED", severity: "INFO" },
  NO_EXPIRY_IN_PRODUCTION: { slot: "NO_EXPIRY_IN_PRODUCTION", kind: "POLICY_VIOLATION", severity: "WARNING" },
  EXPIRY_BEYOND_MAXIMUM: { slot: "EXPIRY_BEYOND_MAXIMUM", kind: "POLICY_VIOLATION", severity: "WARNING" },
  MISSING_IP_ALLOWLIST_IN_PRODUCTION: {
    slot: "MISSING_IP_ALLOWLIST_IN_PRODUCTION",
    kind: "POLICY_VIOLATION",
    severity: "WARNING",
  },
};

const POLICY_PREFIX = "policy:";
const dedupeKeyOf = (rule: PolicyRule, keyId: string) => `${POLICY_PREFIX}${slots[rule].slot}:${keyId}`;
/** The slot of a policy dedupe key ("policy:<slot>:<keyId>"). */
const slotOf = (dedupeKey: string) => dedupeKey.slice(POLICY_PREFIX.length).split(":", 1)[0] ?? "";

const days = (ms: number) => Math.floor(ms / DAY_MS);

function alertMessage(rule: PolicyRule, key: ApiKey, policy: EffectiveOrgPolicy, now: Date): string {
  const name = `"${key.name}"`;
  const age = days(now.getTime() - key.createdAt.getTime());
  switch (rule) {
    case "ROTATION_DUE":
      return `Key ${name} is ${age} days old: rotate it (the policy rotates keys every ${policy.rotationAgeDays} days; it expires ${policy.rotationGraceDays} days after that).`;
    case "ROTATION_OVERDUE":
      return `Key ${name} was not rotated within ${policy.rotationGraceDays} days of being due and has been expired by the policy.`;
    case "EXPIRING_SOON":
      return `Key ${name} expires on ${key.expiresAt?.toISOString().slice(0, 10)}: rotate it before then.`;
    case "EXPIRED":
      return `Key ${name} has expired.`;
    case "NO_EXPIRY_IN_PRODUCTION":
      return `Production key ${name} never expires: the policy requires an expiry on production keys.`;
    case "EXPIRY_BEYOND_MAXIMUM":
      return `Key ${name} lives longer than the policy's maximum of ${policy.maxExpiryDays} days.`;
    case "MISSING_IP_ALLOWLIST_IN_PRODUCTION":
      return `Production key ${name} has no IP allowlist: the policy requires one.`;
  }
}

interface KeyOutcome {
  key: ApiKey;
  actions: PolicyAction[];
  alerts: Alert[];
  expired: boolean;
}

/** Acts on one key in one transaction: rotation-due date, expiry of overdue keys, owner alerts. */
async function actOnKey(
  tx: Prisma.TransactionClient,
  actor: AuditActor,
  key: ApiKey,
  rules: readonly PolicyRule[],
  considered: ReadonlySet<PolicyRule>,
  policy: EffectiveOrgPolicy,
  now: Date,
): Promise<KeyOutcome> {
  const actions: PolicyAction[] = [];
  const alerts: Alert[] = [];
  let current = key;
  let expired = false;

  // From the key itself: `rules` may leave EXPIRED out (a pass limited to some rules).
  const isExpired = key.expiresAt !== null && key.expiresAt.getTime() <= now.getTime();
  if (considered.has("ROTATION_DUE") && !isExpired) {
    const wanted = rules.includes("ROTATION_DUE") ? rotationDueDate(key, policy) : null;
    if ((wanted?.getTime() ?? null) !== (key.rotationDueAt?.getTime() ?? null)) {
      // Conditional on the value read: of two concurrent evaluations only one writes and audits.
      const updated = await tx.apiKey.updateMany({
        where: { id: key.id, rotationDueAt: key.rotationDueAt },
        data: { rotationDueAt: wanted },
      });
      if (updated.count === 1) {
        await recordAuditEvent(
          tx,
          actor,
          {
            action: wanted ? "apiKey.rotationDue" : "apiKey.rotationDueCleared",
            targetType: "ApiKey",
            targetId: key.id,
            cause: "POLICY",
            data: { ownerId: key.ownerId, rotationDueAt: wanted?.toISOString() ?? null },
          },
          now,
        );
        actions.push({
          kind: wanted ? "ROTATION_DUE_SET" : "ROTATION_DUE_CLEARED",
          key,
          rule: wanted ? "ROTATION_DUE" : null,
          alert: null,
        });
      }
    }
  }

  if (rules.includes("ROTATION_OVERDUE")) {
    const updated = await tx.apiKey.updateMany({
      where: { id: key.id, status: "ACTIVE", OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      // EXPIRED is derived from expiresAt: the key stays ACTIVE in storage, and nothing is revoked.
      data: { expiresAt: now },
    });
    if (updated.count === 1) {
      expired = true;
      await recordAuditEvent(
        tx,
        actor,
        {
          action: "apiKey.expired",
          targetType: "ApiKey",
          targetId: key.id,
          cause: "POLICY",
          data: {
            ownerId: key.ownerId,
            rule: "ROTATION_OVERDUE",
            previousExpiresAt: key.expiresAt?.toISOString() ?? null,
            rotationAgeDays: policy.rotationAgeDays,
            rotationGraceDays: policy.rotationGraceDays,
          },
        },
        now,
      );
      actions.push({ kind: "KEY_EXPIRED", key, rule: "ROTATION_OVERDUE", alert: null });
    }
  }

  for (const rule of rules) {
    // The expiry alert of an overdue key says it all; no separate "rotate soon" alert.
    if (rule === "ROTATION_DUE" && rules.includes("ROTATION_OVERDUE")) continue;
    if (rule === "ROTATION_OVERDUE" && !expired) continue;
    const slot = slots[rule];
    const alert = await raiseAlert(
      tx,
      {
        accountId: key.accountId,
        apiKeyId: key.id,
        profileId: key.ownerId,
        kind: slot.kind,
        severity: slot.severity,
        message: alertMessage(rule, key, policy, now),
        data: { rule },
        dedupeKey: dedupeKeyOf(rule, key.id),
      },
      actor,
      "POLICY",
      now,
    );
    if (alert) {
      alerts.push(alert);
      actions.push({ kind: "ALERT_RAISED", key, rule, alert });
    }
  }

  if (actions.some((action) => action.kind !== "ALERT_RAISED")) {
    current = await tx.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    for (const action of actions) action.key = current;
  }
  return { key: current, actions, alerts, expired };
}

/**
 * Evaluates every active key of the actor's account against the policy and reports what each
 * violates; with `act`, acts on it (rotation-due dates, owner alerts, expiry of overdue keys, and
 * resolution of policy alerts whose condition has cleared), every change audited with cause POLICY.
 */
export async function applyOrgPolicy(
  deps: PolicyDependencies,
  actor: AuditActor,
  options: ApplyPolicyOptions,
): Promise<PolicyReport> {
  const now = deps.clock.now();
  const accountId = actor.accountId;
  const considered: ReadonlySet<PolicyRule> = new Set(options.rules ?? policyRules);
  const policy = await loadOrgPolicy(deps.prisma, accountId);
  const keys = await deps.prisma.apiKey.findMany({
    where: { accountId, status: "ACTIVE" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const violations: PolicyViolation[] = [];
  for (const key of keys) {
    const rules = keyViolations(key, policy, now).filter((rule) => considered.has(rule));
    if (rules.length > 0) violations.push({ key, rules });
  }
  const report: PolicyReport = {
    evaluated: keys.length,
    acted: options.act,
    evaluatedAt: now,
    violations,
    actions: [],
  };
  if (!options.act) return report;

  const rulesByKey = new Map(violations.map((violation) => [violation.key.id, violation.rules]));
  for (const key of keys) {
    const rules = rulesByKey.get(key.id) ?? [];
    // Keys without violations may still carry a rotation-due date to clear.
    if (rules.length === 0 && key.rotationDueAt === null) continue;
    const outcome = await deps.prisma.$transaction((tx) =>
      actOnKey(tx, actor, key, rules, considered, policy, now),
    );
    publishAlerts(deps.events, outcome.alerts);
    if (outcome.expired) publishKeyChanges(deps.events, [outcome.key], "EXPIRED");
    report.actions.push(...outcome.actions);
    const violation = violations.find((candidate) => candidate.key.id === key.id);
    if (violation) violation.key = outcome.key;
  }
  report.actions.push(...(await resolveClearedAlerts(deps, actor, violations, considered, now)));
  return report;
}

/** Policy alerts whose condition no longer holds (key fixed, rotated, revoked, policy changed). */
async function resolveClearedAlerts(
  deps: PolicyDependencies,
  actor: AuditActor,
  violations: readonly PolicyViolation[],
  considered: ReadonlySet<PolicyRule>,
  now: Date,
): Promise<PolicyAction[]> {
  // The EXPIRED slot belongs to the EXPIRED rule: an overdue key only borrows it when it is expired.
  const consideredSlots = new Set(
    [...considered].filter((rule) => rule !== "ROTATION_OVERDUE").map((rule) => slots[rule].slot),
  );
  const standing = new Set(
    violations.flatMap((violation) => violation.rules.map((rule) => dedupeKeyOf(rule, violation.key.id))),
  );
  // An overdue key keeps its rotation alert until the next evaluation finds it expired.
  for (const violation of violations) {
    if (violation.rules.includes("ROTATION_OVERDUE"))
      standing.add(dedupeKeyOf("ROTATION_DUE", violation.key.id));
  }
  const candidates = await deps.prisma.alert.findMany({
    where: { accountId: actor.accountId, dedupeKey: { startsWith: POLICY_PREFIX } },
    orderBy: { createdAt: "asc" },
  });
  const cleared = candidates.filter(
    (alert) =>
      !isReleasedDedupeKey(alert.dedupeKey) &&
      consideredSlots.has(slotOf(alert.dedupeKey)) &&
      !standing.has(alert.dedupeKey),
  );
  if (cleared.length === 0) return [];
  const keys = await deps.prisma.apiKey.findMany({
    where: { id: { in: cleared.flatMap((alert) => (alert.apiKeyId ? [alert.apiKeyId] : [])) } },
  });
  const keyById = new Map(keys.map((key) => [key.id, key]));
  const actions: PolicyAction[] = [];
  for (const alert of cleared) {
    const key = alert.apiKeyId ? keyById.get(alert.apiKeyId) : undefined;
    const resolved = await deps.prisma.$transaction((tx) =>
      resolveAlertInTransaction(tx, actor, alert.id, "CONDITION_CLEARED", now),
    );
    // An alert a person already resolved gives up its dedupe key quietly; only open ones are actions.
    if (key && alert.resolvedAt === null)
      actions.push({ kind: "ALERT_RESOLVED", key, rule: null, alert: resolved });
  }
  return actions;
}
