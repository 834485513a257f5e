// `npm run bench`: every benchmark runs its baseline in the same run and prints the ratio, its
// target and PASS/FAIL. Results land in bench/results/*.json; docs/PERFORMANCE.md summarises them.
// `npm run bench -- graphql-viewer` runs one benchmark.
import { activityIngestion } from "./benchmarks/activity-ingestion.ts";
import { graphqlKeyList } from "./benchmarks/graphql-key-list.ts";
import { graphqlViewer } from "./benchmarks/graphql-viewer.ts";
import { revocationPropagation } from "./benchmarks/revocation-propagation.ts";
import { securityPlugins } from "./benchmarks/security-plugins.ts";
import { subscriptionFanout } from "./benchmarks/subscription-fanout.ts";
import { verifyBadChecksum } from "./benchmarks/verify-bad-checksum.ts";
import { verifyCacheHit } from "./benchmarks/verify-cache-hit.ts";
import { verifyCacheMiss } from "./benchmarks/verify-cache-miss.ts";
import { cpuSets } from "./framework/cpu-sets.ts";
import { type BenchmarkResult, machineDescription, passes, report } from "./framework/report.ts";

const benchmarks: Record<string, () => Promise<BenchmarkResult>> = {
  "verify-cache-hit": verifyCacheHit,
  "verify-bad-checksum": verifyBadChecksum,
  "verify-cache-miss": verifyCacheMiss,
  "activity-ingestion": activityIngestion,
  "revocation-propagation": revocationPropagation,
  "graphql-viewer": graphqlViewer,
  "security-plugins": securityPlugins,
  "graphql-key-list": graphqlKeyList,
  "subscription-fanout": subscriptionFanout,
};

const selected = process.argv.slice(2).filter((name) => !name.startsWith("-"));
const names = selected.length > 0 ? selected : Object.keys(benchmarks);
const machine = machineDescription();
process.stdout.write(
  `Keyward benchmarks on ${machine.cpu} (${machine.cores} cores, Node ${machine.node}); ` +
    `server core ${cpuSets.server ?? "any"}, load core ${cpuSets.load ?? "any"}\n`,
);
let failed = 0;
let skipped = 0;
for (const [index, name] of names.entries()) {
  const run = benchmarks[name];
  if (!run) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(benchmarks).join(", ")}`);
  process.stdout.write(`\n[${index + 1}/${names.length}] ${name}…\n`);
  const result = await run();
  report(result);
  if (result.skipped !== undefined) skipped++;
  failed += result.checks.filter((check) => !passes(check)).length;
}
const skippedNote = skipped === 0 ? "" : ` (${skipped} benchmark(s) SKIPPED: not measured)`;
const verdict =
  failed > 0 ? `${failed} target(s) missed` : skipped > 0 ? "no measured target missed" : "all targets met";
process.stdout.write(`\n${verdict}${skippedNote}\n`);
