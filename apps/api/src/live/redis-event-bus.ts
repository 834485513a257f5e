import { randomUUID } from "node:crypto";
import type { EventTopic } from "@keyward/schema";
import type { Redis } from "ioredis";
import type { Logger } from "../logger.ts";
import { batchPrefix, decodeBatch, encodeBatch, type WireEvent } from "./event-codec.ts";
import { createLocalListeners } from "./local-listeners.ts";
import type { ScaleOutBus } from "./scale-out-bus.ts";

export interface RedisEventBusOptions {
  /** Command connection: PUBLISH (fails fast while Redis is away). */
  publisher: Redis;
  /** This instance's one subscriber connection. */
  subscriber: Redis;
  logger: Logger;
  /** Redis channel shared by the instances of one deployment (key activity goes on `<channel>:activity`). */
  channel?: string;
}

/** The high-volume topic: one event per verification, on a channel of its own. */
const ACTIVITY = "key.activity" satisfies EventTopic;

/**
 * Events fanned out to every instance through Redis pub/sub. An event is delivered to this
 * instance's listeners at once, in process (a revocation invalidates the local cache before the
 * mutation even returns, and local delivery never depends on Redis), and sent to the others in one
 * PUBLISH per event-loop turn. Key activity (an event per verification) travels on a channel of
 * its own: an instance reads it only while a listener here wants other instances' activity (a live
 * subscription), and invalidations never queue behind it. Publishing never throws: while Redis is
 * away, events stay local and are counted as failed; ioredis reconnects, re-subscribes, and events
 * flow again.
 */
export function createRedisEventBus(options: RedisEventBusOptions): ScaleOutBus & { ready: Promise<void> } {
  const { publisher, subscriber, logger } = options;
  // Tells this bus's own messages apart when Redis echoes them back (unique even for several
  // instances in one process, unlike a configured instance id).
  const origin = randomUUID();
  const ownBatches = batchPrefix(origin);
  const channel = options.channel ?? "keyward:events";
  const activityChannel = `${channel}:activity`;
  const published: Partial<Record<EventTopic, number>> = {};
  let publishFailed = 0;
  let received = 0;
  let malformed = 0;
  let listenerErrors = 0;
  let subscribed = false;
  let everSubscribed = false;
  let closed = false;
  const resyncListeners = new Set<() => void>();
  const local = createLocalListeners((error, topic) => {
    listenerErrors++;
    logger.error({ err: error, topic }, "event listener failed");
  });

  /** Events of this event-loop turn: [other topics, key activity]. */
  let pending: [WireEvent[], WireEvent[]] | null = null;
  const inFlight = new Set<Promise<void>>();
  function sendPending(): void {
    const [events, activity] = pending ?? [[], []];
    pending = null;
    send(channel, events);
    send(activityChannel, activity);
  }
  function send(to: string, events: WireEvent[]): void {
    if (events.length === 0) return;
    if (publisher.status !== "ready") {
      publishFailed += events.length;
      return;
    }
    const sending = publisher.publish(to, encodeBatch({ origin, events })).then(
      () => {},
      (error: unknown) => {
        publishFailed += events.length;
        logger.warn({ err: error, events: events.length }, "events not sent to other instances");
      },
    );
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending));
  }

  subscriber.on("message", (from: string, message: string) => {
    // This instance delivered its own events when they were published: not even parsed again.
    if (message.startsWith(ownBatches)) return;
    if (from === activityChannel) {
      // Nobody here follows other instances' activity: the batch is not worth parsing.
      if (!local.takesRemote(ACTIVITY)) return;
    } else if (from !== channel) return;
    const batch = decodeBatch(message);
    if (batch === null) {
      malformed++;
      return;
    }
    for (const event of batch.events) {
      received++;
      local.deliver(event.topic, event.payload, true);
    }
  });

  // Subscribes on every (re)connection; the first success resolves `ready`, later ones resync.
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  subscriber.on("ready", () => {
    subscriber.subscribe(channel, activityChannel).then(
      () => {
        subscribed = true;
        if (!everSubscribed) {
          everSubscribed = true;
          markReady();
          return;
        }
        logger.info("events flow between instances again");
        for (const listener of [...resyncListeners]) {
          try {
            listener();
          } catch (error) {
            logger.error({ err: error }, "resync listener failed");
          }
        }
      },
      (error: unknown) => logger.warn({ err: error }, "subscribing to instance events failed"),
    );
  });
  subscriber.on("close", () => {
    if (subscribed && !closed) logger.warn("lost Redis: events stay on this instance until it returns");
    subscribed = false;
  });
  // ioredis reports every failed reconnection as an error event: the state changes above are logged.
  subscriber.on("error", () => {});
  publisher.on("error", () => {});

  return {
    mode: "redis",
    ready,
    publish(topic, payload) {
      published[topic] = (published[topic] ?? 0) + 1;
      local.deliver(topic, payload);
      if (pending === null) {
        pending = [[], []];
        setImmediate(sendPending);
      }
      pending[topic === ACTIVITY ? 1 : 0].push({ topic, payload } as WireEvent);
    },
    subscribe: local.subscribe,
    stats: () => ({
      published: { ...published },
      publishFailed,
      received,
      malformed,
      listenerErrors,
      listeners: local.count(),
      connected: subscribed && publisher.status === "ready",
    }),
    onResync(listener) {
      resyncListeners.add(listener);
      return () => {
        resyncListeners.delete(listener);
      };
    },
    async close() {
      closed = true;
      sendPending();
      await Promise.all(inFlight);
      subscriber.disconnect();
    },
  };
}
