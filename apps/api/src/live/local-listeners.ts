import type { EventBus, EventTopic, KeywardEvents } from "@keyward/schema";

interface Entry {
  listener: (payload: never) => void;
  localOnly: boolean;
}

/**
 * The listeners of one instance by topic. A listener that throws is reported and skipped: one
 * faulty subscriber must never stop delivery to the others or fail the publisher.
 */
export function createLocalListeners(onListenerError: (error: unknown, topic: EventTopic) => void) {
  const byTopic = new Map<EventTopic, Set<Entry>>();
  return {
    subscribe: ((topic, listener, options) => {
      let entries = byTopic.get(topic);
      if (entries === undefined) {
        entries = new Set();
        byTopic.set(topic, entries);
      }
      // One entry per call: subscribing one function twice yields two independent subscriptions.
      const entry: Entry = { listener, localOnly: options?.localOnly === true };
      entries.add(entry);
      return () => {
        entries.delete(entry);
      };
    }) satisfies EventBus["subscribe"],
    /** Delivers an event; `remote` ones (relayed from another instance) skip local-only listeners. */
    deliver<T extends EventTopic>(topic: T, payload: KeywardEvents[T], remote = false): void {
      const entries = byTopic.get(topic);
      if (entries === undefined) return;
      for (const entry of [...entries]) {
        if (remote && entry.localOnly) continue;
        try {
          (entry.listener as (payload: KeywardEvents[T]) => void)(payload);
        } catch (error) {
          onListenerError(error, topic);
        }
      }
    },
    /** Whether any listener of `topic` takes events relayed from other instances. */
    takesRemote(topic: EventTopic): boolean {
      const entries = byTopic.get(topic);
      if (entries === undefined) return false;
      for (const entry of entries) if (!entry.localOnly) return true;
      return false;
    },
    count(): number {
      let total = 0;
      for (const entries of byTopic.values()) total += entries.size;
      return total;
    },
  };
}
