import type { KeywardEvents } from "@keyward/schema";
import { testRedisUrl } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closeConnection,
  createCommandConnection,
  createSubscriberConnection,
} from "../src/live/redis-connections.ts";
import { createRedisEventBus } from "../src/live/redis-event-bus.ts";
import { createScaleOut } from "../src/live/scale-out.ts";
import { type OwnRedis, startOwnRedis } from "./support/redis-server.ts";
import { testLogger } from "./support/test-logger.ts";
import { waitFor } from "./support/wait-for.ts";

type KeyActivityEvent = KeywardEvents["key.activity"];

const logger = testLogger();
// Other suites may share the test Redis: only this run's events are counted.
const ACCOUNT = `bus-test-${Math.random().toString(36).slice(2)}`;

const activity = (result: string): KeyActivityEvent => ({
  accountId: ACCOUNT,
  keyId: "key",
  ownerId: "owner",
  presentedHint: null,
  workspaceId: null,
  module: "AGENTS_EXECUTION",
  action: "verify",
  result,
  ip: "10.0.0.1",
  occurredAt: new Date("2026-03-01T12:00:00.123Z"),
});

/** Two instances' buses on one Redis, each collecting what its listeners receive. */
async function twoInstances(url: string) {
  const a = await createScaleOut({ redisUrl: url, instanceId: "a", logger, connectTimeoutMs: 10_000 });
  const b = await createScaleOut({ redisUrl: url, instanceId: "b", logger, connectTimeoutMs: 10_000 });
  const received = { a: [] as KeyActivityEvent[], b: [] as KeyActivityEvent[] };
  a.events.subscribe("key.activity", (event) => event.accountId === ACCOUNT && received.a.push(event));
  b.events.subscribe("key.activity", (event) => event.accountId === ACCOUNT && received.b.push(event));
  return { a, b, received, close: () => Promise.all([a.close(), b.close()]) };
}

/** A bus on a channel of its own (createScaleOut always uses the deployment's channel). */
async function busOn(channel: string, instanceId: string) {
  const url = testRedisUrl() ?? "";
  const publisher = createCommandConnection(url, instanceId);
  const subscriber = createSubscriberConnection(url, instanceId);
  const events = createRedisEventBus({ publisher, subscriber, logger, channel });
  await events.ready;
  return {
    events,
    close: async () => {
      await events.close();
      await closeConnection(publisher);
    },
  };
}

