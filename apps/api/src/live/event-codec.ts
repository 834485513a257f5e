import type { EventTopic, KeywardEvents } from "@keyward/schema";

/** One bus event as it travels between instances. */
export interface WireEvent<T extends EventTopic = EventTopic> {
  topic: T;
  payload: KeywardEvents[T];
}

/** A batch of events published by one instance in one turn of its event loop. */
export interface WireBatch {
  /** Instance id of the publisher: it has already delivered these events locally. */
  origin: string;
  events: WireEvent[];
}

// Dates are tagged rather than guessed from their string form, so no string that happens to look
// like a timestamp is ever turned into a Date.
const DATE_TAG = "$date";

function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  return original instanceof Date ? { [DATE_TAG]: original.getTime() } : value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const entries = Object.keys(value);
    const time = (value as Record<string, unknown>)[DATE_TAG];
    if (entries.length === 1 && typeof time === "number") return new Date(time);
  }
  return value;
}

/** `origin` is written first, so a batch's own publisher can tell it apart by its prefix alone. */
export function encodeBatch(batch: WireBatch): string {
  return JSON.stringify({ origin: batch.origin, events: batch.events }, replacer);
}

/**
 * How every batch encoded with this origin begins: an instance drops its own batches, echoed back
 * by Redis, without parsing them (at full verify rate they are hundreds of activity events each).
 */
export function batchPrefix(origin: string): string {
  return `{"origin":${JSON.stringify(origin)},`;
}

/** The batch in a message, or null when the message is not one (another program on the channel). */
export function decodeBatch(message: string): WireBatch | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message, reviver);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const { origin, events } = parsed as Partial<WireBatch>;
  if (typeof origin !== "string" || !Array.isArray(events)) return null;
  const valid = events.every(
    (event: unknown) =>
      typeof event === "object" &&
      event !== null &&
      typeof (event as WireEvent).topic === "string" &&
      typeof (event as WireEvent).payload === "object",
  );
  return valid ? { origin, events } : null;
}
