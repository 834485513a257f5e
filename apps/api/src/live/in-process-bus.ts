import type { EventTopic } from "@keyward/schema";
import { createLocalListeners } from "./local-listeners.ts";
import type { ScaleOutBus } from "./scale-out-bus.ts";

/** One instance, no Redis: every event is delivered in process, synchronously. */
export function createInProcessBus(
  onListenerError: (error: unknown, topic: EventTopic) => void,
): ScaleOutBus {
  let listenerErrors = 0;
  const local = createLocalListeners((error, topic) => {
    listenerErrors++;
    onListenerError(error, topic);
  });
  const published: Partial<Record<EventTopic, number>> = {};
  return {
    mode: "in-process",
    publish(topic, payload) {
      published[topic] = (published[topic] ?? 0) + 1;
      local.deliver(topic, payload);
    },
    subscribe: local.subscribe,
    stats: () => ({
      published: { ...published },
      publishFailed: 0,
      received: 0,
      malformed: 0,
      listenerErrors,
      listeners: local.count(),
      connected: true,
    }),
    onResync: () => () => {},
    close: async () => {},
  };
}
