import { testEngines } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postVerify, profileOf, seedApiKey, seedGatewayAccount } from "./support/key-seeds.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";

async function scrape(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one sample line, e.g. `keyward_events_published_total{topic="user.changed"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(testEngines())("/metrics [%s]", (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });

  it("exposes the live and verification series in the Prometheus text format", async () => {
    const text = await scrape(server.url);
    for (const name of [
      "keyward_verify_duration_seconds",
      "keyward_verify_results_total",
      "keyward_websocket_sockets",
      "keyward_active_subscriptions",
      "keyward_events_publish_failed_total",
      "keyward_event_bus_connected",
      "keyward_process_resident_memory_bytes",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(sample(text, 'keyward_event_bus_connected{mode="in-process"}')).toBe(1);
    expect(sample(text, "keyward_websocket_sockets")).toBe(0);
  });

  it("counts published events by topic", async () => {
    const series = 'keyward_events_published_total{topic="user.changed"}';
    const before = sample(await scrape(server.url), series) ?? 0;
    for (let index = 0; index < 3; index++) {
      server.app.events.publish("user.changed", {
        accountId: "nobody",
        profileId: "nobody",
        role: "USER",
        status: "ACTIVE",
        change: "TEST",
      });
    }
    expect(sample(await scrape(server.url), series)).toBe(before + 3);
  });

  it("times verifications and counts them by result, with cache and activity series", async () => {
    const { account, caller } = await seedGatewayAccount(server.app.database.prisma);
    const key = await seedApiKey(server.app.database.prisma, account, {
      ownerId: profileOf(account, "developer").id,
    });
    const before = await scrape(server.url);
    const valid = sample(before, 'keyward_verify_results_total{code="VALID"}') ?? 0;
    const timed = sample(before, "keyward_verify_duration_seconds_count") ?? 0;
    expect((await postVerify(server.url, caller.token, { key: key.token })).body.code).toBe("VALID");
    expect((await postVerify(server.url, caller.token, { key: "kw_dev_nothing" })).body.code).toBe(
      "NOT_FOUND",
    );
    const after = await scrape(server.url);
    expect(sample(after, 'keyward_verify_results_total{code="VALID"}')).toBe(valid + 1);
    expect(sample(after, 'keyward_verify_results_total{code="NOT_FOUND"}')).toBeGreaterThanOrEqual(1);
    expect(sample(after, "keyward_verify_duration_seconds_count")).toBe(timed + 2);
    expect(sample(after, 'keyward_verify_cache_total{outcome="miss"}')).toBeGreaterThanOrEqual(1);
    for (const series of [
      "keyward_activity_buffered_events",
      "keyward_activity_dropped_events_total",
      "keyward_activity_flush_lag_seconds",
    ]) {
      expect(sample(after, series)).toBeGreaterThanOrEqual(0);
    }
  });

  it("refuses anything but GET and HEAD", async () => {
    expect((await fetch(`${server.url}/metrics`, { method: "POST" })).status).toBe(405);
  });
});
