import { testEngines } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CopFinding, graphqlCopChecks } from "./support/graphql-cop-checks.ts";
import { graphql, startTestServer, type TestServer } from "./support/test-server.ts";
import { startVulnerableGraphqlServer } from "./support/vulnerable-graphql-server.ts";

// graphql-cop's twelve checks against a real server in production mode (NODE_ENV=production):
// each is refused, and the audit as a whole reports 0 of 12. The same probes run against a
// server with the hardening switched off, so a probe that could never report a finding fails.
const engine = testEngines()[0] ?? "pglite";

/** How Keyward refuses each probe (status and message of the answer the probe ended on). */
const refusals: Record<string, RegExp> = {
  alias_overloading: /^HTTP 200: \{"errors":\[\{"message":"Syntax Error: Aliases limit of 0 exceeded/,
  batch_query: /^HTTP 413: .*Batching is limited to 5 operations/,
  field_duplication:
    /^HTTP 200: \{"errors":\[\{"message":"Field \\"__typename\\" is selected more than 3 times/,
  directive_overloading: /^HTTP 200: \{"errors":\[\{"message":"Syntax Error: Directives limit of 5 exceeded/,
  circular_query_introspection: /^HTTP 200: \{"errors":.*introspection has been disabled/,
  introspection: /^HTTP 200: \{"errors":.*introspection has been disabled/,
  detect_graphiql: /^HTTP 406: $/,
  field_suggestions:
    /^HTTP 200: \{"errors":\[\{"message":"Cannot query field \\"viewr\\" on type \\"Query\\". \[Suggestion hidden\]"/,
  get_method_support: /^HTTP 403: .*Required CSRF header/,
  post_based_csrf: /^HTTP 403: .*Required CSRF header/,
  trace_mode: /^HTTP 200: \{"data":\{"__typename":"Query"\}\}$/,
  unhandled_error_detection:
    /^HTTP 200: \{"errors":\[\{"message":"Invalid global ID: not-base64-!!".*"data":\{"node":null\}\}$/,
};

describe(`graphql-cop audit, production mode [${engine}]`, () => {
  let server: TestServer;
  let graphqlUrl: string;
  const findings = new Map<string, CopFinding>();

  beforeAll(async () => {
    server = await startTestServer(engine, { env: { NODE_ENV: "production" } });
    graphqlUrl = `${server.url}/graphql`;
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(graphqlCopChecks.map((check) => [check.id, check] as const))(
    "%s is refused",
    async (_id, check) => {
      const result = await check.probe(graphqlUrl);
      findings.set(check.id, result);
      expect(result.vulnerable, `${check.title}: ${result.evidence}`).toBe(false);
      expect(result.evidence).toMatch(refusals[check.id] ?? /no refusal described for this check/);
    },
  );

  it("refuses __type introspection too, not only __schema", async () => {
    const { body } = await graphql(server.url, '{ __type(name: "ApiKey") { name fields { name } } }');
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.map((error) => error.message).join(" ")).toMatch(/introspection has been disabled/);
  });

  it("reports 0 findings of 12", async () => {
    for (const check of graphqlCopChecks) {
      if (!findings.has(check.id)) findings.set(check.id, await check.probe(graphqlUrl));
    }
    const reported = graphqlCopChecks.filter((check) => findings.get(check.id)?.vulnerable);
    expect(graphqlCopChecks).toHaveLength(12);
    expect(reported.map((check) => check.id)).toEqual([]);
  });
});

describe("graphql-cop probes report every weakness of a vulnerable control server", () => {
  let control: Awaited<ReturnType<typeof startVulnerableGraphqlServer>>;
  beforeAll(async () => {
    control = await startVulnerableGraphqlServer();
  });
  afterAll(async () => {
    await control.close();
  });

  it.each(graphqlCopChecks.map((check) => [check.id, check] as const))(
    "%s is reported",
    async (_id, check) => {
      const result = await check.probe(control.url);
      expect(result.vulnerable, `${check.title}: ${result.evidence}`).toBe(true);
    },
  );
});
