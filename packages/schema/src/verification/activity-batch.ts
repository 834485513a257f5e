import type { SqlRunner } from "../database/sql-runner.ts";
import type { KeyActivityEvent } from "../events/index.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";

/**
 * Where batches are written: Prisma (tests wrap it to inject failures), or (PostgreSQL, the hot
 * path) a plain `pg` pool, which skips Prisma's per-statement query compilation — at full verify
 * rate that compilation alone took a sixth of the server's CPU.
 */
export type ActivityDatabase =
  | Pick<PrismaClient, "$transaction" | "$executeRawUnsafe">
  | Pick<SqlRunner, "withConnection">;

interface Statement {
  sql: string;
  params: unknown[];
  /** Prepared-statement name for a statement whose text never changes (pg pool only). */
  prepare?: string;
}

interface Rollup {
  accountId: string;
  apiKeyId: string;
  minute: Date;
  result: string;
  count: number;
}

interface LastUse {
  apiKeyId: string;
  usedAt: Date;
  ip: string | null;
}

/** Only successful verifications count as a use of the key (lastUsedAt/lastUsedIp). */
const USE_RESULT = "VALID";

/** One transaction: a multi-row insert of events, one rollup upsert, one last-used update. */
export async function writeActivityBatch(
  database: ActivityDatabase,
  events: readonly KeyActivityEvent[],
): Promise<void> {
  const statements = batchStatements(events);
  if ("$transaction" in database) {
    await database.$transaction(
      statements.map((statement) => database.$executeRawUnsafe(statement.sql, ...statement.params)),
    );
    return;
  }
  await database.withConnection(async (connection) => {
    await connection.query("BEGIN");
    try {
      for (const statement of statements) {
        await connection.query(
          statement.sql,
          statement.params,
          statement.prepare === undefined ? {} : { prepare: statement.prepare },
        );
      }
      await connection.query("COMMIT");
    } catch (error) {
      await connection.query("ROLLBACK").catch(() => {});
      throw error;
    }
  });
}

/**
 * The batch's statements. Times are passed as UTC ISO text and cast to timestamp(3) (the zone
 * designator is ignored), so no driver's local-time handling of Date parameters can shift them.
 */
function batchStatements(events: readonly KeyActivityEvent[]): Statement[] {
  const statements: Statement[] = [insertEvents(loggedEvents(events))];
  const rollups = aggregateRollups(events);
  if (rollups.length > 0) statements.push(upsertRollups(rollups));
  const lastUses = latestUses(events);
  if (lastUses.length > 0) statements.push(updateLastUses(lastUses));
  return statements;
}

/**
 * The rollups as one upsert over text-array parameters: one statement text whatever the batch, so
 * PostgreSQL parses and plans it once per connection (a VALUES list of five parameters per row was
 * planned again for every batch). Rows go in the sorted order (WITH ORDINALITY), so concurrent
 * writers lock them in the same order.
 */
function upsertRollups(rollups: readonly Rollup[]): Statement {
  const accountIds: string[] = [];
  const keyIds: string[] = [];
  const minutes: string[] = [];
  const results: string[] = [];
  const counts: string[] = [];
  for (const rollup of rollups) {
    accountIds.push(rollup.accountId);
    keyIds.push(rollup.apiKeyId);
    minutes.push(rollup.minute.toISOString());
    results.push(rollup.result);
    counts.push(String(rollup.count));
  }
  return {
    sql: `INSERT INTO "UsageRollup" ("accountId", "apiKeyId", "minute", "result", "count")
     SELECT r.account_id, r.key_id, r.minute::timestamp(3), r.result, r.count::integer
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY
       AS r(account_id, key_id, minute, result, count, position)
     ORDER BY r.position
     ON CONFLICT ("apiKeyId", "minute", "result")
     DO UPDATE SET "count" = "UsageRollup"."count" + EXCLUDED."count"`,
    params: [accountIds, keyIds, minutes, results, counts],
    prepare: "keyward_upsert_usage_rollups",
  };
}

/** Each key's latest use, one statement over text arrays (planned once per connection, as above). */
function updateLastUses(uses: readonly LastUse[]): Statement {
  const keyIds: string[] = [];
  const times: string[] = [];
  const ips: (string | null)[] = [];
  for (const use of uses) {
    keyIds.push(use.apiKeyId);
    times.push(use.usedAt.toISOString());
    ips.push(use.ip);
  }
  return {
    sql: `UPDATE "ApiKey" AS k SET "lastUsedAt" = v.used_at::timestamp(3), "lastUsedIp" = v.ip
     FROM unnest($1::text[], $2::text[], $3::text[]) AS v(id, used_at, ip)
     WHERE k."id" = v.id AND (k."lastUsedAt" IS NULL OR k."lastUsedAt" < v.used_at::timestamp(3))`,
    params: [keyIds, times, ips],
    prepare: "keyward_update_key_last_uses",
  };
}

