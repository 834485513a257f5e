import { LRUCache } from "lru-cache";
import type { Clock } from "../runtime/clock.ts";
import type { KeyRecord } from "./key-record.ts";

export interface KeyRecordCacheOptions {
  /** Most key records kept (least recently used evicted first). Default 10 000. */
  maxEntries?: number;
  /** Most remembered misses, kept apart so a flood of unknown tokens cannot evict real keys. Default 10 000. */
  maxNegativeEntries?: number;
  /** How long a found key is trusted without invalidation. Default 60 s. */
  positiveTtlMs?: number;
  /** How long an unknown hash is remembered. Default 5 s. */
  negativeTtlMs?: number;
  /** Time source for the TTLs (tests); default: the monotonic clock. */
  clock?: Clock;
}

/** In-process cache of key records by token hash, with negative entries and invalidation by key id. */
export interface KeyRecordCache {
  /** The record, null for a remembered miss, undefined when the hash is not cached. */
  get(hash: string): KeyRecord | null | undefined;
  /**
   * Stores a lookup result (null = miss). Pass the `version` read before the lookup started: a
   * result that raced with an invalidation is dropped instead of caching a stale record.
   */
  set(hash: string, record: KeyRecord | null, version?: number): void;
  /** Changes on every invalidate/clear. */
  readonly version: number;
  /** Drops the records of these keys; returns how many were cached. */
  invalidate(keyIds: readonly string[]): number;
  clear(): void;
  readonly size: number;
}

// lru-cache cannot store null, so misses are a sentinel in a cache of their own.
const MISS = true;

/** Creates the key-record cache. */
export function createKeyRecordCache(options: KeyRecordCacheOptions = {}): KeyRecordCache {
  const clock = options.clock;
  const timing = clock ? { perf: { now: () => clock.now().getTime() }, ttlResolution: 0 } : {};
  const hashById = new Map<string, string>();
  const records = new LRUCache<string, KeyRecord>({
    max: options.maxEntries ?? 10_000,
    ttl: options.positiveTtlMs ?? 60_000,
    ...timing,
    dispose(record, hash) {
      if (hashById.get(record.id) === hash) hashById.delete(record.id);
    },
  });
  const misses = new LRUCache<string, typeof MISS>({
    max: options.maxNegativeEntries ?? 10_000,
    ttl: options.negativeTtlMs ?? 5_000,
    ...timing,
  });
  let version = 0;

  return {
    get(hash) {
      const record = records.get(hash);
      if (record !== undefined) return record;
      return misses.get(hash) === undefined ? undefined : null;
    },
    set(hash, record, expectedVersion) {
      if (expectedVersion !== undefined && expectedVersion !== version) return;
      if (record === null) {
        misses.set(hash, MISS);
        return;
      }
      misses.delete(hash);
      const previousHash = hashById.get(record.id);
      if (previousHash !== undefined && previousHash !== hash) records.delete(previousHash);
      records.set(hash, record);
      hashById.set(record.id, hash);
    },
    get version() {
      return version;
    },
    invalidate(keyIds) {
      version++;
      let dropped = 0;
      for (const keyId of keyIds) {
        const hash = hashById.get(keyId);
        if (hash === undefined) continue;
        hashById.delete(keyId);
        if (records.delete(hash)) dropped++;
      }
      return dropped;
    },
    clear() {
      version++;
      records.clear();
      misses.clear();
      hashById.clear();
    },
    get size() {
      return records.size + misses.size;
    },
  };
}
