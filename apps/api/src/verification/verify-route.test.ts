import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { generateToken } from "@keyward/schema/keys";
import type { AuthenticateRequest, Authentication, Verifier } from "@keyward/schema/verification";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createClientAddress } from "../http/client-address.ts";
import { createUnknownKeyLimiter } from "./unknown-key-limiter.ts";
import { createVerifyRoute } from "./verify-route.ts";

const CALLER = generateToken("DEVELOPMENT").token;
const PRESENTED = generateToken("DEVELOPMENT").token;

const validCaller: Authentication = {
  result: { valid: true, code: "VALID", keyId: "caller", ownerId: "gateway" },
  accountId: "account-1",
};

/** The route on a real node:http server with a stub verifier and a log that is kept. */
async function serve(verify: Verifier["verify"]) {
  const lines: string[] = [];
  const logger = pino(
    { level: "info" },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  const seen: AuthenticateRequest[] = [];
  const route = createVerifyRoute({
    verifier: {
      authenticate: async (request) => {
        seen.push(request);
        return validCaller;
      },
      verify,
    },
    unknownKeys: createUnknownKeyLimiter(),
    clientAddress: createClientAddress([]),
    logger,
  });
  const server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, lines, seen };
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

const post = (url: string, body: unknown) =>
  fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${CALLER}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("verify route", () => {
  it("asks the verifier for the caller's keys:verify scope from the caller's address", async () => {
    const started = await serve(async () => ({ valid: true, code: "VALID" as const }));
    server = started.server;
    expect((await post(started.url, { key: PRESENTED })).status).toBe(200);
    expect(started.seen).toEqual([{ token: CALLER, kind: "VERIFY", scope: "keys:verify", ip: "127.0.0.1" }]);
  });

  it("answers 503 when the database fails, and logs neither the caller's nor the presented key", async () => {
    const started = await serve(() => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432")));
    server = started.server;
    const response = await post(started.url, { key: PRESENTED, workspace: "default" });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: { code: "UNAVAILABLE", message: expect.any(String) },
    });
    const log = started.lines.join("");
    expect(log).toContain("verification failed");
    expect(log).toContain("ECONNREFUSED");
    expect(log).not.toContain(PRESENTED);
    expect(log).not.toContain(CALLER);
  });
});
