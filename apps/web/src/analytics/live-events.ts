/** How many live events a feed keeps in memory; older ones are in the activity log's history. */
export const liveEventLimit = 200;

/** Newest first, without duplicates (an event can arrive live and in a refetch), capped. */
export function mergeEvents<Event extends { id: string }>(
  live: readonly Event[],
  loaded: readonly Event[],
  limit = liveEventLimit,
): Event[] {
  const seen = new Set<string>();
  const merged: Event[] = [];
  for (const event of [...live, ...loaded]) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    merged.push(event);
    if (merged.length === limit) break;
  }
  return merged;
}
