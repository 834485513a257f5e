import DataLoader from "dataloader";
import type { KeyRecord } from "./key-record.ts";
import { findKeyRecordsByHashes, type KeyRecordDatabase } from "./key-record-query.ts";

/** The most hashes one statement asks for: a larger burst of misses is split. */
export const MAX_LOOKUP_BATCH = 200;

export interface KeyRecordLoader {
  /** The record of a token hash (null: no key has it), read together with the misses around it. */
  load(hash: string): Promise<KeyRecord | null>;
}

/**
 * Reads cache misses in batches (DataLoader). Every hash asked for while the event loop handles
 * one round of I/O — the requests that arrived together — goes into one statement, sent when that
 * round is over (`setImmediate`): under load one round trip serves many misses, where each used to
 * cost a statement, a `writev` to PostgreSQL and a wakeup of its backend; a lone miss waits for
 * nothing but the end of its own round. Nothing is remembered between rounds (the key record
 * cache in front decides what is kept, and a revocation must be seen by the next read).
 * `onStatement` hears of each statement sent (the verifier counts them). A failed statement fails
 * every miss it carried and no other.
 */
export function createKeyRecordLoader(
  database: KeyRecordDatabase,
  onStatement: () => void,
  maxBatch = MAX_LOOKUP_BATCH,
): KeyRecordLoader {
  return new DataLoader<string, KeyRecord | null>(
    async (hashes) => {
      onStatement();
      // Without a cache DataLoader passes a hash asked for twice in one round twice.
      const records = await findKeyRecordsByHashes(database, [...new Set(hashes)]);
      return hashes.map((hash) => records.get(hash) ?? null);
    },
    { cache: false, maxBatchSize: maxBatch, batchScheduleFn: (send) => setImmediate(send) },
  );
}
