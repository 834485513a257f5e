import type { EventBus, KeyInvalidationEvent } from "../events/index.ts";
import type { KeyModule } from "../generated/prisma/enums.ts";
import { displayHintOf, environmentOfToken, hashToken } from "../keys/token-format.ts";
import type { Clock } from "../runtime/clock.ts";
import type { ActivityWriter } from "./activity-writer.ts";
import { type KeyConditions, keyDenial } from "./key-checks.ts";
import type { KeyRateLimiter } from "./key-rate-limiter.ts";
import type { KeyRecord } from "./key-record.ts";
import type { KeyRecordCache } from "./key-record-cache.ts";
import { createKeyRecordLoader } from "./key-record-loader.ts";
import type { KeyRecordDatabase } from "./key-record-query.ts";
import type { VerifyCode, VerifyResult } from "./verify-result.ts";

/** What may be asked of a presented key (the body of `POST /v1/keys/verify`, parsed). */
export interface KeyRequirements extends KeyConditions {
  token: string;
  /** Recorded with the activity (not a condition). */
  module?: KeyModule | undefined;
}

export interface VerifyRequest extends KeyRequirements {
  /** Account of the authenticated caller: keys of any other account are NOT_FOUND. */
  callerAccountId: string;
}

export interface AuthenticateRequest extends KeyRequirements {
  /** VERIFY: the caller's own bearer key on /v1/keys/verify; GRAPHQL_BEARER: a GraphQL request. */
  kind: "VERIFY" | "GRAPHQL_BEARER";
}

export interface Authentication {
  result: VerifyResult;
  /** The key's account when the key exists, whatever the result. */
  accountId: string | null;
}

export interface VerifierCounters {
  /** SHA-256 computations (only for tokens whose checksum is valid). */
  hashes: number;
  /** SQL statements issued: one per cache miss at most (misses that arrive together share one). */
  sqlQueries: number;
  cacheHits: number;
  cacheMisses: number;
  /** Requests answered by a remembered miss. */
  negativeHits: number;
  /** Tokens refused by their format or checksum alone (no hash, no cache, no SQL). */
  malformed: number;
}

export interface VerifierDependencies {
  prisma: KeyRecordDatabase;
  clock: Clock;
  cache: KeyRecordCache;
  rateLimiter: KeyRateLimiter;
  activity: Pick<ActivityWriter, "record">;
  events: EventBus;
}

export interface Verifier {
  /** Verifies a key presented to a gateway of the caller's account (DESIGN §6). */
  verify(request: VerifyRequest): Promise<VerifyResult>;
  /** Verifies a key that presents itself as the principal (bearer auth): its own account is the caller's. */
  authenticate(request: AuthenticateRequest): Promise<Authentication>;
  /** Drops cached records of these keys (also applied for every "key.invalidate" event). */
  invalidate(keyIds: readonly string[]): void;
  readonly counters: Readonly<VerifierCounters>;
  /** Stops listening to invalidation events. */
  close(): void;
}

const NOT_FOUND: VerifyResult = Object.freeze({ valid: false, code: "NOT_FOUND" });

/** How a verification is recorded: KeyEvent action, auth-failure kind, and whether valid uses coalesce. */
interface Channel {
  action: string;
  kind: AuthenticateRequest["kind"];
  coalesce: boolean;
}
const GATEWAY_VERIFY: Channel = { action: "verify", kind: "VERIFY", coalesce: false };
const BEARER_CHANNELS: Record<AuthenticateRequest["kind"], Channel> = {
  // The gateway's own key authenticates every verification: its repeats are counted, not each logged.
  VERIFY: { action: "verify.caller", kind: "VERIFY", coalesce: true },
  GRAPHQL_BEARER: { action: "graphql", kind: "GRAPHQL_BEARER", coalesce: false },
};

