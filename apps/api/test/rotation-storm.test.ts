import { type SeededAccount, testEngines } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphqlWithCookie, seedPeople, signInOverHttp } from "./support/identity-fixtures.ts";
import { postVerify, profileOf, type SeededKey, seedApiKey } from "./support/key-seeds.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";

// DESIGN §10, concurrent rotate/revoke of one key: waves of rotate, regenerate and revoke
// mutations (GraphQL over HTTP, one admin session) hit the same key at once, then its successor,
// on several chains, while gateways verify every token of every chain in a loop. The service
// stays up and answers clearly, each key has exactly one outcome, no key has two successors or a
// chain two ACTIVE keys, and nothing is lost: an audit event for every mutation that succeeded,
// a KeyEvent for every verification answered.

const CHAINS = 3;
type Race = ReadonlyArray<"rotate" | "regenerate" | "revoke">;
/**
 * Per wave, all at once on each chain's current key. Rotations race each other first (the chain
 * grows), then rotations race revocations, then revocations race each other (the chain ends).
 * A revocation skips the rotation's first read, so it would win nearly every mixed race; in the
 * mixed waves it starts up to 800 ms late, so either side wins some.
 */
const WAVES: readonly Race[] = [
  ["rotate", "rotate", "rotate", "regenerate", "regenerate", "rotate"],
  ["regenerate", "rotate", "regenerate", "rotate", "rotate", "regenerate"],
  ["rotate", "regenerate", "revoke", "rotate", "revoke", "regenerate"],
  ["revoke", "rotate", "rotate", "regenerate", "revoke", "rotate"],
  ["rotate", "revoke", "regenerate", "revoke", "rotate", "regenerate"],
  ["revoke", "revoke", "revoke", "revoke"],
];
const VERIFY_LOOPS = 4;
/** The codes a losing mutation may answer: the key was changed under it. */
const LOSING_CODES = new Set(["KEY_REVOKED", "KEY_ALREADY_ROTATED", "KEY_NOT_ACTIVE", "INVALID_STATE"]);
/** The retryable refusal when the database stays too busy to start the change at all. */
const BUSY = "CONFLICT";

type Operation = Race[number] | "revokeStale";

const ISSUED = `__typename ... on IssuedApiKey { token apiKey { id } } ... on KeywardError { code message }`;
const DOCUMENTS: Record<Operation, string> = {
  rotate: `mutation ($input: ApiKeyIdInput!) { rotateApiKey(input: $input) { ${ISSUED} } }`,
  regenerate: `mutation ($input: ApiKeyIdInput!) { regenerateApiKey(input: $input) { ${ISSUED} } }`,
  revoke: `mutation ($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) { __typename ... on ApiKeyPayload { apiKey { id status } } ... on KeywardError { code message } }
  }`,
  revokeStale: `mutation ($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) { __typename ... on ApiKeyPayload { apiKey { id status } } ... on KeywardError { code message } }
  }`,
};

