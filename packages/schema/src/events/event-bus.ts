import { EventEmitter } from "node:events";
import type { EventTopic, KeywardEvents } from "./keyward-events.ts";

export type EventListener<T extends EventTopic> = (payload: KeywardEvents[T]) => void;

export interface SubscribeOptions {
  /**
   * Only events published by this instance, not those relayed from the others (work that each
   * instance does for its own traffic, like live anomaly detection). Default: every event.
   */
  localOnly?: boolean;
}

/**
 * Publishes domain events after their transaction commits. The in-process bus serves one
 * instance (every event is local); apps/api provides a Redis-backed bus with the same interface
 * that relays every event to every instance.
 */
export interface EventBus {
  publish<T extends EventTopic>(topic: T, payload: KeywardEvents[T]): void;
  subscribe<T extends EventTopic>(
    topic: T,
    listener: EventListener<T>,
    options?: SubscribeOptions,
  ): () => void;
}

export function createInProcessEventBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(topic, payload) {
      emitter.emit(topic, payload);
    },
    subscribe(topic, listener) {
      emitter.on(topic, listener);
      return () => emitter.off(topic, listener);
    },
  };
}
