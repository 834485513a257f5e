import type { LoadResult } from "./load.ts";
import type { BenchmarkResult } from "./report.ts";

/** Throughput ratio (min), optionally p99 ratio (max), and no failed responses. */
export function throughputChecks(
  measured: LoadResult,
  baseline: LoadResult,
  minRatio: number,
  maxP99Ratio: number | null,
): BenchmarkResult["checks"] {
  return [
    {
      name: "throughput ratio",
      measured: measured.requestsPerSecond / baseline.requestsPerSecond,
      target: minRatio,
      direction: "min",
      unit: "×",
    },
    ...(maxP99Ratio === null
      ? []
      : [
          {
            name: "p99 latency ratio",
            measured: measured.latencyP99Ms / Math.max(baseline.latencyP99Ms, 1),
            target: maxP99Ratio,
            direction: "max" as const,
            unit: "×",
          },
        ]),
    {
      name: "non-2xx responses and errors",
      measured: measured.non2xx + measured.errors,
      target: 0,
      direction: "max",
      unit: "",
    },
  ];
}

interface CpuFigures {
  serverCpuUsPerRequest: number | null;
  postgresCpuUsPerRequest?: number | null;
}

/**
 * Server CPU µs per request, measured vs baseline (the noise-robust counterpart of the throughput
 * ratio), and the local PostgreSQL's CPU µs per request on each side where it was measured.
 */
export function cpuPerRequest(measured: CpuFigures, baseline: CpuFigures) {
  const ratio =
    measured.serverCpuUsPerRequest === null || baseline.serverCpuUsPerRequest === null
      ? null
      : Number((measured.serverCpuUsPerRequest / baseline.serverCpuUsPerRequest).toFixed(2));
  return {
    measuredUs: measured.serverCpuUsPerRequest,
    baselineUs: baseline.serverCpuUsPerRequest,
    ratio,
    postgresMeasuredUs: measured.postgresCpuUsPerRequest ?? null,
    postgresBaselineUs: baseline.postgresCpuUsPerRequest ?? null,
  };
}

/** What every comparison against a baseline reports: CPU per request, each round's ratio, both sides. */
export function comparisonDetails(rounds: {
  measured: CpuFigures;
  baseline: CpuFigures;
  roundRatios: number[];
}) {
  const { measured, baseline, roundRatios } = rounds;
  return { serverCpuPerRequest: cpuPerRequest(measured, baseline), roundRatios, baseline, measured };
}