/**
 * All events in one INSERT … SELECT FROM unnest(…) with eleven array parameters, whatever the batch
 * size. Prisma's createMany spends ~70 ms of event-loop CPU per 500 rows here (query compiler),
 * more than the verify hot path can spare; this statement costs ~7 ms.
 */
function insertEvents(events: readonly KeyActivityEvent[]): Statement {
  const count = events.length;
  const accountIds = new Array<string>(count);
  const keyIds = new Array<string | null>(count);
  const hints = new Array<string | null>(count);
  const workspaceIds = new Array<string | null>(count);
  const modules = new Array<string | null>(count);
  const actions = new Array<string>(count);
  const results = new Array<string>(count);
  const ips = new Array<string | null>(count);
  const permissions = new Array<string | null>(count);
  const scopes = new Array<string | null>(count);
  // ISO strings: every adapter passes text arrays; the UTC designator is ignored by timestamp(3).
  const times = new Array<string>(count);
  let index = 0;
  for (const event of events) {
    accountIds[index] = event.accountId;
    keyIds[index] = event.keyId;
    hints[index] = event.presentedHint;
    workspaceIds[index] = event.workspaceId;
    modules[index] = event.module;
    actions[index] = event.action;
    results[index] = event.result;
    ips[index] = event.ip;
    permissions[index] = event.permission ?? null;
    scopes[index] = event.scope ?? null;
    times[index] = event.occurredAt.toISOString();
    index++;
  }
  return {
    sql: `INSERT INTO "KeyEvent"
       ("accountId", "apiKeyId", "presentedHint", "workspaceId", "module", "action", "result", "ip", "permission",
        "scope", "occurredAt")
     SELECT e.account_id, e.key_id, e.hint, e.workspace_id, e.module::"KeyModule", e.action, e.result, e.ip,
       e.permission::"Permission", e.scope, e.occurred_at::timestamp(3)
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::text[], $10::text[], $11::text[])
       AS e(account_id, key_id, hint, workspace_id, module, action, result, ip, permission, scope, occurred_at)`,
    params: [
      accountIds,
      keyIds,
      hints,
      workspaceIds,
      modules,
      actions,
      results,
      ips,
      permissions,
      scopes,
      times,
    ],
    prepare: "keyward_insert_key_events",
  };
}

/**
 * The events stored as KeyEvent rows: all but the repeats of a coalescing event (a gateway key's
 * valid authentication) equal to an earlier one of the batch in all but time. The first keeps its
 * time, address and asked scope, which is what new-address detection and unused-grant insights read.
 */
function loggedEvents(events: readonly KeyActivityEvent[]): readonly KeyActivityEvent[] {
  let seen: Set<string> | undefined;
  let logged: KeyActivityEvent[] | undefined;
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as KeyActivityEvent;
    if (event.coalesce === true) {
      seen ??= new Set();
      const identity = `${event.keyId}\u0000${event.ip}\u0000${event.workspaceId}\u0000${event.module}\u0000${event.permission}\u0000${event.scope}`;
      if (seen.has(identity)) {
        logged ??= events.slice(0, index);
        continue;
      }
      seen.add(identity);
    }
    logged?.push(event);
  }
  return logged ?? events;
}

/** Counts per key, minute and result; sorted so concurrent writers lock rows in the same order. */
function aggregateRollups(events: readonly KeyActivityEvent[]): Rollup[] {
  const rollups = new Map<string, Rollup>();
  for (const event of events) {
    if (event.keyId === null) continue;
    const minuteMs = Math.floor(event.occurredAt.getTime() / 60_000) * 60_000;
    const id = `${event.keyId}\u0000${minuteMs}\u0000${event.result}`;
    const rollup = rollups.get(id);
    if (rollup !== undefined) rollup.count++;
    else {
      rollups.set(id, {
        accountId: event.accountId,
        apiKeyId: event.keyId,
        minute: new Date(minuteMs),
        result: event.result,
        count: 1,
      });
    }
  }
  return [...rollups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, rollup]) => rollup);
}

/** The most recent successful use per key (failed attempts are not uses). */
function latestUses(events: readonly KeyActivityEvent[]): LastUse[] {
  const uses = new Map<string, LastUse>();
  for (const event of events) {
    if (event.keyId === null || event.result !== USE_RESULT) continue;
    const use = uses.get(event.keyId);
    if (use === undefined || use.usedAt.getTime() <= event.occurredAt.getTime()) {
      uses.set(event.keyId, { apiKeyId: event.keyId, usedAt: event.occurredAt, ip: event.ip });
    }
  }
  return [...uses.values()].sort((a, b) => (a.apiKeyId < b.apiKeyId ? -1 : a.apiKeyId > b.apiKeyId ? 1 : 0));
}
