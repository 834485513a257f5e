import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import path from "node:path";
import type { minimalVerifierDetails } from "./minimal-verifier.ts";
import type { cpuPerRequest } from "./throughput-checks.ts";

export interface Check {
  /** What is compared, e.g. "throughput vs bare node:http". */
  name: string;
  measured: number;
  /** The target, in the same unit as `measured`. */
  target: number;
  /** "min": measured must be ≥ target; "max": ≤ target. */
  direction: "min" | "max";
  unit: string;
}

export interface BenchmarkResult {
  benchmark: string;
  description: string;
  checks: Check[];
  details: Record<string, unknown>;
  /** Why the benchmark did not run (a service it needs is missing): reported as SKIPPED, never as PASS. */
  skipped?: string;
}

/** A benchmark that could not run, with the reason. */
export function skippedResult(benchmark: string, description: string, reason: string): BenchmarkResult {
  return { benchmark, description, checks: [], details: {}, skipped: reason };
}

export const passes = (check: Check) =>
  check.direction === "min" ? check.measured >= check.target : check.measured <= check.target;

const resultsDir = path.resolve(import.meta.dirname, "../results");

export function machineDescription() {
  const cpu = cpus()[0];
  return {
    cpu: cpu?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

/** Prints one line per check (value, target, PASS/FAIL) and saves bench/results/<name>.json. */
export function report(result: BenchmarkResult): void {
  if (result.skipped !== undefined) {
    process.stdout.write(`  SKIPPED  ${result.benchmark}: ${result.skipped}\n`);
  }
  for (const check of result.checks) {
    const sign = check.direction === "min" ? "≥" : "≤";
    const digits = check.unit === "×" ? 2 : Number.isInteger(check.measured) ? 0 : 1;
    const value = `${check.measured.toFixed(digits)}${check.unit}`;
    process.stdout.write(
      `  ${passes(check) ? "PASS" : "FAIL"}  ${result.benchmark}: ${check.name} = ${value} (target ${sign} ${check.target}${check.unit})\n`,
    );
  }
  const cpu = result.details.serverCpuPerRequest as ReturnType<typeof cpuPerRequest> | undefined;
  if (cpu?.measuredUs != null && cpu.baselineUs != null) {
    const database =
      cpu.postgresMeasuredUs != null && cpu.postgresBaselineUs != null
        ? `; PostgreSQL ${cpu.postgresMeasuredUs} vs ${cpu.postgresBaselineUs} µs`
        : "";
    process.stdout.write(
      `        CPU per request: server ${cpu.measuredUs} vs ${cpu.baselineUs} µs (baseline)${database}\n`,
    );
  }
  const reference = result.details.minimalVerifier as ReturnType<typeof minimalVerifierDetails> | undefined;
  if (reference) {
    process.stdout.write(
      `        reference: a minimal verifier = ${reference.ratio.toFixed(2)}× of the bare server (rounds ${reference.roundRatios.join("/")}, p99 ${reference.p99Ratio}×; server ${reference.serverCpuUs} µs, PostgreSQL ${reference.postgresCpuUs} µs per request)\n`,
    );
  }
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    path.join(resultsDir, `${result.benchmark}.json`),
    `${JSON.stringify({ ...result, machine: machineDescription(), at: new Date().toISOString() }, null, 2)}\n`,
  );
}
