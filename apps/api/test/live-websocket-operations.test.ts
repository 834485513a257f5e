import { testEngines } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphqlWithCookie, seedPeople, signInOverHttp } from "./support/identity-fixtures.ts";
import { profileOf, seedApiKey } from "./support/key-seeds.ts";
import { activeSubscriptions, openLiveClient } from "./support/live-client.ts";
import { KEY_UPDATES, listen } from "./support/live-fixtures.ts";
import { startTestServer, type TestServer } from "./support/test-server.ts";
import { waitFor } from "./support/wait-for.ts";

describe.each(testEngines())("graphql-ws operations in production [%s]", (engine) => {
  let server: TestServer;
  let bearer: string;
  let cookie: string;
  let mfaPendingCookie: string;
  let auditorCookie: string;
  let account: Awaited<ReturnType<typeof seedPeople>>;
  const clients: Array<ReturnType<typeof openLiveClient>> = [];
  const client = (options: Parameters<typeof openLiveClient>[1]) => {
    const opened = openLiveClient(server.url, options);
    clients.push(opened);
    return opened;
  };

  beforeAll(async () => {
    server = await startTestServer(engine, { env: { NODE_ENV: "production" } });
    const prisma = server.app.database.prisma;
    account = await seedPeople(prisma, {
      admin: "SUPER_ADMIN",
      developer: "USER",
      enrolled: "USER",
      auditor: "BILLING_ADMIN",
    });
    bearer = `Bearer ${(await seedApiKey(prisma, account, { ownerId: profileOf(account, "developer").id })).token}`;
    cookie = (await signInOverHttp(server.url, profileOf(account, "admin").email ?? "")).cookie;
    auditorCookie = (await signInOverHttp(server.url, profileOf(account, "auditor").email ?? "")).cookie;
    // TOTP enrolled: a new sign-in is MFA pending until a code is verified.
    await prisma.profile.update({
      where: { id: profileOf(account, "enrolled").id },
      data: { totpEnabledAt: new Date() },
    });
    const pending = await signInOverHttp(server.url, profileOf(account, "enrolled").email ?? "");
    expect(pending.payload).toMatchObject({ mfaRequired: true });
    mfaPendingCookie = pending.cookie;
  });
  afterAll(async () => {
    for (const opened of clients) await opened.dispose();
    await server.close();
  });

  /** Runs one operation over the socket and returns its result (data or errors). */
  async function runOver(socket: ReturnType<typeof openLiveClient>, query: string) {
    const operation = socket.subscribe(query);
    await waitFor(() => operation.completed || operation.errors.length > 0, "the operation to finish");
    return operation;
  }

  it("runs queries as the connection's viewer (bearer key or session cookie)", async () => {
    const byKey = await runOver(client({ authorization: bearer }), "{ viewer { role authenticatedVia } }");
    expect(byKey.events).toEqual([{ viewer: { role: "USER", authenticatedVia: "API_KEY" } }]);
    const bySession = await runOver(client({ cookie }), "{ viewer { role authenticatedVia } }");
    expect(bySession.events).toEqual([{ viewer: { role: "SUPER_ADMIN", authenticatedVia: "SESSION" } }]);
  });

  it("answers introspection, limit violations and syntax errors with error messages and keeps the socket", async () => {
    const socket = client({ authorization: bearer });
    // A running subscription keeps the client's socket open throughout.
    const updates = await listen(server.app, socket, KEY_UPDATES);
    const introspection = await runOver(socket, "{ __schema { types { name } } }");
    expect(JSON.stringify(introspection.errors)).toMatch(/introspection/i);
    const aliases = await runOver(socket, "{ first: viewer { role } second: viewer { role } }");
    expect(JSON.stringify(aliases.errors)).toMatch(/alias/i);
    const syntax = await runOver(socket, "{ viewer { ");
    expect(JSON.stringify(syntax.errors)).toMatch(/Syntax Error/);
    // The same socket still serves.
    const after = await runOver(socket, "{ viewer { role } }");
    expect(after.events).toEqual([{ viewer: { role: "USER" } }]);
    expect(socket.closed()).toBeNull();
    expect(updates.completed).toBe(false);
    updates.stop();
  });

  it("refuses a session whose MFA is pending (4403)", async () => {
    const pending = client({ cookie: mfaPendingCookie });
    const refused = pending.subscribe(KEY_UPDATES);
    await waitFor(() => pending.closed() !== null || refused.errors.length > 0, "the socket to be refused");
    expect(pending.closed()?.code).toBe(4403);
    // Over HTTP the same cookie is a signed-in viewer that may only verify TOTP or sign out.
    const { body } = await graphqlWithCookie(server.url, mfaPendingCookie, "{ viewer { mfaPending } }");
    expect(body.data).toEqual({ viewer: { mfaPending: true } });
  });

  it("executes an event once per equal viewer, and still per viewer: field rules differ between viewers", async () => {
    const query = "subscription { authFailures { kind code email } }";
    const developer = profileOf(account, "developer");
    // Two sockets of one person, the key's owner, and a key auditor who may not read emails.
    const adminSockets = [
      await listen(server.app, client({ cookie }), query),
      await listen(server.app, client({ cookie }), query),
    ];
    const owner = await listen(server.app, client({ authorization: bearer }), query);
    const auditor = await listen(server.app, client({ cookie: auditorCookie }), query);
    server.app.events.publish("auth.failure", {
      accountId: account.accountId,
      kind: "VERIFY",
      code: "REVOKED",
      keyId: null,
      ownerId: developer.id,
      presentedHint: null,
      email: developer.email,
      ip: null,
      occurredAt: new Date(),
    });
    const expected = { authFailures: { kind: "VERIFY", code: "REVOKED", email: developer.email } };
    for (const subscription of [...adminSockets, owner])
      expect(await subscription.take(1)).toEqual([expected]);
    await waitFor(() => auditor.errors.length > 0, "the auditor's result");
    expect(auditor.events).toEqual([]);
    expect(auditor.errors).toMatchObject([
      { path: ["authFailures", "email"], extensions: { code: "FORBIDDEN" } },
    ]);
  });

  it("counts a subscription while it runs and no longer once the client leaves", async () => {
    const before = await activeSubscriptions(server.app);
    const socket = client({ authorization: bearer });
    const updates = await listen(server.app, socket, KEY_UPDATES);
    expect(await activeSubscriptions(server.app)).toBe(before + 1);
    expect(server.app.live.sockets).toBeGreaterThanOrEqual(1);
    updates.stop();
    await waitFor(async () => (await activeSubscriptions(server.app)) === before, "the subscription to end");
  });
});
