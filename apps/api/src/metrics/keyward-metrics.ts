import type { Plugin } from "graphql-yoga";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { ScaleOutBus } from "../live/scale-out-bus.ts";
import { totalCounter } from "./total-counter.ts";

/** What the verification engine reports (the App's `verification.stats()` fits). */
export interface VerificationStatsSource {
  verifier: { cacheHits: number; cacheMisses: number; negativeHits: number };
  activity: {
    buffered: number;
    dropped: number;
    flushed: number;
    failedFlushes: number;
    lastFlushLagMs: number;
  };
}

export interface MetricsSources {
  bus: ScaleOutBus;
  /** Open graphql-ws sockets. */
  sockets(): number;
  /** Verification counters; absent until verification is wired. */
  verification?: (() => VerificationStatsSource) | undefined;
}

/** A verification outcome as the metrics see it. */
export interface VerifyOutcome {
  code: string;
}

export interface KeywardMetrics {
  registry: Registry;
  /** Counts subscriptions from start to end, over SSE and graphql-ws alike (envelop's subscribe). */
  subscriptionsPlugin: Plugin;
  /**
   * Records one verification: its duration (synchronous part included) and result code. Called
   * with plain values on the hot path (no closure, timer object or label object per request).
   */
  recordVerify(code: VerifyOutcome["code"], seconds: number): void;
  /** The Prometheus text exposition. */
  render(): Promise<{ contentType: string; body: string }>;
}

/** Verification is sub-millisecond on a cache hit and a few ms on a miss. */
const verifyBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/** One registry per App (several Apps may share a process in tests). */
export function createMetrics(sources: MetricsSources): KeywardMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "keyward_" });

  const verifyDuration = new Histogram({
    name: "keyward_verify_duration_seconds",
    help: "Time to verify one presented key.",
    buckets: verifyBuckets,
    registers: [registry],
  });
  const verifyResults = new Counter({
    name: "keyward_verify_results_total",
    help: "Verifications by result code (VALID, REVOKED, …).",
    labelNames: ["code"],
    registers: [registry],
  });
  /** The counter of each result code, bound once (labels are hashed on every unbound inc). */
  const resultCounters = new Map<string, ReturnType<typeof verifyResults.labels>>();

  const verification = () => sources.verification?.();
  totalCounter({
    name: "keyward_verify_cache_total",
    help: "Key-record cache lookups by outcome: hit, miss (database query), negative (remembered unknown token).",
    registry,
    labelNames: ["outcome"],
    read: () => {
      const counters = verification()?.verifier;
      if (counters === undefined) return [];
      return [
        { labels: { outcome: "hit" }, value: counters.cacheHits },
        { labels: { outcome: "miss" }, value: counters.cacheMisses },
        { labels: { outcome: "negative" }, value: counters.negativeHits },
      ];
    },
  });
  new Gauge({
    name: "keyward_activity_buffered_events",
    help: "Verification activity waiting to be written (KeyEvent rows and rollups).",
    registers: [registry],
    collect() {
      this.set(verification()?.activity.buffered ?? 0);
    },
  });
  totalCounter({
    name: "keyward_activity_dropped_events_total",
    help: "Verification activity lost: buffer full, rows refused, or shutdown timeout.",
    registry,
    read: () => {
      const activity = verification()?.activity;
      return activity === undefined ? [] : [{ labels: {}, value: activity.dropped }];
    },
  });
  totalCounter({
    name: "keyward_activity_written_events_total",
    help: "Verification activity written.",
    registry,
    read: () => {
      const activity = verification()?.activity;
      return activity === undefined ? [] : [{ labels: {}, value: activity.flushed }];
    },
  });
  totalCounter({
    name: "keyward_activity_failed_flushes_total",
    help: "Activity flushes that failed and were retried.",
    registry,
    read: () => {
      const activity = verification()?.activity;
      return activity === undefined ? [] : [{ labels: {}, value: activity.failedFlushes }];
    },
  });
  new Gauge({
    name: "keyward_activity_flush_lag_seconds",
    help: "From the first event of the last written batch being recorded to its commit.",
    registers: [registry],
    collect() {
      this.set((verification()?.activity.lastFlushLagMs ?? 0) / 1000);
    },
  });

  new Gauge({
    name: "keyward_websocket_sockets",
    help: "Open graphql-ws sockets.",
    registers: [registry],
    collect() {
      this.set(sources.sockets());
    },
  });
  const activeSubscriptions = new Gauge({
    name: "keyward_active_subscriptions",
    help: "Running GraphQL subscriptions (graphql-ws and SSE).",
    registers: [registry],
  });
  const startedSubscriptions = new Counter({
    name: "keyward_subscriptions_started_total",
    help: "GraphQL subscriptions started (graphql-ws and SSE).",
    registers: [registry],
  });

  const busStats = () => sources.bus.stats();
  totalCounter({
    name: "keyward_events_published_total",
    help: "Domain events published by this instance, by topic.",
    registry,
    labelNames: ["topic"],
    read: () =>
      Object.entries(busStats().published).map(([topic, value]) => ({
        labels: { topic },
        value: value ?? 0,
      })),
  });
  totalCounter({
    name: "keyward_events_publish_failed_total",
    help: "Events of this instance not sent to the other instances (Redis unavailable or erroring).",
    registry,
    read: () => [{ labels: {}, value: busStats().publishFailed }],
  });
  totalCounter({
    name: "keyward_events_received_total",
    help: "Events received from other instances through Redis.",
    registry,
    read: () => [{ labels: {}, value: busStats().received }],
  });
  totalCounter({
    name: "keyward_event_listener_errors_total",
    help: "Event listeners that threw.",
    registry,
    read: () => [{ labels: {}, value: busStats().listenerErrors }],
  });
  new Gauge({
    name: "keyward_event_bus_connected",
    help: "1 when events reach the other instances (Redis connected, or a single in-process instance).",
    labelNames: ["mode"],
    registers: [registry],
    collect() {
      this.reset();
      this.set({ mode: sources.bus.mode }, busStats().connected ? 1 : 0);
    },
  });

  const subscriptionsPlugin: Plugin = {
    onSubscribe() {
      return {
        onSubscribeResult({ result }) {
          if (!(Symbol.asyncIterator in result)) return;
          activeSubscriptions.inc();
          startedSubscriptions.inc();
          return {
            onEnd() {
              activeSubscriptions.dec();
            },
          };
        },
      };
    },
  };

  return {
    registry,
    subscriptionsPlugin,
    recordVerify(code, seconds) {
      verifyDuration.observe(seconds);
      let counter = resultCounters.get(code);
      if (counter === undefined) {
        counter = verifyResults.labels(code);
        resultCounters.set(code, counter);
      }
      counter.inc();
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
