import { LRUCache } from "lru-cache";
import type { EventBus, KeyActivityEvent } from "../events/index.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { Clock } from "../runtime/clock.ts";
import { enqueueWebhookEvent, subscribedEndpoints, type WebhookEvent } from "./enqueue-webhook-event.ts";
import { keyChangeEventType, keyRequestEventType } from "./webhook-event-mapping.ts";
import { alertEventTypes } from "./webhook-event-types.ts";

export interface WebhookSubscriberDependencies {
  prisma: PrismaClient;
  clock: Clock;
  events: EventBus;
}

export interface WebhookSubscriberOptions {
  /** Deliveries were enqueued (the dispatcher can look for work at once). */
  onEnqueued?: (count: number) => void;
  /** An event could not be enqueued (logged by the caller; events are never retried). */
  onError?: (error: unknown) => void;
}

export interface WebhookSubscriber {
  /** Stops listening and waits for the events already being enqueued. */
  stop(): Promise<void>;
}

const keySelect = {
  id: true,
  name: true,
  displayHint: true,
  environment: true,
  status: true,
  ownerId: true,
  revocationCause: true,
  rotatedFromId: true,
} as const;

/**
 * Turns the typed domain events into webhook deliveries. Every instance hears every event (with
 * the Redis bus) and enqueues it; the per-endpoint dedupe key keeps one delivery per event.
 */
export function subscribeWebhookEvents(
  deps: WebhookSubscriberDependencies,
  options: WebhookSubscriberOptions = {},
): WebhookSubscriber {
  const pending = new Set<Promise<void>>();
  let stopped = false;
  // Keys this instance has already seen used: first-use detection costs one lookup per key, not per request.
  const seenUsed = new LRUCache<string, true>({ max: 100_000 });
  // Whether an account has an endpoint for first uses, re-read every 30 s: accounts without one
  // (most) cost one query per 30 s, not one per key.
  const firstUseAccounts = new LRUCache<string, Promise<boolean>>({ max: 10_000, ttl: 30_000 });
  const wantsFirstUse = (accountId: string) => {
    let answer = firstUseAccounts.get(accountId);
    if (answer === undefined) {
      answer = deps.prisma.webhookEndpoint
        .count({ where: subscribedEndpoints(accountId, "key.first_used") })
        .then(
          (count) => count > 0,
          () => false,
        );
      firstUseAccounts.set(accountId, answer);
    }
    return answer;
  };

  const loadKey = async (keyId: string) => {
    const key = await deps.prisma.apiKey.findUnique({ where: { id: keyId }, select: keySelect });
    if (!key) return null;
    const { id, revocationCause, rotatedFromId, ...rest } = key;
    return { keyId: id, ...rest, cause: revocationCause, rotatedFromId };
  };

  const enqueue = (event: WebhookEvent, loadData: () => Promise<Record<string, unknown> | null>) => {
    if (stopped) return;
    const work = enqueueWebhookEvent(deps, event, loadData).then(
      (count) => {
        if (count > 0) options.onEnqueued?.(count);
      },
      (error: unknown) => options.onError?.(error),
    );
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  const firstUse = async (event: KeyActivityEvent & { keyId: string }) => {
    // The activity is published after its batch committed: the key's earliest successful use is in the table.
    const earliest = await deps.prisma.keyEvent.findFirst({
      where: { apiKeyId: event.keyId, result: "VALID" },
      orderBy: { occurredAt: "asc" },
      select: { occurredAt: true },
    });
    if (earliest?.occurredAt.getTime() !== event.occurredAt.getTime()) return null;
    const key = await loadKey(event.keyId);
    return key && { ...key, firstUsedAt: event.occurredAt.toISOString(), ip: event.ip };
  };

  const unsubscribers = [
    deps.events.subscribe("key.changed", (event) => {
      const type = keyChangeEventType(event);
      if (!type) return;
      enqueue({ accountId: event.accountId, type, dedupeKey: `${type}:${event.keyId}` }, async () => {
        const key = await loadKey(event.keyId);
        return key && { ...key, change: event.change };
      });
    }),
    deps.events.subscribe("keyRequest.changed", (event) => {
      const type = keyRequestEventType(event);
      if (!type) return;
      enqueue({ accountId: event.accountId, type, dedupeKey: `${type}:${event.keyId}` }, async () => {
        const key = await loadKey(event.keyId);
        return key && { ...key, requesterId: event.requesterId };
      });
    }),
    deps.events.subscribe("alert.raised", (event) => {
      enqueue(
        {
          accountId: event.accountId,
          type: alertEventTypes[event.kind],
          dedupeKey: `alert:${event.alertId}`,
        },
        async () => {
          const alert = await deps.prisma.alert.findUnique({ where: { id: event.alertId } });
          if (!alert) return null;
          const key = alert.apiKeyId ? await loadKey(alert.apiKeyId) : null;
          return {
            alertId: alert.id,
            kind: alert.kind,
            severity: alert.severity,
            message: alert.message,
            profileId: alert.profileId,
            key,
          };
        },
      );
    }),
    // Each use is published by the one instance that stored it: that instance enqueues it (the
    // dedupe key keeps one delivery whichever instance sees a key's first use).
    deps.events.subscribe(
      "key.activity",
      (event) => {
        const keyId = event.keyId;
        if (event.result !== "VALID" || keyId === null || seenUsed.has(keyId)) return;
        void wantsFirstUse(event.accountId).then((wanted) => {
          if (!wanted || seenUsed.has(keyId)) return;
          seenUsed.set(keyId, true);
          enqueue(
            { accountId: event.accountId, type: "key.first_used", dedupeKey: `key.first_used:${keyId}` },
            () => firstUse({ ...event, keyId }),
          );
        });
      },
      { localOnly: true },
    ),
  ];

  return {
    async stop() {
      stopped = true;
      for (const unsubscribe of unsubscribers) unsubscribe();
      await Promise.allSettled([...pending]);
    },
  };
}
