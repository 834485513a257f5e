import { EventEmitter } from "node:events";
import type { EventTopic, KeywardEvents } from "./keyward-events.ts";

export type EventListener<T extends EventTopic> = (payload: KeywardEvents[T]) => void;

/**
 * Publishes domain events after their transaction commits. The in-process bus serves one
 * instance; apps/api provides a Redis-backed bus with the same interface for several.
 */
export interface EventBus {
  publish<T extends EventTopic>(topic: T, payload: KeywardEvents[T]): void;
  subscribe<T extends EventTopic>(topic: T, listener: EventListener<T>): () => void;
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
