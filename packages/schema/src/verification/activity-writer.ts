import type { EventBus, KeyActivityEvent } from "../events/index.ts";
import { type ActivityDatabase, writeActivityBatch } from "./activity-batch.ts";
import { isPermanentDatabaseError } from "./database-errors.ts";

export type { ActivityDatabase } from "./activity-batch.ts";

export interface ActivityWriterOptions {
  prisma: ActivityDatabase;
  /** When given, each event is published as "key.activity" after its batch commits. */
  events?: EventBus;
  /** Events held at most; beyond that new events are dropped and counted. Default 50 000. */
  maxBuffered?: number;
  /**
   * Events that make a batch ready to write (one transaction). Default 500, at most 5 000. Under a
   * backlog the ready batches at the head are written together, up to 5 000 events per transaction.
   */
  batchSize?: number;
  /** A partial batch is flushed at least this often. Default 250 ms. */
  flushIntervalMs?: number;
  /** First retry delay after a database error, doubled per failure. Default 100 ms. */
  retryBaseMs?: number;
  /** Longest retry delay. Default 10 s. */
  retryMaxMs?: number;
  /** close() gives up after this long with the database down (the rest counts as dropped). Default 30 s. */
  closeTimeoutMs?: number;
}

export interface ActivityWriterStats {
  /** Events waiting to be written. */
  buffered: number;
  /** Events lost: buffer full, closed writer, rows the database refuses for good, close() timeout. */
  dropped: number;
  /** Events written. */
  flushed: number;
  /** Committed flushes (transactions). */
  batches: number;
  /** Flush attempts that failed (each is retried). */
  failedFlushes: number;
  /** Time from the first event of the last committed batch being recorded to its commit. */
  lastFlushLagMs: number;
}

/**
 * Batched writer of verification activity: KeyEvent rows, UsageRollup increments and
 * ApiKey.lastUsedAt/lastUsedIp, never one write per request.
 */
export interface ActivityWriter {
  /** Buffers one event; synchronous and O(1). False when it was dropped (buffer full or closed). */
  record(event: KeyActivityEvent): boolean;
  /** Writes everything buffered so far now; rejects with the database error (the events stay buffered). */
  flush(): Promise<void>;
  /** Stops accepting events and writes everything buffered, retrying database errors. */
  close(): Promise<void>;
  stats(): ActivityWriterStats;
}

interface Chunk {
  events: KeyActivityEvent[];
  /** Sealed chunks take no more events and are ready to write. */
  sealed: boolean;
  /** Monotonic time its first event was recorded. */
  startedAt: number;
  /** A half of a batch the database refused for good: written alone, never merged again. */
  isolated?: true;
}

const MAX_BATCH_SIZE = 5_000;

