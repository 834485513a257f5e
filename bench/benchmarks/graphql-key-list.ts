import { type AlternatingResult, alternatingRounds } from "../framework/alternating-rounds.ts";
import { benchTokens } from "../framework/bench-tokens.ts";
import { type RunningServer, startChildServer } from "../framework/child-server.ts";
import { type LoadOptions, type LoadResult, runLoad } from "../framework/load.ts";
import { postgresCpuMs } from "../framework/postgres-cpu.ts";
import type { BenchmarkResult } from "../framework/report.ts";
import { type MeasuredLoad, perRequestUs } from "../framework/server-runs.ts";
import { benchDatabaseEnv } from "../framework/services.ts";
import { comparisonDetails } from "../framework/throughput-checks.ts";

// The Admin registry's list query: a page of keys with their owners and workspaces.
const document = `query Registry($first: Int!) {
  apiKeys(first: $first) {
    pageInfo { hasNextPage endCursor }
    edges { node { id name status environment createdAt lastUsedAt owner { id displayName } workspaces { id slug name } } }
  }
}`;
const pageSizes = [10, 50, 200] as const;
const loadPageSize = 50;

async function statements(server: RunningServer): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${server.info.controlPort}/statements`);
  return ((await response.json()) as { statements: number }).statements;
}

/** Alternating timed rounds per server: the median of each side is compared. */
const ROUNDS = 3;

/** The load with the server's CPU time per request (steadier than rps on a shared machine). */
async function measure(server: RunningServer, options: LoadOptions): Promise<MeasuredLoad> {
  const cpu = async () => {
    const response = await fetch(`http://127.0.0.1:${server.info.controlPort}/cpu`);
    const usage = (await response.json()) as { user: number; system: number };
    return usage.user + usage.system;
  };
  const before = await cpu();
  // Both servers share the database, but only the one under load uses it during its round.
  const databaseBefore = postgresCpuMs();
  const load: LoadResult = await runLoad(options);
  const serverCpuUsPerRequest = load.total === 0 ? null : Math.round(((await cpu()) - before) / load.total);
  const databaseAfter = postgresCpuMs();
  return {
    ...load,
    serverCpuUsPerRequest,
    postgresCpuUsPerRequest: perRequestUs(databaseBefore, databaseAfter, load.total),
  };
}

/** One request, checked (status, no GraphQL errors, a full page): the statements it sent. */
async function statementsPerRequest(
  server: RunningServer,
  request: (first: number) => Promise<Response>,
  nodesOf: (body: unknown) => unknown[] | undefined,
): Promise<Record<number, number>> {
  const perSize: Record<number, number> = {};
  for (const first of [1, ...pageSizes]) {
    const before = await statements(server);
    const response = await request(first);
    const body = (await response.json()) as { errors?: unknown };
    const nodes = nodesOf(body);
    if (!response.ok || body.errors || nodes?.length !== first) {
      throw new Error(`page of ${first}: HTTP ${response.status} ${JSON.stringify(body).slice(0, 400)}`);
    }
    // The first request (page size 1) warms caches and connections and is not reported.
    if (first !== 1) perSize[first] = (await statements(server)) - before;
  }
  return perSize;
}

/**
 * GraphQL `apiKeys(first: 50)` with owners and workspaces, as an admin bearer key, vs the same
 * page from one raw Prisma query served as JSON by node:http; and the SQL statements per request
 * for page sizes 10, 50 and 200, which must not grow with the page (no N+1).
 */
export async function graphqlKeyList(): Promise<BenchmarkResult> {
  const headers = { "content-type": "application/json" };
  const databaseEnv = await benchDatabaseEnv();
  const [bare, keyward] = await Promise.all([
    startChildServer("prisma-json-server.ts", databaseEnv),
    startChildServer("keyward-graphql-server.ts", databaseEnv),
  ]);
  try {
    const bareUrl = `http://127.0.0.1:${bare.port}/`;
    const bareLoad = { url: bareUrl, headers, body: JSON.stringify({ first: loadPageSize }) };
    const { gateway: adminToken } = benchTokens(keyward);
    const graphqlHeaders = { ...headers, authorization: `Bearer ${adminToken}` };
    const graphqlUrl = `http://127.0.0.1:${keyward.port}/graphql`;
    const bodyFor = (first: number) => JSON.stringify({ query: document, variables: { first } });
    const keywardLoad = { url: graphqlUrl, headers: graphqlHeaders, body: bodyFor(loadPageSize) };
    // Two seconds of each load first: JIT, pools, Prisma's query compiler, start-up timers.
    await runLoad({ ...bareLoad, durationSeconds: 2 });
    await runLoad({ ...keywardLoad, durationSeconds: 2 });
    const { baseline, measured, roundRatios } = await alternatingRounds(
      ROUNDS,
      () => measure(bare, bareLoad),
      () => measure(keyward, keywardLoad),
    );
    // After the timed load: counting switches on per-request attribution in the servers.
    const baselineStatements = await statementsPerRequest(
      bare,
      (first) => fetch(bareUrl, { method: "POST", headers, body: JSON.stringify({ first }) }),
      (body) => (body as { data?: { apiKeys?: { nodes?: unknown[] } } }).data?.apiKeys?.nodes,
    );
    const measuredStatements = await statementsPerRequest(
      keyward,
      (first) => fetch(graphqlUrl, { method: "POST", headers: graphqlHeaders, body: bodyFor(first) }),
      (body) => (body as { data?: { apiKeys?: { edges?: unknown[] } } }).data?.apiKeys?.edges,
    );
    return report(
      String(keyward.info.engine),
      { baseline, measured, roundRatios },
      baselineStatements,
      measuredStatements,
    );
  } finally {
    await Promise.all([bare.stop(), keyward.stop()]);
  }
}

function report(
  engine: string,
  { baseline, measured, roundRatios }: AlternatingResult,
  baselineStatements: Record<number, number>,
  measuredStatements: Record<number, number>,
): BenchmarkResult {
  const counts = Object.values(measuredStatements);
  return {
    benchmark: "graphql-key-list",
    description: `GraphQL apiKeys(first: ${loadPageSize}) with owners and workspaces (admin bearer key) vs a raw Prisma query + JSON on node:http (${engine}; median of alternating rounds)`,
    checks: [
      {
        name: "throughput ratio",
        measured: measured.requestsPerSecond / baseline.requestsPerSecond,
        target: 0.4,
        direction: "min",
        unit: "×",
      },
      {
        name: `SQL statements per request, largest minus smallest over page sizes ${pageSizes.join("/")}`,
        measured: Math.max(...counts) - Math.min(...counts),
        target: 0,
        direction: "max",
        unit: "",
      },
      {
        name: "non-2xx responses and errors",
        measured: measured.non2xx + measured.errors,
        target: 0,
        direction: "max",
        unit: "",
      },
    ],
    details: {
      ...comparisonDetails({ measured, baseline, roundRatios }),
      measuredStatements,
      baselineStatements,
    },
  };
}
