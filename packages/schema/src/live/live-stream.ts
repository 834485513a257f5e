import type { EventBus, EventTopic, KeywardEvents } from "../events/index.ts";
import type { Viewer } from "../identity/viewer.ts";
import { watchPrincipalEnd } from "./principal-end.ts";

/**
 * Events one subscriber may hold while its client is slow; beyond that the oldest are dropped so
 * a stalled client cannot grow the server's memory (live views refetch on reconnect anyway).
 */
export const subscriberBufferSize = 256;

export interface LiveStreamOptions<T extends EventTopic> {
  events: EventBus;
  topic: T;
  viewer: Viewer;
  /** Whether one event may reach this subscriber: evaluated for every event. */
  visible(payload: KeywardEvents[T]): boolean;
}

type Waiter<T> = (result: IteratorResult<T, undefined>) => void;

/**
 * One subscriber's stream of a topic, filtered per event. It listens from the moment it is
 * created (not from the first `next()`), so nothing published after `subscribe` resolves is
 * missed. It completes as soon as the subscriber's session or key ends, so an SSE subscription
 * stops even though no socket closes (graphql-ws sockets are also closed, with 4403, by the API).
 */
export function liveStream<T extends EventTopic>(
  options: LiveStreamOptions<T>,
): AsyncIterableIterator<KeywardEvents[T], undefined> {
  return new LiveStream(options);
}

/**
 * A class rather than closures: thousands are held at once (one per live subscription), and a
 * class instance with its methods on the prototype is the smallest shape of this state.
 */
class LiveStream<T extends EventTopic> implements AsyncIterableIterator<KeywardEvents[T], undefined> {
  /** Events waiting for `next()`, oldest first; allocated when the client falls behind. */
  private queue: Array<KeywardEvents[T]> | null = null;
  /** The pending `next()` (graphql-ws keeps one at a time); any further ones wait in `waiters`. */
  private waiter: Waiter<KeywardEvents[T]> | null = null;
  private waiters: Array<Waiter<KeywardEvents[T]>> | null = null;
  private done = false;
  private readonly unsubscribe: () => void;
  private readonly unwatch: () => void;

  constructor(options: LiveStreamOptions<T>) {
    const { visible } = options;
    this.unsubscribe = options.events.subscribe(options.topic, (payload) => {
      if (this.done) return;
      // A failing rule must not break the bus for the other listeners: the event is just not sent.
      let allowed = false;
      try {
        allowed = visible(payload);
      } catch {
        allowed = false;
      }
      if (allowed) this.push(payload);
    });
    this.unwatch = watchPrincipalEnd(options.events, options.viewer, () => this.finish());
  }

  private push(payload: KeywardEvents[T]): void {
    const waiter = this.takeWaiter();
    if (waiter !== null) {
      waiter({ value: payload, done: false });
      return;
    }
    this.queue ??= [];
    if (this.queue.length >= subscriberBufferSize) this.queue.shift();
    this.queue.push(payload);
  }

  private takeWaiter(): Waiter<KeywardEvents[T]> | null {
    const waiter = this.waiter;
    if (waiter === null) return null;
    this.waiter = this.waiters?.shift() ?? null;
    return waiter;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.unsubscribe();
    this.unwatch();
    // Nothing more reaches a subscriber whose principal ended, not even what was buffered.
    this.queue = null;
    for (let waiter = this.takeWaiter(); waiter !== null; waiter = this.takeWaiter()) {
      waiter({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<KeywardEvents[T], undefined>> {
    const value = this.queue?.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      if (this.waiter === null) {
        this.waiter = resolve;
        return;
      }
      this.waiters ??= [];
      this.waiters.push(resolve);
    });
  }

  return(): Promise<IteratorResult<KeywardEvents[T], undefined>> {
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<KeywardEvents[T], undefined>> {
    this.finish();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
