import { useCallback, useState } from "react";

export interface CursorPages {
  /** The `after` argument of the current page (undefined on the first page). */
  after: string | undefined;
  /** Zero-based page number. */
  index: number;
  next: (endCursor: string | null | undefined) => void;
  previous: () => void;
  reset: () => void;
}

/**
 * Previous/next paging over a Relay connection with forward cursors only: the cursors of the pages
 * already seen are kept, so "Previous" needs no backward pagination from the API.
 */
export function useCursorPages(): CursorPages {
  const [cursors, setCursors] = useState<string[]>([]);
  const next = useCallback((endCursor: string | null | undefined) => {
    if (endCursor) setCursors((current) => [...current, endCursor]);
  }, []);
  const previous = useCallback(() => setCursors((current) => current.slice(0, -1)), []);
  const reset = useCallback(() => setCursors([]), []);
  return { after: cursors.at(-1), index: cursors.length, next, previous, reset };
}

/** "21–40 of 57" for a page of a connection with a total count. */
export function pageRangeLabel(index: number, pageSize: number, shown: number, total: number): string {
  if (total === 0 || shown === 0) return "No results";
  const first = index * pageSize + 1;
  return `${first}–${first + shown - 1} of ${total.toLocaleString()}`;
}
