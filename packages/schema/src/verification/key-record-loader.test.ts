import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { generateToken, hashToken } from "../keys/token-format.ts";
import { testEngines } from "../test-support/index.ts";
import { createKeyRecordLoader } from "./key-record-loader.ts";
import { type LoggedDatabase, openLoggedDatabase, seedAccount, seedKey } from "./test-fixtures.ts";

describe.each(testEngines())("key record loader [%s]", (engine) => {
  let database: LoggedDatabase;
  let prisma: PrismaClient;
  let hashes: string[];
  let ids: string[];

  beforeAll(async () => {
    database = await openLoggedDatabase(engine);
    prisma = database.prisma;
    const account = await seedAccount(prisma, ["alpha"]);
    const keys = [];
    for (let index = 0; index < 4; index++) keys.push(await seedKey(prisma, account));
    hashes = keys.map((key) => hashToken(key.token));
    ids = keys.map((key) => key.id);
  });

  afterAll(async () => {
    await database.close();
  });

  it("splits a burst into statements of at most the batch size, each miss answered from its own", async () => {
    let statements = 0;
    const loader = createKeyRecordLoader(prisma, () => statements++, 2);
    const unknown = hashToken(generateToken("PRODUCTION").token);
    database.queries.length = 0;
    const records = await Promise.all([...hashes, unknown].map((hash) => loader.load(hash)));
    expect(records.map((record) => record?.id ?? null)).toEqual([...ids, null]);
    expect(statements).toBe(3);
    expect(database.queries).toHaveLength(3);
  });

  it("answers every waiter of a hash asked for twice in one round", async () => {
    let statements = 0;
    const loader = createKeyRecordLoader(prisma, () => statements++);
    const [first, again] = await Promise.all([loader.load(hashes[0]!), loader.load(hashes[0]!)]);
    expect([first?.id, again?.id]).toEqual([ids[0], ids[0]]);
    expect(statements).toBe(1);
  });

  it("fails the misses of a failed statement and only those", async () => {
    let calls = 0;
    // The real database, whose first statement is refused (as by a terminated backend).
    const failingOnce = {
      $queryRawUnsafe: ((...args: Parameters<PrismaClient["$queryRawUnsafe"]>) => {
        calls++;
        if (calls === 1) return Promise.reject(new Error("terminating connection"));
        return prisma.$queryRawUnsafe(...args);
      }) as unknown as PrismaClient["$queryRawUnsafe"],
    };
    const loader = createKeyRecordLoader(failingOnce, () => {}, 2);
    const outcomes = await Promise.allSettled(hashes.map((hash) => loader.load(hash)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      "rejected",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
    expect(outcomes.slice(2).map((outcome) => outcome.status === "fulfilled" && outcome.value?.id)).toEqual(
      ids.slice(2),
    );
    // A later round reads again: nothing of the failure is remembered.
    expect((await loader.load(hashes[0]!))?.id).toBe(ids[0]);
  });
});
