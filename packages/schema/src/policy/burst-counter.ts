/** Sub-windows per window: the sliding window is exact to 1/12 of its length. */
const SLOTS = 12;

interface Subject {
  windowMs: number;
  /** Sub-window number held by each slot. */
  slotIds: number[];
  counts: number[];
  /** When this subject last reached the threshold (a burst is reported once per window). */
  firedAtMs: number;
}

export interface BurstCounter {
  /**
   * Counts one failure of a subject (a key, an IP). Returns the failures in the window when they
   * reach `threshold`, then stays quiet for one window; null otherwise.
   */
  hit(subject: string, atMs: number, windowMs: number, threshold: number): number | null;
  readonly size: number;
}

/**
 * In-memory sliding-window counters for live burst detection, constant memory per subject and at
 * most `maxSubjects` subjects (the least recently hit are forgotten: the periodic scan of the
 * stored activity still sees what the live counters dropped).
 */
export function createBurstCounter(maxSubjects = 10_000): BurstCounter {
  const subjects = new Map<string, Subject>();

  function subjectFor(name: string, windowMs: number): Subject {
    let subject = subjects.get(name);
    if (subject !== undefined) subjects.delete(name);
    if (subject === undefined || subject.windowMs !== windowMs) {
      subject = {
        windowMs,
        slotIds: new Array<number>(SLOTS).fill(-1),
        counts: new Array<number>(SLOTS).fill(0),
        firedAtMs: Number.NEGATIVE_INFINITY,
      };
    }
    // Re-inserted last: the map's first entry is always the least recently hit.
    subjects.set(name, subject);
    if (subjects.size > maxSubjects) {
      const oldest = subjects.keys().next().value;
      if (oldest !== undefined) subjects.delete(oldest);
    }
    return subject;
  }

  return {
    hit(name, atMs, windowMs, threshold) {
      const subject = subjectFor(name, windowMs);
      const slotId = Math.floor((atMs * SLOTS) / windowMs);
      const slot = slotId % SLOTS;
      if (subject.slotIds[slot] !== slotId) {
        subject.slotIds[slot] = slotId;
        subject.counts[slot] = 0;
      }
      subject.counts[slot] = (subject.counts[slot] ?? 0) + 1;
      let total = 0;
      for (let index = 0; index < SLOTS; index++) {
        if ((subject.slotIds[index] ?? -1) > slotId - SLOTS) total += subject.counts[index] ?? 0;
      }
      if (total < threshold || atMs - subject.firedAtMs < windowMs) return null;
      subject.firedAtMs = atMs;
      return total;
    },
    get size() {
      return subjects.size;
    },
  };
}
