export { requiredServices, testRedisUrl } from "./required-services.ts";
export { createTestDatabase, type TestDatabase, testEngines } from "./test-databases.ts";
