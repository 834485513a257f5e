import type { KeyRecord } from "./key-record.ts";
import { findKeyRecordsByHashes, type KeyRecordDatabase } from "./key-record-query.ts";

/** The most hashes one statement asks for: a larger burst of misses is split. */
export const MAX_LOOKUP_BATCH = 200;

interface Waiter {
  resolve(record: KeyRecord | null): void;
  reject(error: unknown): void;
}

export interface KeyRecordLoader {
  /** The record of a token hash (null: no key has it), read together with the misses around it. */
  load(hash: string): Promise<KeyRecord | null>;
}

/**
 * Reads cache misses in batches. Every hash asked for while the event loop handles one round of
 * I/O — the requests that arrived together — goes into one statement, sent when that round is over
 * (`setImmediate`): under load one round trip serves many misses, where each used to cost a
 * statement, a `writev` to PostgreSQL and a wakeup of its backend; a lone miss waits for nothing
 * but the end of its own round. `onStatement` hears of each statement sent (the verifier counts
 * them). A failed statement fails every miss it carried.
 */
export function createKeyRecordLoader(
  database: KeyRecordDatabase,
  onStatement: () => void,
  maxBatch = MAX_LOOKUP_BATCH,
): KeyRecordLoader {
  let queued = new Map<string, Waiter[]>();
  let scheduled = false;

  async function read(batch: Map<string, Waiter[]>): Promise<void> {
    onStatement();
    try {
      const records = await findKeyRecordsByHashes(database, [...batch.keys()]);
      for (const [hash, waiters] of batch) {
        const record = records.get(hash) ?? null;
        for (const waiter of waiters) waiter.resolve(record);
      }
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    }
  }

  function flush(): void {
    scheduled = false;
    const batch = queued;
    queued = new Map();
    let chunk = new Map<string, Waiter[]>();
    for (const [hash, waiters] of batch) {
      chunk.set(hash, waiters);
      if (chunk.size === maxBatch) {
        void read(chunk);
        chunk = new Map();
      }
    }
    if (chunk.size > 0) void read(chunk);
  }

  return {
    load(hash) {
      return new Promise((resolve, reject) => {
        const waiters = queued.get(hash);
        if (waiters === undefined) queued.set(hash, [{ resolve, reject }]);
        else waiters.push({ resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}
