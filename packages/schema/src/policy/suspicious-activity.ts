import { systemActor } from "../audit/audit-actor.ts";
import type { Alert, ApiKey, OrgPolicy } from "../generated/prisma/client.ts";
import { publishKeyChanges } from "../keys/publish-key-changes.ts";
import { type AlertDraft, publishAlerts, raiseAlert } from "./alerts.ts";
import { lockKeyInTransaction } from "./key-lock.ts";
import type { PolicyDependencies } from "./policy-dependencies.ts";

export type DetectionKind = "FAILED_AUTH_BURST" | "NEW_IP" | "ENVIRONMENT_MISMATCH";

/** Something suspicious, found live (events) or by the periodic scan (stored activity). */
export interface Detection {
  accountId: string;
  kind: DetectionKind;
  /** The key concerned; null for a burst from one IP across keys (or unknown tokens). */
  apiKeyId: string | null;
  ip: string | null;
  /** Bursts per IP: the IP; new IPs: the network; otherwise null. */
  subject: string | null;
  /** Failures counted (bursts). */
  failures?: number;
  windowSecs?: number;
  occurredAt: Date;
  source: "LIVE" | "SCAN";
}

export interface DetectionOutcome {
  /** The alert raised, or null when an open alert already covered the incident. */
  alert: Alert | null;
  locked: ApiKey | null;
}

type KeySummary = Pick<ApiKey, "id" | "name" | "ownerId" | "environment">;

function dedupeKeyOf(detection: Detection): string {
  switch (detection.kind) {
    case "FAILED_AUTH_BURST":
      return detection.apiKeyId ? `burst:key:${detection.apiKeyId}` : `burst:ip:${detection.subject}`;
    case "NEW_IP":
      return `new-ip:${detection.apiKeyId}:${detection.subject}`;
    case "ENVIRONMENT_MISMATCH":
      return `environment:${detection.apiKeyId}`;
  }
}

function messageOf(detection: Detection, key: KeySummary | null): string {
  const name = key ? `key "${key.name}"` : "";
  switch (detection.kind) {
    case "FAILED_AUTH_BURST":
      return key
        ? `${detection.failures} failed verifications of ${name} within ${detection.windowSecs} s`
        : `${detection.failures} failed verifications from ${detection.subject} within ${detection.windowSecs} s`;
    case "NEW_IP":
      return `First use of ${name} from the network ${detection.subject} (${detection.ip})`;
    case "ENVIRONMENT_MISMATCH":
      return `The ${key?.environment.toLowerCase()} ${name} was presented for another environment${detection.ip ? ` from ${detection.ip}` : ""}`;
  }
}

/**
 * Raises the detection's alert (deduplicated) for the key's owner, or for admins when no key is
 * concerned; when the policy locks suspicious keys and this is a new incident, locks the key and
 * raises a KEY_LOCKED alert. Audited with cause SUSPICIOUS_ACTIVITY; published after commit.
 */
export async function reportSuspiciousActivity(
  deps: PolicyDependencies,
  policy: Pick<OrgPolicy, "autoLockSuspicious">,
  detection: Detection,
): Promise<DetectionOutcome> {
  const now = deps.clock.now();
  const actor = systemActor(detection.accountId);
  const outcome = await deps.prisma.$transaction(async (tx) => {
    let key: KeySummary | null = null;
    if (detection.apiKeyId !== null) {
      key = await tx.apiKey.findFirst({
        where: { id: detection.apiKeyId, accountId: detection.accountId },
        select: { id: true, name: true, ownerId: true, environment: true },
      });
      if (key === null) return { alert: null, lockAlert: null, locked: null };
    }
    const draft: AlertDraft = {
      accountId: detection.accountId,
      apiKeyId: key?.id ?? null,
      profileId: key?.ownerId ?? null,
      kind: detection.kind,
      severity: "WARNING",
      message: messageOf(detection, key),
      data: {
        ip: detection.ip,
        subject: detection.subject,
        failures: detection.failures ?? null,
        windowSecs: detection.windowSecs ?? null,
        occurredAt: detection.occurredAt.toISOString(),
        source: detection.source,
      },
      dedupeKey: dedupeKeyOf(detection),
    };
    const alert = await raiseAlert(tx, draft, actor, "SUSPICIOUS_ACTIVITY", now);
    // Only a new incident locks: an admin who unlocked a key during an open incident is not overruled.
    if (alert === null || key === null || !policy.autoLockSuspicious)
      return { alert, lockAlert: null, locked: null };
    const locked = await lockKeyInTransaction(
      tx,
      actor,
      key.id,
      { alertId: alert.id, kind: detection.kind },
      now,
    );
    if (locked === null) return { alert, lockAlert: null, locked: null };
    const lockAlert = await raiseAlert(
      tx,
      {
        accountId: detection.accountId,
        apiKeyId: key.id,
        profileId: key.ownerId,
        kind: "KEY_LOCKED",
        severity: "CRITICAL",
        message: `Key "${key.name}" was locked automatically: ${draft.message}. Rotate it, or ask an admin to unlock it.`,
        data: { alertId: alert.id, reason: detection.kind },
        dedupeKey: `locked:${key.id}`,
      },
      actor,
      "SUSPICIOUS_ACTIVITY",
      now,
    );
    return { alert, lockAlert, locked };
  });
  publishAlerts(deps.events, [outcome.alert, outcome.lockAlert]);
  // Every instance drops its cached record: the lock takes effect on the next verification.
  if (outcome.locked) publishKeyChanges(deps.events, [outcome.locked], "LOCKED");
  return { alert: outcome.alert, locked: outcome.locked };
}
