import type { EventBus } from "../events/index.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { Clock } from "../runtime/clock.ts";
import { createWebhookDispatcher, type WebhookDispatcherOptions } from "./webhook-dispatcher.ts";
import { subscribeWebhookEvents, type WebhookSubscriber } from "./webhook-subscriber.ts";

export interface WebhooksOptions extends Omit<WebhookDispatcherOptions, "prisma" | "clock" | "secret"> {
  prisma: PrismaClient;
  clock: Clock;
  events: EventBus;
  secret: string;
}

/** The webhook machinery of one instance: the event subscriber and the dispatcher. */
export interface Webhooks {
  start(): void;
  /** Stops enqueueing, then stops dispatching (waiting for attempts in flight). */
  stop(): Promise<void>;
}

export function createWebhooks(options: WebhooksOptions): Webhooks {
  const { events, ...dispatcherOptions } = options;
  const dispatcher = createWebhookDispatcher(dispatcherOptions);
  let subscriber: WebhookSubscriber | null = null;
  return {
    start() {
      if (subscriber) return;
      subscriber = subscribeWebhookEvents(
        { prisma: options.prisma, clock: options.clock, events },
        {
          onEnqueued: () => dispatcher.wake(),
          onError: (error) =>
            options.log?.("error", "webhook event could not be enqueued", {
              error: error instanceof Error ? error.message : "unknown",
            }),
        },
      );
      dispatcher.start();
    },
    async stop() {
      await subscriber?.stop();
      subscriber = null;
      await dispatcher.stop();
    },
  };
}
