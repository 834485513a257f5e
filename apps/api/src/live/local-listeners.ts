import type { EventBus, EventTopic, KeywardEvents } from "@keyward/schema";

type AnyListener = (payload: never) => void;

/**
 * The listeners of one instance by topic. A listener that throws is reported and skipped: one
 * faulty subscriber must never stop delivery to the others or fail the publisher.
 */
export function createLocalListeners(onListenerError: (error: unknown, topic: EventTopic) => void) {
  const byTopic = new Map<EventTopic, Set<AnyListener>>();
  return {
    subscribe: ((topic, listener) => {
      let listeners = byTopic.get(topic);
      if (listeners === undefined) {
        listeners = new Set();
        byTopic.set(topic, listeners);
      }
      // Wrapped so that subscribing one function twice yields two independent subscriptions.
      const entry: AnyListener = (payload) => listener(payload);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    }) satisfies EventBus["subscribe"],
    deliver<T extends EventTopic>(topic: T, payload: KeywardEvents[T]): void {
      const listeners = byTopic.get(topic);
      if (listeners === undefined) return;
      for (const listener of [...listeners]) {
        try {
          (listener as (payload: KeywardEvents[T]) => void)(payload);
        } catch (error) {
          onListenerError(error, topic);
        }
      }
    },
    count(): number {
      let total = 0;
      for (const listeners of byTopic.values()) total += listeners.size;
      return total;
    },
  };
}
