import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { testRedisUrl } from "../test-support/index.ts";
import { createSignInLimiter, type SignInLimiterOptions } from "./sign-in-limiter.ts";
import { createTotpLimiter } from "./totp-limiter.ts";

const redisUrl = testRedisUrl();
const stores: Array<"memory" | "redis"> = redisUrl ? ["memory", "redis"] : ["memory"];

describe.each(stores)("sign-in limiter [%s]", (store) => {
  const clients: Redis[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit()));
  });

  async function limiter(options: SignInLimiterOptions = {}) {
    if (store === "memory" || !redisUrl) return createSignInLimiter(options);
    const client = new Redis(redisUrl);
    clients.push(client);
    // Until the client is ready the limiter counts in process (its fallback): wait for Redis.
    await client.ping();
    return createSignInLimiter({ ...options, storeClient: client });
  }

  // Fresh keys per test: Redis counts outlive a test run.
  const keys = () => ({
    ip: `192.0.2.${Math.floor(Math.random() * 250)}-${randomUUID()}`,
    email: `${randomUUID()}@x.test`,
  });

  it("allows 10 attempts per email and IP in 15 minutes, then refuses with a retry delay", async () => {
    const signIn = await limiter();
    const attempt = keys();
    for (let i = 0; i < 10; i++) expect((await signIn.consume(attempt)).allowed).toBe(true);
    const refused = await signIn.consume(attempt);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    // Another email from the same IP is still allowed.
    expect((await signIn.consume({ ...attempt, email: `${randomUUID()}@x.test` })).allowed).toBe(true);
  });

  it("allows 100 attempts per IP in an hour, across emails", async () => {
    const signIn = await limiter();
    const { ip } = keys();
    for (let i = 0; i < 100; i++) {
      expect((await signIn.consume({ ip, email: `${i}-${randomUUID()}@x.test` })).allowed).toBe(true);
    }
    const refused = await signIn.consume({ ip, email: `${randomUUID()}@x.test` });
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(59 * 60);
  });

  it("reset forgets the email+IP failures and gives the IP its attempt back", async () => {
    const signIn = await limiter({
      perEmailAndIp: { points: 3, windowSeconds: 60 },
      perIp: { points: 4, windowSeconds: 60 },
    });
    const attempt = keys();
    for (let i = 0; i < 3; i++) await signIn.consume(attempt);
    await signIn.reset(attempt);
    // Email+IP has a fresh budget of 3; the IP had 3 of 4 used, one returned: 2 left.
    expect((await signIn.consume(attempt)).allowed).toBe(true);
    expect((await signIn.consume(attempt)).allowed).toBe(true);
    expect((await signIn.consume(attempt)).allowed).toBe(false);
  });
});

describe("limiters while Redis is unreachable", () => {
  it("keep counting in process instead of failing", async () => {
    const client = new Redis({
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    try {
      const signIn = createSignInLimiter({
        storeClient: client,
        perEmailAndIp: { points: 2, windowSeconds: 60 },
      });
      const attempt = { ip: "192.0.2.1", email: "a@x.test" };
      expect((await signIn.consume(attempt)).allowed).toBe(true);
      expect((await signIn.consume(attempt)).allowed).toBe(true);
      expect((await signIn.consume(attempt)).allowed).toBe(false);

      const totp = createTotpLimiter({ storeClient: client, points: 1 });
      expect((await totp.consume("profile")).allowed).toBe(true);
      expect((await totp.consume("profile")).allowed).toBe(false);
    } finally {
      client.disconnect();
    }
  });
});

describe.each(redisUrl ? [redisUrl] : [])("sign-in limiter across instances (%s)", (url) => {
  it("shares counts between instances through Redis", async () => {
    const [first, second] = [new Redis(url), new Redis(url)];
    try {
      await Promise.all([first.ping(), second.ping()]);
      const options = { perEmailAndIp: { points: 2, windowSeconds: 60 } };
      const instanceA = createSignInLimiter({ ...options, storeClient: first });
      const instanceB = createSignInLimiter({ ...options, storeClient: second });
      const attempt = { ip: `192.0.2.9-${randomUUID()}`, email: `${randomUUID()}@x.test` };
      expect((await instanceA.consume(attempt)).allowed).toBe(true);
      expect((await instanceB.consume(attempt)).allowed).toBe(true);
      expect((await instanceA.consume(attempt)).allowed).toBe(false);
    } finally {
      await Promise.all([first.quit(), second.quit()]);
    }
  });
});
