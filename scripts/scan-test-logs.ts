// After the whole test run: no log line of any test server may hold an issued token. Prints where
// a token-shaped string was found (file:line, never the string) and exits 1; exits 1 as well when
// no log line was written at all (the scan would prove nothing).
import path from "node:path";
import { scanTestLogs } from "../packages/schema/src/test-support/test-log-scan.ts";
import { TEST_LOG_DIR } from "../packages/schema/src/test-support/test-log-sink.ts";

const scan = scanTestLogs(TEST_LOG_DIR);
const where = path.relative(process.cwd(), TEST_LOG_DIR) || TEST_LOG_DIR;
process.stdout.write(
  `log scan: ${scan.lines} lines in ${scan.files} files under ${where}, ${scan.findings.length} with a token\n`,
);
for (const finding of scan.findings.slice(0, 50)) {
  process.stdout.write(
    `  token-shaped string at ${path.relative(process.cwd(), finding.file)}:${finding.line}\n`,
  );
}
if (scan.lines === 0) process.stdout.write("  no test server wrote a log line: the scan proves nothing\n");
process.exit(scan.findings.length > 0 || scan.lines === 0 ? 1 : 0);
