import { testEngines, testLogSink, tokenShape } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.ts";
import { graphqlWithCookie, seedPeople, signInOverHttp, testPassword } from "./support/identity-fixtures.ts";
import { postVerify } from "./support/key-seeds.ts";
import { graphql, startTestServer, type TestServer } from "./support/test-server.ts";

// Security: no log line ever holds an issued token. A whole key life over HTTP (issue, verify,
// rotate, regenerate, revoke, refused bearer) runs against a server logging at trace level, the
// most verbose there is; every line is kept in memory (and joins the run's scanned logs).

const ISSUED = `
  __typename
  ... on IssuedApiKey { token apiKey { id } }
  ... on KeywardError { code message }`;
const CREATE = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { ${ISSUED} } }`;
const ROTATE = `mutation ($input: ApiKeyIdInput!) { rotateApiKey(input: $input) { ${ISSUED} } }`;
const REGENERATE = `mutation ($input: ApiKeyIdInput!) { regenerateApiKey(input: $input) { ${ISSUED} } }`;
const REVOKE = `mutation ($input: RevokeApiKeyInput!) {
  revokeApiKey(input: $input) { __typename ... on ApiKeyPayload { apiKey { id status } } }
}`;

interface Issued {
  token: string;
  id: string;
}
interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

const engine = testEngines()[0] ?? "pglite";

describe(`no issued token in any log line, at trace level [${engine}]`, () => {
  let server: TestServer;
  let cookie: string;
  const lines: string[] = [];

  beforeAll(async () => {
    const scanned = testLogSink();
    const memory = {
      write(line: string) {
        lines.push(line);
        scanned.write(line);
      },
    };
    server = await startTestServer(engine, { logger: createLogger("trace", "token-logging", memory) });
    const people = await seedPeople(server.app.database.prisma, { admin: "SUPER_ADMIN" });
    const email = people.profiles.admin?.email ?? "";
    const signedIn = await signInOverHttp(server.url, email);
    expect(signedIn.cookie).not.toBe("");
    cookie = signedIn.cookie;
  });
  afterAll(async () => {
    await server.close();
  });

  async function issued(query: string, input: Record<string, unknown>, field: string): Promise<Issued> {
    const { body } = await graphqlWithCookie(server.url, cookie, query, { input });
    const payload = body.data?.[field] as { __typename: string; token: string; apiKey: { id: string } };
    expect(payload, JSON.stringify(body)).toMatchObject({ __typename: "IssuedApiKey" });
    return { token: payload.token, id: payload.apiKey.id };
  }
  const create = (name: string, scopes: string[]) =>
    issued(
      CREATE,
      { name, scopes, module: "INTEGRATIONS", permissions: ["READ"], environment: "DEVELOPMENT" },
      "createApiKey",
    );
  const localId = (globalId: string) => Buffer.from(globalId, "base64").toString("utf8").split(":")[1];

  it("issues, verifies, rotates, regenerates and revokes: the events are logged, the tokens never", async () => {
    const gateway = await create("gateway", ["keys:verify"]);
    const first = await create("service", []);
    const verify = async (token: string) =>
      (await postVerify(server.url, gateway.token, { key: token })).body.code;

    expect(await verify(first.token)).toBe("VALID");
    const second = await issued(ROTATE, { id: first.id }, "rotateApiKey");
    expect(await verify(first.token)).toBe("REVOKED");
    expect(await verify(second.token)).toBe("VALID");
    const third = await issued(REGENERATE, { id: second.id }, "regenerateApiKey");
    const revoked = await graphqlWithCookie(server.url, cookie, REVOKE, {
      input: { id: third.id, note: `pasted ${third.token} in a ticket` },
    });
    expect(revoked.body.data?.revokeApiKey).toMatchObject({ apiKey: { status: "REVOKED" } });
    expect(await verify(third.token)).toBe("REVOKED");
    // The revoked key as a bearer, and as the gateway's own bearer: refused, each logged.
    expect(
      (await graphql(server.url, "{ viewer { id } }", {}, { authorization: `Bearer ${third.token}` })).status,
    ).toBe(401);
    expect((await postVerify(server.url, third.token, { key: gateway.token })).status).toBe(401);
    await server.app.verification.activity.flush();

    const tokens = [gateway, first, second, third].map((key) => key.token);
    const leaking = lines
      .map((line, index) => ({ index, line }))
      .filter(({ line }) => tokens.some((token) => line.includes(token)) || tokenShape.test(line))
      .map(({ index }) => index);
    expect(leaking, "log lines holding a token (by index)").toEqual([]);
    expect(lines.filter((line) => line.includes(testPassword))).toEqual([]);

    const parsed = lines.map((line) => JSON.parse(line) as LogLine);
    const changes = parsed
      .filter((line) => line.msg === "key changed")
      .map((line) => `${line.change} ${line.status} ${line.keyId}`);
    expect(changes).toEqual(
      expect.arrayContaining([
        `CREATED ACTIVE ${localId(first.id)}`,
        `ROTATED REVOKED ${localId(first.id)}`,
        `ROTATED ACTIVE ${localId(second.id)}`,
        `REGENERATED REVOKED ${localId(second.id)}`,
        `REGENERATED ACTIVE ${localId(third.id)}`,
        `REVOKED REVOKED ${localId(third.id)}`,
      ]),
    );
    const refusals = parsed.filter((line) => line.msg === "authentication refused");
    expect(refusals.map((line) => `${line.kind} ${line.code} ${line.keyId}`)).toEqual(
      expect.arrayContaining([
        `VERIFY REVOKED ${localId(first.id)}`,
        `GRAPHQL_BEARER REVOKED ${localId(third.id)}`,
      ]),
    );
    const uses = parsed.filter((line) => line.msg === "key used");
    expect(
      uses.filter((line) => line.result === "VALID" && line.keyId === localId(second.id)),
    ).not.toHaveLength(0);
    // Trace, debug and info lines all flowed through the same logger.
    expect(parsed.some((line) => line.level === 10)).toBe(true);
    expect(parsed.some((line) => line.level === 20)).toBe(true);
    expect(parsed.some((line) => line.level === 30)).toBe(true);
  });
});
