/**
 * Services a run must exercise (CI sets KEYWARD_TEST_REQUIRE=postgres,redis,browser): a suite
 * whose service is required but not configured fails instead of quietly skipping.
 */
export function requiredServices(): Set<string> {
  return new Set(
    (process.env.KEYWARD_TEST_REQUIRE ?? "")
      .split(",")
      .map((name) => name.trim())
      .filter(Boolean),
  );
}

/** The Redis URL for tests, or undefined (and an error when Redis is required). */
export function testRedisUrl(): string | undefined {
  const url = process.env.TEST_REDIS_URL;
  if (!url && requiredServices().has("redis")) {
    throw new Error("KEYWARD_TEST_REQUIRE names redis but TEST_REDIS_URL is not set");
  }
  return url;
}
