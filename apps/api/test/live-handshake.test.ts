import { testEngines } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { GRAPHQL_WS_PROTOCOL, openRawSocket } from "./support/live-client.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";

const ORIGIN = "http://keyward.example.test";

describe.each(testEngines())("graphql-ws handshake [%s]", (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { env: { KEYWARD_ORIGIN: ORIGIN } });
  });
  afterAll(async () => {
    await server.close();
  });

  it("closes a socket that never sends connection_init with 4408", async () => {
    const raw = openRawSocket(server.url, { origin: ORIGIN });
    await raw.opened;
    expect(await raw.closed).toMatchObject({ code: 4408 });
  });

  it("closes a connection without a credential with 4403", async () => {
    const raw = openRawSocket(server.url, { origin: ORIGIN });
    await raw.opened;
    raw.send({ type: "connection_init" });
    expect(await raw.closed).toMatchObject({ code: 4403 });
  });

  it("closes a connection with a bad bearer key, or a bad cookie, with 4403", async () => {
    for (const payload of [
      { authorization: "Bearer kw_dev_notarealkey000000000000000000000000000" },
      { authorization: "Basic dXNlcjpwYXNz" },
      { authorization: 42 },
    ]) {
      const raw = openRawSocket(server.url);
      await raw.opened;
      raw.send({ type: "connection_init", payload });
      expect(await raw.closed).toMatchObject({ code: 4403 });
    }
    const withCookie = openRawSocket(server.url, {
      cookie: "keyward_session=abcdefghijklmnopqrstuvwxyz234567",
    });
    await withCookie.opened;
    withCookie.send({ type: "connection_init" });
    expect(await withCookie.closed).toMatchObject({ code: 4403 });
  });

  it("refuses the upgrade from a foreign Origin, and accepts KEYWARD_ORIGIN", async () => {
    const foreign = openRawSocket(server.url, { origin: "http://evil.example.test" });
    expect(await foreign.refused).toBe(403);
    const own = openRawSocket(server.url, { origin: ORIGIN });
    await own.opened;
    own.socket.close(1000);
    expect((await own.closed).code).toBe(1000);
  });

  it("serves graphql-ws at /graphql only", async () => {
    const elsewhere = new WebSocket(
      `${server.url.replace(/^http/, "ws")}/v1/keys/verify`,
      GRAPHQL_WS_PROTOCOL,
    );
    elsewhere.on("error", () => {});
    const status = await new Promise<number | undefined>((resolve) =>
      elsewhere.once("unexpected-response", (_request, response) => resolve(response.statusCode)),
    );
    expect(status).toBe(404);
  });
});
