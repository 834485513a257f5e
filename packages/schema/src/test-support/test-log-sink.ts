import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import path from "node:path";
import { threadId } from "node:worker_threads";

/**
 * Where every test server writes its log, one NDJSON file per test process (git-ignored). After
 * the whole run, `npm test` scans these files for issued tokens (scripts/scan-test-logs.ts).
 */
export const TEST_LOG_DIR = path.resolve(import.meta.dirname, "../../../../.test-logs");

let descriptor: number | undefined;

/**
 * A pino destination that appends to this process's file in TEST_LOG_DIR. Writes are synchronous,
 * so nothing is lost when a test process exits.
 */
export function testLogSink(): { write(line: string): void } {
  if (descriptor === undefined) {
    mkdirSync(TEST_LOG_DIR, { recursive: true });
    const file = path.join(TEST_LOG_DIR, `${process.pid}-${threadId}.ndjson`);
    descriptor = openSync(file, "a");
    const opened = descriptor;
    process.once("exit", () => closeSync(opened));
  }
  const target = descriptor;
  return {
    write(line) {
      writeSync(target, line);
    },
  };
}
