import { describe, expect, it } from "vitest";
import { compareTimings, indistinguishable, median } from "./support/timing-comparison.ts";

/** A deterministic pseudo-random source (mulberry32), so these tests never flake. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Latencies shaped like loopback HTTP on a busy machine: a log-normal body around `baseMs`, and
 * 3 % stalls of 5–50 ms (scheduler, GC).
 */
function latencies(random: () => number, count: number, baseMs: number, extraMs = 0): number[] {
  return Array.from({ length: count }, () => {
    const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const stall = random() < 0.03 ? 5 + random() * 45 : 0;
    return baseMs * Math.exp(0.35 * gaussian) + stall + extraMs;
  });
}

describe("timing comparison", () => {
  it("computes the Mann–Whitney effect size exactly on small samples", () => {
    expect(compareTimings([3, 4], [1, 2]).auc).toBe(1);
    expect(compareTimings([1, 2], [3, 4]).auc).toBe(0);
    // Pairs: (1,1) tie, (1,3) <, (5,1) >, (5,3) > → (2 + 0.5) / 4.
    expect(compareTimings([1, 5], [1, 3]).auc).toBe(0.625);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(compareTimings([10, 11, 12], [1, 2, 3]).shift).toBe(9);
  });

  it("calls samples of one distribution indistinguishable, whatever their stalls", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = seeded(seed);
      const comparison = compareTimings(latencies(random, 400, 1.2), latencies(random, 400, 1.2));
      expect(indistinguishable(comparison), `seed ${seed}: AUC ${comparison.auc}`).toBe(true);
      expect(Math.abs(comparison.z)).toBeLessThan(4.5);
    }
  });

  it("tells apart one path doing 1 ms of extra work", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = seeded(seed);
      const comparison = compareTimings(latencies(random, 400, 1.2, 1), latencies(random, 400, 1.2));
      expect(indistinguishable(comparison), `seed ${seed}: AUC ${comparison.auc}`).toBe(false);
      expect(comparison.auc).toBeGreaterThan(0.85);
      expect(comparison.shift).toBeGreaterThan(0.8);
    }
  });

  it("tells apart an extra 0.4 ms (about one SQL round trip on loopback) on a 1.2 ms path", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = seeded(seed);
      const comparison = compareTimings(latencies(random, 400, 1.2), latencies(random, 400, 1.2, 0.4));
      expect(indistinguishable(comparison), `seed ${seed}: AUC ${comparison.auc}`).toBe(false);
      expect(comparison.auc).toBeLessThan(0.35);
    }
  });

  it("a few stalls landing on one side only do not make a difference", () => {
    const random = seeded(7);
    const a = latencies(random, 400, 1.2);
    const b = latencies(random, 400, 1.2);
    for (let index = 0; index < 20; index++) a[index] = 200;
    expect(indistinguishable(compareTimings(a, b))).toBe(true);
  });
});
