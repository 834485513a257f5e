import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import path from "node:path";

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
  for (const check of result.checks) {
    const sign = check.direction === "min" ? "≥" : "≤";
    const value = `${check.measured.toFixed(check.unit === "×" ? 2 : 1)}${check.unit}`;
    process.stdout.write(
      `  ${passes(check) ? "PASS" : "FAIL"}  ${result.benchmark}: ${check.name} = ${value} (target ${sign} ${check.target}${check.unit})\n`,
    );
  }
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    path.join(resultsDir, `${result.benchmark}.json`),
    `${JSON.stringify({ ...result, machine: machineDescription(), at: new Date().toISOString() }, null, 2)}\n`,
  );
}
