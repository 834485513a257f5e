/** How many live events a feed keeps in memory; older ones are in the activity log's history. */
export const liveEventLimit = 200;

/** What identifies an event whether it arrived live (no id) or was loaded (with an id). */
export interface EventSignature {
  occurredAt: string;
  presentedHint: string | null;
  result: string;
  ip: string | null;
}

export function signatureOf(event: EventSignature): string {
  return `${event.occurredAt}|${event.presentedHint ?? ""}|${event.result}|${event.ip ?? ""}`;
}

/** Newest first, without duplicates (an event can arrive live and in a refetch), capped. */
export function mergeEvents<Event extends EventSignature>(
  live: readonly Event[],
  loaded: readonly Event[],
  limit = liveEventLimit,
): Event[] {
  const seen = new Set<string>();
  const merged: Event[] = [];
  for (const event of [...live, ...loaded]) {
    const signature = signatureOf(event);
    if (seen.has(signature)) continue;
    seen.add(signature);
    merged.push(event);
    if (merged.length === limit) break;
  }
  return merged.sort((left, right) => right.occurredAt.localeCompare(left.occurredAt));
}