/** Creates the verification engine behind `POST /v1/keys/verify` and bearer authentication. */
export function createVerifier(dependencies: VerifierDependencies): Verifier {
  const { prisma, clock, cache, rateLimiter, activity, events } = dependencies;
  const counters: VerifierCounters = {
    hashes: 0,
    sqlQueries: 0,
    cacheHits: 0,
    cacheMisses: 0,
    negativeHits: 0,
    malformed: 0,
  };
  const loading = new Map<string, Promise<KeyRecord | null>>();
  const loader = createKeyRecordLoader(prisma, () => {
    counters.sqlQueries++;
  });

  function invalidate(keyIds: readonly string[]): void {
    cache.invalidate(keyIds);
    // A lookup already running may have read the row before the change: let new requests query again.
    loading.clear();
  }
  const onInvalidate = (event: KeyInvalidationEvent) => invalidate(event.keyIds);
  const unsubscribe = events.subscribe("key.invalidate", onInvalidate);

  /**
   * A miss, read with the misses that arrive with it (one statement); concurrent misses of one hash
   * share it.
   */
  function load(hash: string): Promise<KeyRecord | null> {
    const running = loading.get(hash);
    if (running !== undefined) return running;
    const version = cache.version;
    // One promise shared by every concurrent miss of this hash, which fills the cache itself.
    const lookup: Promise<KeyRecord | null> = loader.load(hash).then(
      (record) => {
        if (loading.get(hash) === lookup) loading.delete(hash);
        cache.set(hash, record, version);
        return record;
      },
      (error: unknown) => {
        if (loading.get(hash) === lookup) loading.delete(hash);
        throw error;
      },
    );
    loading.set(hash, lookup);
    return lookup;
  }

  /** The record of a token: checksum first (malformed → null, no hash), then hash → cache → database. */
  function lookUp(token: string): KeyRecord | null | Promise<KeyRecord | null> {
    if (environmentOfToken(token) === null) {
      counters.malformed++;
      return null;
    }
    counters.hashes++;
    const hash = hashToken(token);
    const cached = cache.get(hash);
    if (cached === undefined) {
      counters.cacheMisses++;
      return load(hash);
    }
    if (cached === null) counters.negativeHits++;
    else counters.cacheHits++;
    return cached;
  }

  /** Decides for a key of the caller's account, records the activity and publishes failures. */
  async function decide(
    record: KeyRecord,
    request: KeyRequirements,
    now: Date,
    channel: Channel,
  ): Promise<VerifyResult> {
    const code = keyDenial(record, request, now.getTime());
    let result: VerifyResult;
    if (code !== null) result = { valid: false, code, keyId: record.id, ownerId: record.ownerId };
    else if (record.rateLimitPerMinute === null) result = record.validResult;
    else {
      const decision = await rateLimiter.consume(record.id, record.rateLimitPerMinute);
      const ratelimit = { limit: decision.limit, remaining: decision.remaining, resetMs: decision.resetMs };
      result = decision.allowed
        ? { ...record.validResult, ratelimit }
        : { valid: false, code: "RATE_LIMITED", keyId: record.id, ownerId: record.ownerId, ratelimit };
    }
    report(record.accountId, record, result.code, request, now, channel);
    return result;
  }

  /**
   * Records the activity and, for anything but VALID, publishes the auth failure: both synchronous.
   * `record` is null when no key of the account matched.
   */
  function report(
    accountId: string,
    record: KeyRecord | null,
    code: VerifyCode,
    request: KeyRequirements,
    now: Date,
    channel: Channel,
  ): void {
    const keyId = record === null ? null : record.id;
    const ownerId = record === null ? null : record.ownerId;
    const workspace =
      record === null || request.workspace === undefined
        ? undefined
        : record.workspaces.get(request.workspace);
    const ip = request.ip ?? null;
    // The hint identifies a presented token that did not pass; a valid use is identified by keyId.
    const presentedHint =
      code === "VALID" || environmentOfToken(request.token) === null ? null : displayHintOf(request.token);
    activity.record({
      accountId,
      keyId,
      ownerId,
      presentedHint,
      workspaceId: workspace === undefined ? null : workspace.id,
      module: request.module ?? (record === null ? null : record.module),
      action: channel.action,
      result: code,
      ip,
      permission: request.permission ?? null,
      scope: request.scope ?? null,
      occurredAt: now,
      ...(channel.coalesce && code === "VALID" ? { coalesce: true } : {}),
    });
    if (code !== "VALID") {
      events.publish("auth.failure", {
        accountId,
        kind: channel.kind,
        code,
        keyId,
        ownerId,
        presentedHint,
        email: null,
        ip,
        occurredAt: now,
      });
    }
  }

  async function verify(request: VerifyRequest): Promise<VerifyResult> {
    const now = clock.now();
    // Checksum first: malformed tokens cost neither a hash nor a query.
    const found = await lookUp(request.token);
    if (found === null || found.accountId !== request.callerAccountId) {
      // Never reveal that a key of another account exists.
      report(request.callerAccountId, null, "NOT_FOUND", request, now, GATEWAY_VERIFY);
      return NOT_FOUND;
    }
    return decide(found, request, now, GATEWAY_VERIFY);
  }

  async function authenticate(request: AuthenticateRequest): Promise<Authentication> {
    const now = clock.now();
    const found = await lookUp(request.token);
    // An unknown token belongs to no account: there is nowhere to record it.
    if (found === null) return { result: NOT_FOUND, accountId: null };
    const result = await decide(found, request, now, BEARER_CHANNELS[request.kind]);
    return { result, accountId: found.accountId };
  }

  return {
    verify,
    authenticate,
    invalidate,
    counters,
    close: unsubscribe,
  };
}
