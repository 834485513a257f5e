import { testLogSink } from "@keyward/schema/test-support";
import { createLogger, type Logger } from "../../src/logger.ts";

/**
 * The production logger (same redaction) at debug level, written to this test process's file in
 * .test-logs/: after the run every line is scanned for issued tokens (scripts/scan-test-logs.ts).
 */
export function testLogger(instanceId = "test"): Logger {
  return createLogger("debug", instanceId, testLogSink());
}
