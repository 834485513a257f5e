import { LRUCache } from "lru-cache";
import type { AuthFailureEvent, KeyActivityEvent } from "../events/index.ts";
import { createBurstCounter } from "./burst-counter.ts";
import { networkOf } from "./ip-network.ts";
import { recordKeyNetwork } from "./key-networks.ts";
import { type EffectiveOrgPolicy, loadOrgPolicy } from "./org-policy.ts";
import type { PolicyDependencies } from "./policy-dependencies.ts";
import { type Detection, type DetectionOutcome, reportSuspiciousActivity } from "./suspicious-activity.ts";

export interface AnomalyDetectorOptions {
  deps: PolicyDependencies;
  /** How long an account's policy is reused before it is read again. Default 30 s. */
  policyTtlMs?: number;
  /** Keys and IPs tracked for live bursts at most. Default 10 000. */
  maxSubjects?: number;
  /** The detector's own failures (database errors): it never throws into the event bus. */
  onError?: (error: unknown) => void;
  /** Called for every detection with what came of it (logs, metrics). */
  onDetection?: (detection: Detection, outcome: DetectionOutcome) => void;
}

export interface AnomalyDetector {
  /** Subscribes to "auth.failure" and "key.activity". */
  start(): void;
  /** Unsubscribes and waits for the work already started. */
  stop(): Promise<void>;
  /** Resolves when every event received so far has been handled. */
  settled(): Promise<void>;
}

/**
 * Live suspicious-activity detection (DESIGN §8): bursts of failed verifications per key and per
 * IP, the first valid use of a key from a new network, and use against the wrong environment.
 * Each instance sees its own events; the periodic scan of the stored activity covers the rest.
 */
export function createAnomalyDetector(options: AnomalyDetectorOptions): AnomalyDetector {
  const { deps } = options;
  const policyTtlMs = options.policyTtlMs ?? 30_000;
  const counter = createBurstCounter(options.maxSubjects);
  const policies = new LRUCache<string, { policy: Promise<EffectiveOrgPolicy>; loadedAtMs: number }>({
    max: 10_000,
  });
  // Networks this instance already knows per key: most valid uses never touch the database.
  const knownNetworks = new LRUCache<string, Set<string>>({ max: 50_000 });
  const pending = new Set<Promise<void>>();
  let unsubscribers: Array<() => void> = [];

  function policyOf(accountId: string): Promise<EffectiveOrgPolicy> {
    const nowMs = deps.clock.now().getTime();
    const cached = policies.get(accountId);
    if (cached !== undefined && nowMs - cached.loadedAtMs < policyTtlMs) return cached.policy;
    const policy = loadOrgPolicy(deps.prisma, accountId);
    policies.set(accountId, { policy, loadedAtMs: nowMs });
    policy.catch(() => policies.delete(accountId));
    return policy;
  }

  async function report(policy: EffectiveOrgPolicy, detection: Detection): Promise<void> {
    const outcome = await reportSuspiciousActivity(deps, policy, detection);
    options.onDetection?.(detection, outcome);
  }

  async function onAuthFailure(event: AuthFailureEvent): Promise<void> {
    // Sign-in failures have their own limiter; a key over its rate limit is busy, not under attack.
    if (event.kind === "SIGN_IN" || event.code === "RATE_LIMITED") return;
    const policy = await policyOf(event.accountId);
    if (!policy.suspiciousActivityDetection) return;
    const atMs = event.occurredAt.getTime();
    const windowMs = policy.failedAuthBurstWindowSecs * 1000;
    const threshold = policy.failedAuthBurstThreshold;
    const base = {
      accountId: event.accountId,
      ip: event.ip,
      occurredAt: event.occurredAt,
      source: "LIVE" as const,
    };
    const burst = { failures: 0, windowSecs: policy.failedAuthBurstWindowSecs };
    const detections: Detection[] = [];
    if (event.keyId !== null) {
      const failures = counter.hit(`${event.accountId}|key|${event.keyId}`, atMs, windowMs, threshold);
      if (failures !== null) {
        detections.push({
          ...base,
          ...burst,
          failures,
          kind: "FAILED_AUTH_BURST",
          apiKeyId: event.keyId,
          subject: null,
        });
      }
    }
    if (event.ip !== null) {
      const failures = counter.hit(`${event.accountId}|ip|${event.ip}`, atMs, windowMs, threshold);
      if (failures !== null) {
        detections.push({
          ...base,
          ...burst,
          failures,
          kind: "FAILED_AUTH_BURST",
          apiKeyId: null,
          subject: event.ip,
        });
      }
    }
    // Threshold 1: the first mismatch is news, repeats within the window are not.
    if (
      event.code === "ENVIRONMENT_MISMATCH" &&
      event.keyId !== null &&
      counter.hit(`${event.accountId}|environment|${event.keyId}`, atMs, windowMs, 1) !== null
    ) {
      detections.push({ ...base, kind: "ENVIRONMENT_MISMATCH", apiKeyId: event.keyId, subject: null });
    }
    for (const detection of detections) await report(policy, detection);
  }

  async function onKeyActivity(event: KeyActivityEvent): Promise<void> {
    if (event.result !== "VALID" || event.keyId === null) return;
    const network = networkOf(event.ip);
    if (network === null) return;
    const known = knownNetworks.get(event.keyId);
    if (known?.has(network)) return;
    const policy = await policyOf(event.accountId);
    if (!policy.suspiciousActivityDetection) return;
    const isNew = await recordKeyNetwork(deps.prisma, event.keyId, network, event.occurredAt);
    if (known) known.add(network);
    else knownNetworks.set(event.keyId, new Set([network]));
    if (!isNew) return;
    await report(policy, {
      accountId: event.accountId,
      kind: "NEW_IP",
      apiKeyId: event.keyId,
      ip: event.ip,
      subject: network,
      occurredAt: event.occurredAt,
      source: "LIVE",
    });
  }

  function track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => pending.delete(tracked));
    pending.add(tracked);
  }

  async function settled(): Promise<void> {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  }

  return {
    start() {
      if (unsubscribers.length > 0) return;
      unsubscribers = [
        // This instance's own traffic only: with Redis every instance would otherwise repeat the
        // detection of every other instance's events.
        deps.events.subscribe("auth.failure", (event) => track(onAuthFailure(event)), { localOnly: true }),
        deps.events.subscribe("key.activity", (event) => track(onKeyActivity(event)), { localOnly: true }),
      ];
    },
    async stop() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      unsubscribers = [];
      await settled();
    },
    settled,
  };
}
