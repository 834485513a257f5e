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
  type Payload = KeywardEvents[T];
  const { events, topic, viewer, visible } = options;
  const queue: Payload[] = [];
  const waiters: Array<Waiter<Payload>> = [];
  let done = false;

  const unsubscribe = events.subscribe(topic, (payload) => {
    if (done) return;
    // A failing rule must not break the bus for the other listeners: the event is just not sent.
    let allowed = false;
    try {
      allowed = visible(payload);
    } catch {
      allowed = false;
    }
    if (!allowed) return;
    const waiter = waiters.shift();
    if (waiter !== undefined) waiter({ value: payload, done: false });
    else {
      if (queue.length >= subscriberBufferSize) queue.shift();
      queue.push(payload);
    }
  });
  const unwatch = watchPrincipalEnd(events, viewer, finish);

  function finish(): void {
    if (done) return;
    done = true;
    unsubscribe();
    unwatch();
    // Nothing more reaches a subscriber whose principal ended, not even what was buffered.
    queue.length = 0;
    for (const waiter of waiters.splice(0)) waiter({ value: undefined, done: true });
  }

  return {
    next() {
      const value = queue.shift();
      if (value !== undefined) return Promise.resolve({ value, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise<IteratorResult<Payload, undefined>>((resolve) => waiters.push(resolve));
    },
    return() {
      finish();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(error: unknown) {
      finish();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
