import { randomUUID } from "node:crypto";
import { createInProcessEventBus, createManualClock, type Viewer } from "@keyward/schema";
import {
  createTestDatabase,
  keyViewer,
  type SeededAccount,
  seedAccount,
  seedKey,
  sessionViewer,
  type TestDatabase,
  testEngines,
} from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createLiveConnections,
  FORBIDDEN_CLOSE,
  type LiveConnections,
} from "../src/live/live-connections.ts";
import { testLogger } from "./support/test-logger.ts";

/** A socket that records how it was closed. */
function fakeSocket() {
  const closes: number[] = [];
  return { closes, close: (code: number) => void closes.push(code) };
}

describe.each(testEngines())("live socket registry [%s]", (engine) => {
  let db: TestDatabase;
  let account: SeededAccount;
  const events = createInProcessEventBus();
  const clock = createManualClock(new Date());
  let connections: LiveConnections;

  const profile = (name: string) => {
    const found = account.profiles[name];
    if (!found) throw new Error(`no profile ${name}`);
    return found;
  };
  /** A session viewer whose Session row exists. */
  async function signedIn(name: string): Promise<Viewer> {
    const viewer = { ...sessionViewer(profile(name)), sessionId: randomUUID() };
    await db.prisma.session.create({
      data: {
        id: viewer.sessionId ?? "",
        profileId: viewer.profileId,
        expiresAt: new Date(clock.now().getTime() + 3_600_000),
      },
    });
    return viewer;
  }

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    account = await seedAccount(db.prisma, { alice: "USER", bob: "USER", carol: "USER_ADMIN", dave: "USER" });
    connections = createLiveConnections({
      events,
      prisma: db.prisma,
      clock,
      logger: testLogger(),
      revalidateEveryMs: 3_600_000,
    });
  });
  afterAll(async () => {
    connections.close();
    await db.close();
  });

  it("closes the sockets of an ended session, and only those", async () => {
    const alice = fakeSocket();
    const bob = fakeSocket();
    const aliceViewer = await signedIn("alice");
    connections.add(alice, aliceViewer);
    connections.add(bob, await signedIn("bob"));
    events.publish("principal.ended", {
      sessionIds: [aliceViewer.sessionId ?? ""],
      keyIds: [],
      profileIds: [],
    });
    expect(alice.closes).toEqual([FORBIDDEN_CLOSE]);
    expect(bob.closes).toEqual([]);
  });

  it("closes a bearer key's sockets when the key leaves ACTIVE, not on other keys' changes", async () => {
    const { key } = await seedKey(db.prisma, { accountId: account.accountId, ownerId: profile("dave").id });
    const socket = fakeSocket();
    connections.add(socket, keyViewer(profile("dave"), key));
    events.publish("key.changed", {
      accountId: account.accountId,
      keyId: "another-key",
      ownerId: profile("dave").id,
      status: "REVOKED",
      environment: "DEVELOPMENT",
      change: "REVOKED",
    });
    events.publish("key.changed", { ...changeOf(key), status: "ACTIVE", change: "WORKSPACE_GRANTED" });
    expect(socket.closes).toEqual([]);
    events.publish("key.changed", { ...changeOf(key), status: "REVOKED", change: "REVOKED" });
    expect(socket.closes).toEqual([FORBIDDEN_CLOSE]);
  });

  it("closes a person's sockets when they are deactivated or their role changes", async () => {
    const socket = fakeSocket();
    const carol = await signedIn("carol");
    connections.add(socket, carol);
    const change = { accountId: account.accountId, profileId: carol.profileId, change: "X" };
    events.publish("user.changed", { ...change, role: "USER_ADMIN", status: "ACTIVE" });
    expect(socket.closes).toEqual([]);
    events.publish("user.changed", { ...change, role: "USER", status: "ACTIVE" });
    expect(socket.closes).toEqual([FORBIDDEN_CLOSE]);
  });

  it("re-reads principals from the database: what no event announced still closes the socket", async () => {
    const bob = fakeSocket();
    const bobViewer = await signedIn("bob");
    connections.add(bob, bobViewer);
    const { key } = await seedKey(db.prisma, { accountId: account.accountId, ownerId: profile("alice").id });
    const bearer = fakeSocket();
    connections.add(bearer, keyViewer(profile("alice"), key));
    const alice = fakeSocket();
    connections.add(alice, await signedIn("alice"));
    await connections.revalidate();
    expect([bob.closes, bearer.closes, alice.closes]).toEqual([[], [], []]);

    // Changes whose events were missed (Redis away): a deleted session, a revoked key.
    await db.prisma.session.delete({ where: { id: bobViewer.sessionId ?? "" } });
    await db.prisma.apiKey.update({
      where: { id: key.id },
      data: { status: "REVOKED", revokedAt: new Date() },
    });
    await connections.revalidate();
    expect([bob.closes, bearer.closes, alice.closes]).toEqual([[FORBIDDEN_CLOSE], [FORBIDDEN_CLOSE], []]);
  });

  it("closes a socket whose session expired, at the next check", async () => {
    const socket = fakeSocket();
    connections.add(socket, await signedIn("dave"));
    clock.advance(3_600_001);
    await connections.revalidate();
    expect(socket.closes).toEqual([FORBIDDEN_CLOSE]);
  });
});

const changeOf = (key: { accountId: string; id: string; ownerId: string }) => ({
  accountId: key.accountId,
  keyId: key.id,
  ownerId: key.ownerId,
  environment: "DEVELOPMENT" as const,
});
