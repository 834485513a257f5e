import { setTimeout as sleep } from "node:timers/promises";
import { benchTokens } from "../framework/bench-tokens.ts";
import { type RunningServer, startChildServer } from "../framework/child-server.ts";
import { openFileLimit, startFanoutClients } from "../framework/fanout-driver.ts";
import { benchDuration } from "../framework/load.ts";
import type { BenchmarkResult } from "../framework/report.ts";
import { benchDatabaseEnv } from "../framework/services.ts";

// The activity of one key (its detail page): the subscribers' own connections authenticate with
// the admin key, and that activity must not reach them as deliveries.
const subscriptionOf = (keyGlobalId: string) =>
  `subscription { keyActivity(filter: { keyId: "${keyGlobalId}" }) { keyId presentedHint module action result success ip occurredAt } }`;
const subscribers = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
/** Events per timed run: every subscriber receives each one. */
const events = Math.max(2, Math.round(benchDuration() * 2));

interface Memory {
  rss: number;
  heapUsed: number;
  sockets: number;
}

async function controlCall<T>(server: RunningServer, method: "GET" | "POST", route: string): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${server.info.controlPort}${route}`, { method });
  if (!response.ok) throw new Error(`${route}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/**
 * Connects the clients, publishes until every one has received an event (the subscriptions are
 * live), measures memory, then times `events` publications reaching every subscriber.
 */
async function fanOut(server: RunningServer, clientOptions: Parameters<typeof startFanoutClients>[0]) {
  await sleep(1000);
  const idle = await controlCall<Memory>(server, "GET", "/memory?gc");
  const clients = await startFanoutClients(clientOptions);
  try {
    const deadline = Date.now() + 120_000;
    let status = await clients.status();
    while (status.reached < clients.opened.connected) {
      if (Date.now() > deadline) throw new Error(`only ${status.reached} subscribers ever received an event`);
      await controlCall(server, "POST", "/publish?count=1");
      await sleep(1000);
      status = await clients.status();
    }
    await sleep(2000);
    const held = await controlCall<Memory>(server, "GET", "/memory?gc");
    await clients.reset();
    const total = clients.opened.connected * events;
    const { done } = await clients.expect(total, 600_000);
    // BENCH_PROFILE_FANOUT=1: a CPU profile of the Keyward server while it delivers.
    const profiling = process.env.BENCH_PROFILE_FANOUT === "1" && clientOptions.protocol === "graphql-ws";
    if (profiling) await controlCall(server, "POST", "/profile/start");
    await controlCall(server, "POST", `/publish?count=${events}`);
    const timed = await done;
    if (profiling)
      process.stdout.write(
        `  profile: ${JSON.stringify(await controlCall(server, "POST", "/profile/stop"))}\n`,
      );
    const after = await clients.status();
    return {
      connected: clients.opened.connected,
      failed: clients.opened.failed,
      retried: clients.opened.retried,
      sockets: held.sockets,
      closedEarly: after.closedEarly,
      unexpected: after.unexpected,
      sample: status.sample,
      rssPerSubscriberBytes: (held.rss - idle.rss) / clients.opened.connected,
      heapPerSubscriberBytes: (held.heapUsed - idle.heapUsed) / clients.opened.connected,
      deliveries: timed.received,
      seconds: timed.ms / 1000,
      deliveriesPerSecond: timed.received / (timed.ms / 1000),
    };
  } finally {
    await clients.close();
  }
}

/**
 * graphql-ws `keyActivity` subscribers (admin bearer key) on one instance receiving published
 * activity events, vs a raw `ws` server broadcasting the very message graphql-ws sent to the same
 * number of clients: deliveries per second, subscribers held, RSS per idle subscription.
 */
export async function subscriptionFanout(): Promise<BenchmarkResult> {
  const limit = openFileLimit();
  if (limit < subscribers + 1024) {
    throw new Error(
      `open-file limit ${limit} is below ${subscribers + 1024}: raise it (ulimit -n) for ${subscribers} sockets`,
    );
  }
  const keyward = await startChildServer("keyward-graphql-server.ts", await benchDatabaseEnv());
  const { gateway: adminToken } = benchTokens(keyward);
  const measured = await fanOut(keyward, {
    url: `ws://127.0.0.1:${keyward.port}/graphql`,
    count: subscribers,
    protocol: "graphql-ws",
    authorization: `Bearer ${adminToken}`,
    query: subscriptionOf(Buffer.from(`ApiKey:${String(keyward.info.watchedKeyId)}`).toString("base64")),
  }).finally(() => keyward.stop());
  if (measured.sample === null) throw new Error("no graphql-ws message was received");

  const bare = await startChildServer("bare-ws-server.ts", { BENCH_WS_PAYLOAD: measured.sample });
  const baseline = await fanOut(bare, {
    url: `ws://127.0.0.1:${bare.port}/`,
    count: subscribers,
    protocol: "raw",
  }).finally(() => bare.stop());

  return {
    benchmark: "subscription-fanout",
    description: `graphql-ws keyActivity fan-out to ${subscribers} subscribers (${events} events) vs a raw ws broadcast of the same message (${String(keyward.info.engine)})`,
    checks: [
      {
        name: "deliveries/s ratio",
        measured: measured.deliveriesPerSecond / baseline.deliveriesPerSecond,
        target: 0.2,
        direction: "min",
        unit: "×",
      },
      {
        name: "subscribers held on one instance (all receiving)",
        measured: measured.connected - measured.closedEarly - measured.unexpected,
        target: subscribers,
        direction: "min",
        unit: "",
      },
      {
        name: "RSS per idle subscription",
        measured: measured.rssPerSubscriberBytes / 1024,
        target: 40,
        direction: "max",
        unit: " KB",
      },
    ],
    details: { measured: { ...measured, sample: undefined }, baseline: { ...baseline, sample: undefined } },
  };
}