interface Outcome {
  operation: Operation;
  targetId: string;
  /** The successor's id and token when a rotation or regeneration won. */
  successor?: { id: string; token: string };
  won: boolean;
  code?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const globalId = (id: string) => Buffer.from(`ApiKey:${id}`).toString("base64");
const localId = (id: string) => Buffer.from(id, "base64").toString("utf8").slice("ApiKey:".length);

describe.runIf(testEngines().includes("postgres"))("rotate/revoke storm under verify load [postgres]", () => {
  let server: TestServer;
  let account: SeededAccount;
  let cookie: string;
  let gateway: SeededKey;
  let adminId: string;
  const roots: SeededKey[] = [];

  beforeAll(async () => {
    server = await startTestServer("postgres");
    const prisma = server.app.database.prisma;
    account = await seedPeople(prisma, { admin: "SUPER_ADMIN" });
    const admin = profileOf(account, "admin");
    adminId = admin.id;
    cookie = (await signInOverHttp(server.url, admin.email ?? "")).cookie;
    expect(cookie).not.toBe("");
    gateway = await seedApiKey(prisma, account, { ownerId: admin.id, scopes: ["keys:verify"] });
    for (let chain = 0; chain < CHAINS; chain++) {
      roots.push(await seedApiKey(prisma, account, { ownerId: adminId, permissions: ["READ", "WRITE"] }));
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  /** One mutation over HTTP; anything but a typed answer fails the test with what came back. */
  async function mutate(operation: Operation, targetId: string): Promise<Outcome> {
    const input =
      operation === "revoke" || operation === "revokeStale"
        ? { id: globalId(targetId), note: "storm" }
        : { id: globalId(targetId) };
    const { status, body } = await graphqlWithCookie(server.url, cookie, DOCUMENTS[operation], { input });
    const field =
      { rotate: "rotateApiKey", regenerate: "regenerateApiKey" }[operation as string] ?? "revokeApiKey";
    const result = body.data?.[field] as
      | { __typename: string; code?: string; token?: string; apiKey?: { id: string } }
      | undefined;
    if (status !== 200 || body.errors !== undefined || result === undefined) {
      throw new Error(`${operation} answered ${status}: ${JSON.stringify(body)}`);
    }
    if (result.__typename === "KeywardError") return { operation, targetId, won: false, code: result.code };
    if (result.__typename === "IssuedApiKey" && result.token && result.apiKey) {
      return {
        operation,
        targetId,
        won: true,
        successor: { id: localId(result.apiKey.id), token: result.token },
      };
    }
    return { operation, targetId, won: true };
  }

  it("keeps one outcome per key, one successor per key, at most one ACTIVE key per chain, and loses nothing", async () => {
    const prisma = server.app.database.prisma;
    const tokens = roots.map((root) => root.token);
    const verifyAnswers = new Map<string, number>();
    let healthChecks = 0;
    let storming = true;

    const verifyLoop = async (loop: number) => {
      for (let round = loop; storming; round++) {
        const token = tokens[round % tokens.length] ?? "";
        const answer = await postVerify(server.url, gateway.token, { key: token });
        const label = `${answer.status} ${answer.body.code ?? answer.body.error?.code}`;
        verifyAnswers.set(label, (verifyAnswers.get(label) ?? 0) + 1);
        if (round % 25 === 0) {
          expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
          healthChecks++;
        }
      }
    };
    const loops = Array.from({ length: VERIFY_LOOPS }, (_, loop) => verifyLoop(loop));

    const outcomes: Outcome[] = [];
    const current: string[] = roots.map((root) => root.id);
    const stale: string[] = [];
    let busyRaces = 0;
    try {
      for (const [wave, race] of WAVES.entries()) {
        const mixed = race.includes("revoke") && race.some((operation) => operation !== "revoke");
        const requests: Array<Promise<Outcome>> = [];
        for (const targetId of current) {
          for (const operation of race) {
            const delayMs = mixed && operation === "revoke" ? Math.random() * 800 : 0;
            requests.push(sleep(delayMs).then(() => mutate(operation, targetId)));
          }
        }
        // Predecessors again: already revoked, must stay so.
        for (const staleId of stale.slice(-3)) requests.push(mutate("revokeStale", staleId));
        const results = await Promise.all(requests);
        outcomes.push(...results);
        for (const [chain, targetId] of current.entries()) {
          const race = results.filter((outcome) => outcome.targetId === targetId);
          const winners = race.filter((outcome) => outcome.won);
          // One outcome for a key that was ACTIVE when the wave started; none only when every
          // request of the race was refused as busy (then the key is untouched and races again).
          if (winners.length === 0) {
            expect(
              race.map((outcome) => outcome.code),
              `chain ${chain} wave ${wave}`,
            ).toEqual(race.map(() => BUSY));
            busyRaces++;
            continue;
          }
          expect(
            winners.map((winner) => winner.operation),
            `chain ${chain} wave ${wave}`,
          ).toHaveLength(1);
          stale.push(targetId);
          const next = winners[0]?.successor;
          if (next) {
            current[chain] = next.id;
            tokens.push(next.token);
          } else if (wave < WAVES.length - 1) {
            // Revoked: the chain ends; a new one takes its place for the next wave.
            const root = await seedApiKey(prisma, account, {
              ownerId: adminId,
              permissions: ["READ", "WRITE"],
            });
            roots.push(root);
            tokens.push(root.token);
            current[chain] = root.id;
          }
        }
      }
    } finally {
      storming = false;
      await Promise.all(loops);
    }

    // Every loser answered a typed, stable code; stale keys are never revoked twice.
    for (const outcome of outcomes.filter((entry) => !entry.won)) {
      expect([...LOSING_CODES, BUSY], `${outcome.operation}: ${outcome.code}`).toContain(outcome.code);
    }
    expect(outcomes.filter((outcome) => outcome.operation === "revokeStale" && outcome.won)).toEqual([]);

    // Verification stayed up and clear: only VALID or REVOKED, never an error status.
    expect([...verifyAnswers.keys()].sort()).toEqual(expect.arrayContaining(["200 VALID"]));
    for (const label of verifyAnswers.keys()) expect(["200 VALID", "200 REVOKED"]).toContain(label);
    expect(healthChecks).toBeGreaterThan(0);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

    // The database: one successor per key, linear chains, at most one ACTIVE key per chain.
    const keys = await prisma.apiKey.findMany({
      where: { accountId: account.accountId, id: { not: gateway.id } },
      select: { id: true, status: true, rotatedFromId: true, revocationCause: true },
    });
    const successorsOf = new Map<string, string[]>();
    for (const key of keys) {
      if (key.rotatedFromId === null) continue;
      successorsOf.set(key.rotatedFromId, [...(successorsOf.get(key.rotatedFromId) ?? []), key.id]);
    }
    for (const [predecessor, successors] of successorsOf) {
      expect(successors, `successors of ${predecessor}`).toHaveLength(1);
    }
    for (const root of roots) {
      const chain: string[] = [];
      for (let id: string | undefined = root.id; id !== undefined; id = successorsOf.get(id)?.[0])
        chain.push(id);
      const active = keys.filter((key) => chain.includes(key.id) && key.status === "ACTIVE");
      expect(active.length, `ACTIVE keys in the chain of ${root.id}`).toBeLessThanOrEqual(1);
      // Every key but the last was replaced, so it is revoked.
      for (const id of chain.slice(0, -1)) expect(keys.find((key) => key.id === id)?.status).toBe("REVOKED");
    }
    const won = outcomes.filter((outcome) => outcome.won);
    const rotations = won.filter((outcome) => outcome.operation === "rotate").length;
    const regenerations = won.filter((outcome) => outcome.operation === "regenerate").length;
    const revocations = won.filter((outcome) => outcome.operation === "revoke").length;
    expect(rotations + regenerations + revocations).toBe(CHAINS * WAVES.length - busyRaces);
    expect(keys).toHaveLength(roots.length + rotations + regenerations);

    // Nothing lost: an audit event for every mutation that won, none for those that lost.
    const audit = await prisma.auditEvent.groupBy({
      by: ["action", "cause"],
      where: { accountId: account.accountId, action: { startsWith: "apiKey." } },
      _count: { _all: true },
    });
    const audited = (action: string, cause: string) =>
      audit.find((row) => row.action === action && row.cause === cause)?._count._all ?? 0;
    expect({
      rotated: audited("apiKey.rotated", "ROTATED"),
      regenerated: audited("apiKey.regenerated", "REGENERATED"),
      revokedByRotation: audited("apiKey.revoked", "ROTATED"),
      revokedByRegeneration: audited("apiKey.revoked", "REGENERATED"),
      revoked: audited("apiKey.revoked", "MANUAL"),
    }).toEqual({
      rotated: rotations,
      regenerated: regenerations,
      revokedByRotation: rotations,
      revokedByRegeneration: regenerations,
      revoked: revocations,
    });
    const chainStatus = await graphqlWithCookie(server.url, cookie, "{ auditChainStatus { valid events } }");
    expect(chainStatus.body.data?.auditChainStatus).toMatchObject({ valid: true });

    // ...and a KeyEvent for every verification answered, once the writer has flushed.
    await server.app.verification.activity.flush();
    const answered = [...verifyAnswers.values()].reduce((sum, count) => sum + count, 0);
    const recorded = await prisma.keyEvent.count({
      where: { accountId: account.accountId, action: "verify" },
    });
    expect(recorded).toBe(answered);
    expect(server.app.verification.activity.stats()).toMatchObject({ dropped: 0 });
    console.info(
      `storm: ${outcomes.length} mutations (${rotations} rotations, ${regenerations} regenerations, ` +
        `${revocations} revocations won, ${busyRaces} races refused as busy, ${outcomes.filter((outcome) => outcome.code === BUSY).length} busy refusals), ${answered} verifications ${JSON.stringify(Object.fromEntries(verifyAnswers))}`,
    );
  });
});
