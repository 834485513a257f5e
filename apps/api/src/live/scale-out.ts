import type { Redis } from "ioredis";
import type { Logger } from "../logger.ts";
import { createInProcessBus } from "./in-process-bus.ts";
import { closeConnection, createCommandConnection, createSubscriberConnection } from "./redis-connections.ts";
import { createRedisEventBus } from "./redis-event-bus.ts";
import type { ScaleOutBus } from "./scale-out-bus.ts";

export interface ScaleOutOptions {
  /** REDIS_URL; without it everything stays in this process. */
  redisUrl: string | undefined;
  instanceId: string;
  logger: Logger;
  /** How long start-up waits for Redis before serving without it (events stay local meanwhile). */
  connectTimeoutMs?: number;
}

/** What several instances share: the event bus, and a Redis connection for shared limits. */
export interface ScaleOut {
  events: ScaleOutBus;
  /** The command connection for rate limiters shared through Redis; null in process. */
  redis: Redis | null;
  close(): Promise<void>;
}

/**
 * Connects this instance to the others when REDIS_URL is set. Redis being down at start-up, or at
 * any later time, never stops the API: events are delivered locally and counted as not sent,
 * limiters fall back to in-process counts, and everything resumes when Redis returns.
 */
export async function createScaleOut(options: ScaleOutOptions): Promise<ScaleOut> {
  const { redisUrl, instanceId, logger } = options;
  if (redisUrl === undefined) {
    return {
      events: createInProcessBus((error, topic) =>
        logger.error({ err: error, topic }, "event listener failed"),
      ),
      redis: null,
      close: async () => {},
    };
  }
  const publisher = createCommandConnection(redisUrl, instanceId);
  const subscriber = createSubscriberConnection(redisUrl, instanceId);
  const events = createRedisEventBus({ publisher, subscriber, logger });
  let timer: NodeJS.Timeout | undefined;
  const connected = await Promise.race([
    events.ready.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), options.connectTimeoutMs ?? 5_000);
    }),
  ]);
  clearTimeout(timer);
  if (connected) logger.info("events, cache invalidation and limits are shared through Redis");
  else logger.warn("Redis is not reachable: serving without it, events stay on this instance until it is");
  return {
    events,
    redis: publisher,
    async close() {
      await events.close();
      await closeConnection(publisher);
    },
  };
}
