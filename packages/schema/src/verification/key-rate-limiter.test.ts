import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { testRedisUrl } from "../test-support/index.ts";
import {
  createMemoryKeyRateLimiter,
  createRedisKeyRateLimiter,
  type KeyRateLimiter,
} from "./key-rate-limiter.ts";

async function consumeTimes(limiter: KeyRateLimiter, keyId: string, perMinute: number, times: number) {
  const decisions = [];
  for (let index = 0; index < times; index++) decisions.push(await limiter.consume(keyId, perMinute));
  return decisions;
}

describe("in-memory key rate limiter", () => {
  it("allows the limit per minute, then denies", async () => {
    const limiter = createMemoryKeyRateLimiter();
    const decisions = await consumeTimes(limiter, "key-1", 3, 4);
    expect(decisions.map((decision) => [decision.allowed, decision.limit, decision.remaining])).toEqual([
      [true, 3, 2],
      [true, 3, 1],
      [true, 3, 0],
      [false, 3, 0],
    ]);
    expect(decisions[3]?.resetMs).toBeGreaterThan(0);
    expect(decisions[3]?.resetMs).toBeLessThanOrEqual(60_000);
  });

  it("counts keys apart and keeps one limiter per limit", async () => {
    const limiter = createMemoryKeyRateLimiter();
    await consumeTimes(limiter, "key-1", 1, 1);
    expect((await limiter.consume("key-1", 1)).allowed).toBe(false);
    expect((await limiter.consume("key-2", 1)).allowed).toBe(true);
    // A changed limit starts a window of its own.
    expect((await limiter.consume("key-1", 5)).allowed).toBe(true);
  });

  it("denies a limit below one", async () => {
    expect(await createMemoryKeyRateLimiter().consume("key-1", 0)).toMatchObject({
      allowed: false,
      limit: 0,
    });
  });
});

describe("Redis key rate limiter", () => {
  const clients: Redis[] = [];
  afterAll(() => {
    for (const client of clients) client.disconnect();
  });

  it("falls back to the in-memory insurance limiter while Redis is unreachable", async () => {
    // Never connects (nothing listens on port 1): every call goes to the insurance limiter at once.
    const offline = new Redis({
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    clients.push(offline);
    const limiter = createRedisKeyRateLimiter(offline);
    const started = performance.now();
    const decisions = await consumeTimes(limiter, "key-1", 2, 3);
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, false]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  const redisUrl = testRedisUrl();
  const shared = redisUrl === undefined ? [] : [redisUrl];
  it.each(shared)("shares counts between instances through Redis (%s)", async (url) => {
    const keyPrefix = `kw:test:${randomBytes(6).toString("hex")}`;
    const first = new Redis(url);
    const second = new Redis(url);
    clients.push(first, second);
    // Until a client is ready, its calls go to the insurance limiter (rejectIfRedisNotReady).
    await Promise.all([once(first, "ready"), once(second, "ready")]);
    const instanceA = createRedisKeyRateLimiter(first, { keyPrefix });
    const instanceB = createRedisKeyRateLimiter(second, { keyPrefix });
    expect(await instanceA.consume("key-1", 3)).toMatchObject({ allowed: true, remaining: 2 });
    expect(await instanceB.consume("key-1", 3)).toMatchObject({ allowed: true, remaining: 1 });
    expect(await instanceA.consume("key-1", 3)).toMatchObject({ allowed: true, remaining: 0 });
    const denied = await instanceB.consume("key-1", 3);
    expect(denied).toMatchObject({ allowed: false, limit: 3, remaining: 0 });
    expect(denied.resetMs).toBeGreaterThan(0);
    expect((await instanceB.consume("key-2", 3)).allowed).toBe(true);
    // Redis gone: the instance keeps answering from memory instead of failing or hanging.
    first.disconnect();
    expect(await instanceA.consume("key-3", 3)).toMatchObject({ allowed: true, remaining: 2 });
  });
});
