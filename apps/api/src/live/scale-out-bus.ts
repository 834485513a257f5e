import type { EventBus, EventTopic } from "@keyward/schema";

/** Counters of an event bus, for /metrics. */
export interface EventBusStats {
  /** Events published by this instance, by topic. */
  published: Partial<Record<EventTopic, number>>;
  /** Events of this instance that could not be sent to the other instances (Redis away or erroring). */
  publishFailed: number;
  /** Events received from other instances. */
  received: number;
  /** Messages on the channel that were not Keyward event batches. */
  malformed: number;
  /** Listeners that threw while an event was delivered to them. */
  listenerErrors: number;
  /** Listeners registered on this instance. */
  listeners: number;
  /** Whether events currently reach the other instances (always true in process). */
  connected: boolean;
}

/** The event bus of an instance: in process, or fanned out to every instance through Redis. */
export interface ScaleOutBus extends EventBus {
  readonly mode: "in-process" | "redis";
  stats(): EventBusStats;
  /**
   * Calls `listener` whenever the connection to the other instances comes back after a gap:
   * events published meanwhile were missed, so caches and live principals must be re-checked.
   */
  onResync(listener: () => void): () => void;
  close(): Promise<void>;
}
