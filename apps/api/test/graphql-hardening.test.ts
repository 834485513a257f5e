import { testEngines } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql, startTestServer, type TestServer } from "./support/test-server.ts";

const engine = testEngines()[0] ?? "pglite";
const codesOf = (body: { errors?: Array<{ message: string; extensions?: { code?: string } }> }) =>
  (body.errors ?? []).map((error) => error.message);

describe(`GraphQL abuse limits [${engine}]`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });

  it("rejects deep nesting before execution", async () => {
    const deep = `{ node(id: "x") { ... on ApiKey { ${"replacedBy { ".repeat(14)} id ${"} ".repeat(14)} } } }`;
    const { body } = await graphql(server.url, deep);
    expect(body.data ?? null).toBeNull();
    expect(codesOf(body).join(" ")).toMatch(/depth/i);
  });

  it("rejects aliases (no allow-list): one request cannot hide many attempts", async () => {
    const { body } = await graphql(server.url, "{ a: viewer { id } b: viewer { id } }");
    expect(body.data ?? null).toBeNull();
    expect(codesOf(body).join(" ")).toMatch(/alias/i);
  });

  it("rejects too many directives", async () => {
    const directives = " @include(if: true)".repeat(10);
    const { body } = await graphql(server.url, `{ viewer${directives} { id } }`);
    expect(body.data ?? null).toBeNull();
    expect(codesOf(body).join(" ")).toMatch(/directive/i);
  });

  it("rejects documents with too many tokens", async () => {
    const { body } = await graphql(server.url, `{ ${"__typename ".repeat(3000)} }`);
    expect(body.data ?? null).toBeNull();
    expect(codesOf(body).join(" ")).toMatch(/token/i);
  });

  it("rejects JSON batches larger than five operations", async () => {
    const batch = Array.from({ length: 6 }, () => ({ query: "{ __typename }" }));
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(batch),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    const small = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(batch.slice(0, 2)),
    });
    expect(small.status).toBe(200);
    expect(await small.json()).toEqual([
      { data: { __typename: "Query" } },
      { data: { __typename: "Query" } },
    ]);
  });

  it("rejects a field named more than three times in one selection set", async () => {
    const allowed = await graphql(server.url, `{ ${"__typename ".repeat(3)} }`);
    expect(allowed.body).toEqual({ data: { __typename: "Query" } });
    const { body } = await graphql(server.url, `{ ${"__typename ".repeat(4)} }`);
    expect(body.data ?? null).toBeNull();
    expect(codesOf(body).join(" ")).toMatch(/"__typename" is selected more than 3 times/);
  });

  it("gives no field suggestions", async () => {
    const { body } = await graphql(server.url, "{ viewr { id } }");
    expect(codesOf(body).join(" ")).not.toMatch(/did you mean/i);
  });
});

describe(`CSRF [${engine}]`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });

  it.each([
    ["text/plain", '{"query":"{ __typename }"}'],
    ["application/x-www-form-urlencoded", "query=%7B__typename%7D"],
    [
      "multipart/form-data; boundary=x",
      '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ __typename }\r\n--x--',
    ],
  ])("refuses a simple %s POST with 403", async (contentType, body) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": contentType },
      body,
    });
    expect(response.status).toBe(403);
  });

  it("refuses a GET without the CSRF header, accepts it with the header", async () => {
    const url = `${server.url}/graphql?query=${encodeURIComponent("{ __typename }")}`;
    expect((await fetch(url, { headers: { accept: "application/json" } })).status).toBe(403);
    const allowed = await fetch(url, { headers: { accept: "application/json", "x-keyward-csrf": "1" } });
    expect(allowed.status).toBe(200);
  });

  it("lets no foreign origin read GraphQL answers (CORS allows KEYWARD_ORIGIN only)", async () => {
    // KEYWARD_ORIGIN's default for the test server (PORT=0).
    const origin = "http://localhost:0";
    const foreign = "https://evil.example";
    const preflight = await fetch(`${server.url}/graphql`, {
      method: "OPTIONS",
      headers: {
        origin: foreign,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBe(origin);
    const answer = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { origin: foreign, "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    // A browser on the foreign origin gets no answer: the allowed origin is not its own.
    expect(answer.headers.get("access-control-allow-origin")).toBe(origin);
    expect(answer.headers.get("access-control-allow-origin")).not.toBe(foreign);
    const own = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { origin, "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(own.headers.get("access-control-allow-origin")).toBe(origin);
    expect(own.headers.get("access-control-allow-credentials")).toBe("true");
  });

  it("refuses mutations over GET with 405", async () => {
    const query = encodeURIComponent('mutation { revokeApiKey(input: { id: "x" }) { __typename } }');
    const response = await fetch(`${server.url}/graphql?query=${query}`, {
      headers: { accept: "application/json", "x-keyward-csrf": "1" },
    });
    expect(response.status).toBe(405);
  });
});
