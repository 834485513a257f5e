export { accountSnapshot } from "./account-snapshot.ts";
export { type ApiKeyFieldCaller, apiKeyFieldCells } from "./api-key-field-table.ts";
export { type IdSlot, idSlotsOf, slotKey } from "./id-arguments.ts";
export {
  type IsolationWorld,
  seedIsolationWorld,
  type WorldKind,
  type WorldObject,
  worldKinds,
} from "./isolation-world.ts";
export { probeDocument, selectionOf } from "./probe-documents.ts";
export { requiredServices, testRedisUrl } from "./required-services.ts";
export { documentFor, sampleValue } from "./root-field-documents.ts";
export {
  type CookieWrite,
  createSchemaHarness,
  dataOf,
  errorCodesOf,
  type SchemaHarness,
  type SchemaHarnessOptions,
} from "./schema-harness.ts";
export { keyViewer, type SeededAccount, seedAccount, seedKey, sessionViewer } from "./seed-builders.ts";
export { type KeyRegistryOptions, seedKeyRegistry } from "./seed-key-registry.ts";
export { createTestDatabase, type TestDatabase, testEngines } from "./test-databases.ts";
export { scanTestLogs, type TestLogScan, type TokenInLog, tokenShape } from "./test-log-scan.ts";
export { TEST_LOG_DIR, testLogSink } from "./test-log-sink.ts";
