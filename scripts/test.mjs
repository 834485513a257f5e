// `npm test`: install what is missing, then lint, typecheck, check generated artefacts, and run
// every suite (unit, schema, HTTP/WebSocket integration, browser) in one vitest run.
// PostgreSQL and Redis suites run when TEST_DATABASE_URL / TEST_REDIS_URL are set; names listed in
// KEYWARD_TEST_REQUIRE (postgres, redis, browser) must have run, or the run fails. Test servers log
// at debug level to .test-logs/; after the run those logs are scanned for issued tokens, and the
// scan counts as one more test.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { buildWeb, generateClients, installDependencies, pnpm, root, run, step } from "./workspace-setup.mjs";

const steps = 7;
const report = path.join(root, ".vitest-report.json");
const testLogs = path.join(root, ".test-logs");
step(steps, "Installing dependencies (pnpm, pinned)", installDependencies);
step(steps, "Generating the Prisma client", generateClients);
step(steps, "Checking format and lint (Biome)", () => pnpm(["exec", "biome", "check", "."]));
step(steps, "Checking migrations and the printed schema are current", () => {
  pnpm(["--filter", "@keyward/schema", "run", "migration:check"]);
  pnpm(["--filter", "@keyward/schema", "run", "print-schema", "--check"]);
});
step(steps, "Typechecking every package", () =>
  pnpm(["exec", "turbo", "run", "typecheck", "--output-logs=errors-only"]),
);
step(steps, "Building the web app (for the browser suite)", buildWeb);
const result = step(steps, "Running every test suite", () => {
  rmSync(report, { force: true });
  rmSync(testLogs, { recursive: true, force: true });
  return run(
    "npx",
    ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    { allowFailure: true },
  );
});

// Every log line of the run: no issued token (scripts/scan-test-logs.ts).
process.stdout.write("\n");
const logScan = run("npx", ["tsx", "scripts/scan-test-logs.ts"], { allowFailure: true });
const logScanPassed = logScan.status === 0 ? 1 : 0;

let summary;
try {
  summary = JSON.parse(readFileSync(report, "utf8"));
} catch {
  process.stdout.write("\ntests: 0 passed, 1 failed\n");
  process.exit(1);
}
const tests = summary.testResults.flatMap((file) => file.assertionResults);
const passed = tests.filter((test) => test.status === "passed").length + logScanPassed;
const failedTests = tests.filter((test) => test.status === "failed").length;
// A file that failed to load has no assertions: count it as a failure.
const brokenFiles = summary.testResults.filter(
  (file) => file.status === "failed" && file.assertionResults.length === 0,
).length;
const failed = failedTests + brokenFiles + (1 - logScanPassed);

const required = (process.env.KEYWARD_TEST_REQUIRE ?? "")
  .split(",")
  .map((name) => name.trim())
  .filter(Boolean);
const missing = [];
for (const suite of required) {
  const ran = tests.filter((test) => test.fullName.includes(`[${suite}]`) && test.status === "passed").length;
  process.stdout.write(`suite ${suite}: ${ran} passed\n`);
  if (ran === 0) missing.push(suite);
}
if (missing.length > 0) process.stdout.write(`required suites did not run: ${missing.join(", ")}\n`);
process.stdout.write(`\ntests: ${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 || missing.length > 0 || result.status !== 0 ? 1 : 0);
