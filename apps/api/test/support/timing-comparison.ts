/**
 * Compares two sets of response times without assuming a distribution: latencies on a shared
 * machine are skewed and heavy-tailed, so means and t-tests mislead. The effect size is the
 * Mann–Whitney probability of superiority (AUC): the chance that a random sample of `slower`
 * exceeds a random sample of `faster` (ties count half). 0.5 means the two cannot be told apart by
 * any threshold on a single measurement; 1.0 means every sample of one is slower than every
 * sample of the other. Being rank-based, a few scheduler or GC stalls move it by at most their
 * share of the samples.
 */
export interface TimingComparison {
  /** P(a > b) + P(a = b) / 2 over all pairs. */
  auc: number;
  /** Two-sided z of the Mann–Whitney U statistic (normal approximation, tie-corrected). */
  z: number;
  medianA: number;
  medianB: number;
  /** Hodges–Lehmann estimate of how much slower `a` is than `b` (median of pairwise differences). */
  shift: number;
  sizeA: number;
  sizeB: number;
}

export interface IndistinguishableOptions {
  /** |z| beyond which a difference is significant (default 4: p ≈ 6·10⁻⁵ two-sided, when nothing differs). */
  maxZ?: number;
  /** |AUC − 0.5| a significant difference must also reach to count (default 0.05). */
  minEffect?: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Mann–Whitney U, its z and the AUC effect size, plus medians and the Hodges–Lehmann shift. */
export function compareTimings(a: readonly number[], b: readonly number[]): TimingComparison {
  if (a.length === 0 || b.length === 0) throw new Error("compareTimings needs samples on both sides");
  const pooled = [
    ...a.map((value) => ({ value, fromA: true })),
    ...b.map((value) => ({ value, fromA: false })),
  ];
  pooled.sort((left, right) => left.value - right.value);
  let rankSumA = 0;
  let tieTerm = 0;
  for (let start = 0; start < pooled.length; ) {
    let end = start;
    while (end + 1 < pooled.length && pooled[end + 1]?.value === pooled[start]?.value) end++;
    const averageRank = (start + end) / 2 + 1;
    const tied = end - start + 1;
    tieTerm += tied ** 3 - tied;
    for (let index = start; index <= end; index++) if (pooled[index]?.fromA) rankSumA += averageRank;
    start = end + 1;
  }
  const sizeA = a.length;
  const sizeB = b.length;
  const total = sizeA + sizeB;
  const u = rankSumA - (sizeA * (sizeA + 1)) / 2;
  const variance = ((sizeA * sizeB) / 12) * (total + 1 - tieTerm / (total * (total - 1)));
  const z = variance > 0 ? (u - (sizeA * sizeB) / 2) / Math.sqrt(variance) : 0;

  const differences: number[] = [];
  for (const left of a) for (const right of b) differences.push(left - right);
  return {
    auc: u / (sizeA * sizeB),
    z,
    medianA: median(a),
    medianB: median(b),
    shift: median(differences),
    sizeA,
    sizeB,
  };
}

/**
 * False only when the difference is both significant (|z| > maxZ) and large enough to matter
 * (|AUC − 0.5| > minEffect). Samples taken interleaved in random order are exchangeable when both
 * paths do the same work, so |z| > 4 then has a chance of about 6·10⁻⁵; the effect floor keeps
 * sub-microsecond differences, which large samples make significant and no attacker can see
 * through network jitter, from counting.
 */
export function indistinguishable(
  comparison: TimingComparison,
  options: IndistinguishableOptions = {},
): boolean {
  const significant = Math.abs(comparison.z) > (options.maxZ ?? 4);
  const large = Math.abs(comparison.auc - 0.5) > (options.minEffect ?? 0.05);
  return !(significant && large);
}

/** One line for a failure message or a log: medians in ms, shift, AUC and z. */
export function describeComparison(comparison: TimingComparison): string {
  const ms = (value: number) => `${value.toFixed(3)} ms`;
  return (
    `median ${ms(comparison.medianA)} vs ${ms(comparison.medianB)}, shift ${ms(comparison.shift)}, ` +
    `AUC ${comparison.auc.toFixed(3)}, z ${comparison.z.toFixed(1)} (n = ${comparison.sizeA} + ${comparison.sizeB})`
  );
}
