import { createHash } from "node:crypto";
import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import type { Clock } from "../runtime/clock.ts";
import type { WebhookEventType } from "./webhook-event-types.ts";

export interface WebhookEvent {
  accountId: string;
  type: WebhookEventType;
  /** Identifies the event: instances that all hear it enqueue one delivery per endpoint. */
  dedupeKey: string;
}

/** The body every delivery carries. */
export interface WebhookPayload {
  /** Stable per event (the same for every endpoint and every retry): receivers deduplicate on it. */
  id: string;
  type: WebhookEventType;
  createdAt: string;
  accountId: string;
  data: Record<string, unknown>;
}

/** The account's active endpoints that receive this event type (no subscription list = every type). */
export function subscribedEndpoints(
  accountId: string,
  type: WebhookEventType,
): Prisma.WebhookEndpointWhereInput {
  return { accountId, active: true, OR: [{ events: { isEmpty: true } }, { events: { has: type } }] };
}

export function webhookEventId(accountId: string, dedupeKey: string): string {
  return `evt_${createHash("sha256").update(`${accountId}\u0000${dedupeKey}`).digest("hex").slice(0, 32)}`;
}

/**
 * Enqueues one PENDING delivery per active endpoint of the account subscribed to the event.
 * `loadData` runs only when some endpoint wants the event (most events have no receiver).
 * Returns the number of deliveries created (0 when another instance enqueued them first).
 */
export async function enqueueWebhookEvent(
  deps: { prisma: PrismaClient; clock: Clock },
  event: WebhookEvent,
  loadData: () => Promise<Record<string, unknown> | null>,
): Promise<number> {
  const endpoints = await deps.prisma.webhookEndpoint.findMany({
    where: subscribedEndpoints(event.accountId, event.type),
    select: { id: true },
  });
  if (endpoints.length === 0) return 0;
  const data = await loadData();
  if (!data) return 0;
  const now = deps.clock.now();
  const payload: WebhookPayload = {
    id: webhookEventId(event.accountId, event.dedupeKey),
    type: event.type,
    createdAt: now.toISOString(),
    accountId: event.accountId,
    data,
  };
  const created = await deps.prisma.webhookDelivery.createMany({
    data: endpoints.map((endpoint) => ({
      endpointId: endpoint.id,
      event: event.type,
      payload: payload as unknown as Prisma.InputJsonObject,
      dedupeKey: event.dedupeKey,
      nextAttemptAt: now,
      createdAt: now,
    })),
    skipDuplicates: true,
  });
  return created.count;
}
