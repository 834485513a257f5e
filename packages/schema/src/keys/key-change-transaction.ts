import { DomainError } from "../errors/index.ts";

/**
 * Transaction options of a key change (rotate, regenerate, revoke). Concurrent changes of one
 * key queue on its row and every change of an account on its audit chain, each holding a pooled
 * connection: the wait for a connection may exceed Prisma's 2 s default under a storm.
 */
export const KEY_CHANGE_TRANSACTION = { maxWait: 10_000, timeout: 15_000 };

/** What a caller gets when the database stayed too busy anyway: a typed, retryable refusal. */
export const keyChangeBusy = () =>
  new DomainError("CONFLICT", "This key is being changed by other requests: try again");
