import { describe, expect, it } from "vitest";
import { createBurstCounter } from "./burst-counter.ts";

const WINDOW = 60_000;

describe("burst counter", () => {
  it("reports a burst when the threshold is reached within the window, once per window", () => {
    const counter = createBurstCounter();
    const start = 1_000_000_000;
    expect(counter.hit("key-1", start, WINDOW, 3)).toBeNull();
    expect(counter.hit("key-1", start + 1_000, WINDOW, 3)).toBeNull();
    expect(counter.hit("key-1", start + 2_000, WINDOW, 3)).toBe(3);
    // A burst that goes on (one failure a second) is reported again once a window has passed.
    const reportedAt: number[] = [];
    for (let at = start + 3_000; at <= start + 2_000 + WINDOW + 5_000; at += 1_000) {
      if (counter.hit("key-1", at, WINDOW, 3) !== null) reportedAt.push(at);
    }
    expect(reportedAt).toEqual([start + 2_000 + WINDOW]);
  });

  it("forgets failures older than the window and counts subjects apart", () => {
    const counter = createBurstCounter();
    const start = 2_000_000_000;
    counter.hit("ip-a", start, WINDOW, 3);
    counter.hit("ip-a", start + 1_000, WINDOW, 3);
    expect(counter.hit("ip-b", start + 2_000, WINDOW, 3)).toBeNull();
    expect(counter.hit("ip-a", start + 2 * WINDOW, WINDOW, 3)).toBeNull();
  });

  it("holds at most maxSubjects subjects, forgetting the least recently hit", () => {
    const counter = createBurstCounter(2);
    counter.hit("a", 0, WINDOW, 2);
    counter.hit("b", 1, WINDOW, 2);
    counter.hit("c", 2, WINDOW, 2);
    expect(counter.size).toBe(2);
    // "a" was forgotten: its earlier failure no longer counts.
    expect(counter.hit("a", 3, WINDOW, 2)).toBeNull();
    expect(counter.hit("c", 4, WINDOW, 2)).toBe(2);
  });
});