describe.runIf(testRedisUrl())("event bus through Redis [redis]", () => {
  let instances: Awaited<ReturnType<typeof twoInstances>>;
  beforeAll(async () => {
    instances = await twoInstances(testRedisUrl() ?? "");
  });
  afterAll(async () => {
    await instances.close();
  });

  it("delivers an event to this instance at once and to the other through Redis, Dates intact", async () => {
    const { a, b, received } = instances;
    a.events.publish("key.activity", activity("VALID"));
    // Local listeners run synchronously, before publish returns.
    expect(received.a).toEqual([activity("VALID")]);
    await waitFor(() => received.b.length === 1, "the event on the other instance");
    expect(received.b[0]).toEqual(activity("VALID"));
    expect(received.b[0]?.occurredAt).toBeInstanceOf(Date);
    b.events.publish("key.activity", activity("REVOKED"));
    await waitFor(() => received.a.length === 2, "the event back on the first instance");
    // Each instance delivered each event exactly once (its own are not echoed back from Redis).
    expect(received.a.map((event) => event.result)).toEqual(["VALID", "REVOKED"]);
    expect(received.b.map((event) => event.result)).toEqual(["VALID", "REVOKED"]);
    expect(a.events.stats()).toMatchObject({ published: { "key.activity": 1 }, publishFailed: 0 });
    expect(a.events.stats().received).toBeGreaterThanOrEqual(1);
  });

  it("keeps delivering to the other listeners when one throws, and never throws to the publisher", async () => {
    const { a, b } = instances;
    const seen: string[] = [];
    const stopFaulty = b.events.subscribe("user.changed", () => {
      throw new Error("faulty listener");
    });
    const stopGood = b.events.subscribe(
      "user.changed",
      (event) => event.accountId === ACCOUNT && seen.push(event.change),
    );
    expect(() => b.events.publish("user.changed", change("LOCAL"))).not.toThrow();
    a.events.publish("user.changed", change("REMOTE"));
    await waitFor(() => seen.length === 2, "both changes");
    expect(seen).toEqual(["LOCAL", "REMOTE"]);
    expect(b.events.stats().listenerErrors).toBeGreaterThanOrEqual(2);
    stopFaulty();
    stopGood();
  });

  it("keeps local-only listeners to the events of their own instance", async () => {
    const { a, b } = instances;
    const own: string[] = [];
    const all: string[] = [];
    const stopOwn = b.events.subscribe(
      "user.changed",
      (event) => event.accountId === ACCOUNT && own.push(event.change),
      { localOnly: true },
    );
    const stopAll = b.events.subscribe(
      "user.changed",
      (event) => event.accountId === ACCOUNT && all.push(event.change),
    );
    a.events.publish("user.changed", change("FROM_A"));
    b.events.publish("user.changed", change("FROM_B"));
    await waitFor(() => all.length === 2, "both changes on B");
    expect(all.sort()).toEqual(["FROM_A", "FROM_B"]);
    expect(own).toEqual(["FROM_B"]);
    stopOwn();
    stopAll();
  });

  it("reads other instances' key activity only while a listener here takes remote events", async () => {
    // A channel of this test's own: the counters below see no other suite's traffic.
    const channel = `keyward:test:${ACCOUNT}`;
    const [a, c] = await Promise.all([busOn(channel, "a"), busOn(channel, "c")]);
    try {
      const own: KeyActivityEvent[] = [];
      const changes: string[] = [];
      c.events.subscribe("key.activity", (event) => own.push(event), { localOnly: true });
      c.events.subscribe("user.changed", (event) => changes.push(event.change));
      a.events.publish("key.activity", activity("VALID"));
      a.events.publish("user.changed", change("AFTER_ACTIVITY"));
      await waitFor(() => changes.length === 1, "the change on C");
      // Give the activity batch (on its own channel) time to arrive: it must not be read.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(own).toEqual([]);
      expect(c.events.stats()).toMatchObject({ received: 1, malformed: 0 });

      const followed: KeyActivityEvent[] = [];
      const stop = c.events.subscribe("key.activity", (event) => followed.push(event));
      a.events.publish("key.activity", activity("REVOKED"));
      await waitFor(() => followed.length === 1, "the activity on C once followed");
      expect(followed[0]?.result).toBe("REVOKED");
      expect(followed[0]?.occurredAt).toBeInstanceOf(Date);
      expect(own).toEqual([]);
      expect(c.events.stats().received).toBe(2);
      stop();
    } finally {
      await Promise.all([a.close(), c.close()]);
    }
  });

  it("ignores messages on the channel that are not Keyward batches", async () => {
    const { a, received } = instances;
    const before = received.a.length;
    await a.redis?.publish("keyward:events", "not json");
    await a.redis?.publish("keyward:events", JSON.stringify({ origin: "x", events: "nope" }));
    await waitFor(() => a.events.stats().malformed === 2, "malformed messages counted");
    expect(received.a.length).toBe(before);
  });
});

const change = (label: string) => ({
  accountId: ACCOUNT,
  profileId: "profile",
  role: "USER" as const,
  status: "ACTIVE" as const,
  change: label,
});

describe.runIf(testRedisUrl())("event bus during a Redis outage [redis]", () => {
  let redis: OwnRedis;
  let closeInstances: (() => Promise<unknown>) | undefined;
  beforeAll(async () => {
    redis = await startOwnRedis();
  });
  afterAll(async () => {
    await closeInstances?.();
    await redis.close();
  });

  it("keeps local delivery, counts what could not be sent, and resumes when Redis returns", async () => {
    const { a, b, received, close } = await twoInstances(redis.url);
    closeInstances = close;
    let resyncs = 0;
    b.events.onResync(() => resyncs++);

    await redis.stop();
    await waitFor(() => !a.events.stats().connected && !b.events.stats().connected, "both to notice");
    expect(() => a.events.publish("key.activity", activity("DURING_OUTAGE"))).not.toThrow();
    expect(received.a.map((event) => event.result)).toEqual(["DURING_OUTAGE"]);
    await waitFor(() => a.events.stats().publishFailed === 1, "the failed send to be counted");
    expect(received.b).toEqual([]);

    await redis.start();
    await waitFor(() => a.events.stats().connected && b.events.stats().connected, "both to reconnect");
    await waitFor(() => resyncs === 1, "the resync after the gap");
    a.events.publish("key.activity", activity("AFTER_OUTAGE"));
    await waitFor(() => received.b.length === 1, "events to flow again");
    expect(received.b.map((event) => event.result)).toEqual(["AFTER_OUTAGE"]);
  });
});
