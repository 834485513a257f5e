import type { MeasuredLoad } from "./server-runs.ts";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The round with the median throughput (its latency and CPU figures travel with it). */
function medianRound(rounds: MeasuredLoad[]): MeasuredLoad {
  const target = median(rounds.map((round) => round.requestsPerSecond));
  return rounds.reduce((best, round) =>
    Math.abs(round.requestsPerSecond - target) < Math.abs(best.requestsPerSecond - target) ? round : best,
  );
}

export interface AlternatingResult {
  /** The baseline's median round. */
  baseline: MeasuredLoad;
  /** The measured side's median round. */
  measured: MeasuredLoad;
  /** measured / baseline throughput of each pair of rounds, in order. */
  roundRatios: number[];
  /** The reference side, when there is one: its median round and its ratios to the baseline. */
  reference?: { median: MeasuredLoad; roundRatios: number[] };
}

const ratiosTo = (rounds: MeasuredLoad[], baselineRounds: MeasuredLoad[]) =>
  rounds.map((round, index) =>
    Number((round.requestsPerSecond / (baselineRounds[index]?.requestsPerSecond ?? 1)).toFixed(2)),
  );

/**
 * Baseline and measured side timed in alternating rounds (both servers up all along), so a slow
 * phase of a shared machine hits both sides; each side's median round is reported. A reference
 * side, when given, runs between the two in every round and is compared with the same baseline.
 */
export async function alternatingRounds(
  rounds: number,
  baselineRound: () => Promise<MeasuredLoad>,
  measuredRound: () => Promise<MeasuredLoad>,
  referenceRound?: () => Promise<MeasuredLoad>,
): Promise<AlternatingResult> {
  const baselineRounds: MeasuredLoad[] = [];
  const measuredRounds: MeasuredLoad[] = [];
  const referenceRounds: MeasuredLoad[] = [];
  for (let round = 0; round < rounds; round++) {
    baselineRounds.push(await baselineRound());
    if (referenceRound) referenceRounds.push(await referenceRound());
    measuredRounds.push(await measuredRound());
  }
  return {
    baseline: medianRound(baselineRounds),
    measured: medianRound(measuredRounds),
    roundRatios: ratiosTo(measuredRounds, baselineRounds),
    ...(referenceRound && {
      reference: {
        median: medianRound(referenceRounds),
        roundRatios: ratiosTo(referenceRounds, baselineRounds),
      },
    }),
  };
}