/** Creates the batched activity writer and starts its flush timer. */
export function createActivityWriter(options: ActivityWriterOptions): ActivityWriter {
  const { prisma, events: bus } = options;
  const batchSize = options.batchSize ?? 500;
  const maxBuffered = options.maxBuffered ?? 50_000;
  const retryBaseMs = options.retryBaseMs ?? 100;
  const retryMaxMs = options.retryMaxMs ?? 10_000;
  const closeTimeoutMs = options.closeTimeoutMs ?? 30_000;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new RangeError(`batchSize must be an integer in 1…${MAX_BATCH_SIZE}`);
  }
  if (!Number.isInteger(maxBuffered) || maxBuffered < batchSize) {
    throw new RangeError("maxBuffered must be an integer ≥ batchSize");
  }

  let chunks: Chunk[] = [];
  let buffered = 0;
  let dropped = 0;
  let flushed = 0;
  let batches = 0;
  let failedFlushes = 0;
  let lastFlushLagMs = 0;
  let consecutiveFailures = 0;
  let closed = false;
  let closing: Promise<void> | null = null;
  let pumping: Promise<void> | null = null;
  let pumpScheduled = false;
  let retryTimer: NodeJS.Timeout | null = null;

  const interval = setInterval(onTick, options.flushIntervalMs ?? 250);
  interval.unref();

  function sealTail(): void {
    const tail = chunks[chunks.length - 1];
    if (tail !== undefined && tail.events.length > 0) tail.sealed = true;
  }

  function hasSealedHead(): boolean {
    return chunks[0]?.sealed === true;
  }

  function onTick(): void {
    if (retryTimer !== null || pumping !== null) return;
    sealTail();
    if (hasSealedHead()) pumpInBackground();
  }

  function pumpInBackground(): void {
    pumpScheduled = false;
    // Failures are counted and retried inside; nothing to report here.
    pump().catch(() => {});
  }

  function pump(): Promise<void> {
    if (pumping === null) {
      pumping = writeSealedChunks().finally(() => {
        pumping = null;
      });
    }
    return pumping;
  }

  function retryDelay(): number {
    return Math.min(retryMaxMs, retryBaseMs * 2 ** Math.max(0, consecutiveFailures - 1));
  }

  function scheduleRetry(): void {
    if (retryTimer !== null || closed) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      pumpInBackground();
    }, retryDelay());
    retryTimer.unref();
  }

  function cancelRetry(): void {
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
  }

  /**
   * A backlog (the database slower than the verify rate for a while) is written in fewer, larger
   * transactions: consecutive sealed chunks at the head become one, up to MAX_BATCH_SIZE events.
   * Each transaction's fixed cost (round trips, three statements, a commit) is then shared by more
   * events, so the writer catches up instead of falling further behind.
   */
  function mergeSealedHead(): Chunk | undefined {
    const head = chunks[0];
    if (head === undefined || !head.sealed || head.isolated) return head;
    let count = 0;
    let taken = 0;
    for (const chunk of chunks) {
      if (!chunk.sealed || chunk.isolated || count + chunk.events.length > MAX_BATCH_SIZE) break;
      count += chunk.events.length;
      taken++;
    }
    if (taken <= 1) return head;
    const merged: Chunk = {
      events: chunks.slice(0, taken).flatMap((chunk) => chunk.events),
      sealed: true,
      startedAt: head.startedAt,
    };
    chunks.splice(0, taken, merged);
    return merged;
  }

  async function writeSealedChunks(): Promise<void> {
    for (let head = mergeSealedHead(); head?.sealed; head = mergeSealedHead()) {
      try {
        await writeActivityBatch(prisma, head.events);
      } catch (error) {
        failedFlushes++;
        if (isPermanentDatabaseError(error)) {
          discardOrSplitHead(head);
          continue;
        }
        consecutiveFailures++;
        scheduleRetry();
        throw error;
      }
      consecutiveFailures = 0;
      chunks.shift();
      buffered -= head.events.length;
      flushed += head.events.length;
      batches++;
      lastFlushLagMs = performance.now() - head.startedAt;
      if (bus !== undefined) publishCommitted(bus, head.events);
    }
  }

  /**
   * A batch the database refuses for good (a key or account deleted meanwhile) is halved until the
   * offending events are isolated; only those are dropped.
   */
  function discardOrSplitHead(head: Chunk): void {
    chunks.shift();
    if (head.events.length === 1) {
      buffered -= 1;
      dropped += 1;
      return;
    }
    const middle = Math.ceil(head.events.length / 2);
    const halves: Chunk[] = [
      { events: head.events.slice(0, middle), sealed: true, startedAt: head.startedAt, isolated: true },
      { events: head.events.slice(middle), sealed: true, startedAt: head.startedAt, isolated: true },
    ];
    chunks.unshift(...halves);
  }

  async function drain(deadline: number): Promise<void> {
    while (chunks.length > 0) {
      sealTail();
      try {
        await pump();
      } catch {
        if (performance.now() >= deadline) return;
        cancelRetry();
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(retryDelay(), deadline - performance.now())),
        );
      }
    }
  }

  return {
    record(event) {
      if (closed || buffered >= maxBuffered) {
        dropped++;
        return false;
      }
      let tail = chunks[chunks.length - 1];
      if (tail === undefined || tail.sealed) {
        tail = { events: [], sealed: false, startedAt: performance.now() };
        chunks.push(tail);
      }
      tail.events.push(event);
      buffered++;
      if (tail.events.length >= batchSize) {
        tail.sealed = true;
        if (!pumpScheduled && pumping === null && retryTimer === null) {
          pumpScheduled = true;
          setImmediate(pumpInBackground);
        }
      }
      return true;
    },

    async flush() {
      cancelRetry();
      sealTail();
      while (hasSealedHead()) await pump();
    },

    close() {
      if (closing === null) {
        closed = true;
        clearInterval(interval);
        closing = drain(performance.now() + closeTimeoutMs).finally(() => {
          cancelRetry();
          dropped += buffered;
          buffered = 0;
          chunks = [];
        });
      }
      return closing;
    },

    stats() {
      return { buffered, dropped, flushed, batches, failedFlushes, lastFlushLagMs };
    },
  };
}

function publishCommitted(bus: EventBus, events: readonly KeyActivityEvent[]): void {
  try {
    for (const event of events) bus.publish("key.activity", event);
  } catch {
    // A failing listener is its own problem: the events are stored and the writer must go on.
  }
}
