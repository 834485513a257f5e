import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testEngines } from "../test-support/index.ts";
import { createPostgresSqlRunner, type SqlRunner } from "./sql-runner.ts";

describe.runIf(testEngines().includes("postgres"))(
  "the PostgreSQL sql runner when the server ends a checked-out connection [postgres]",
  () => {
    let database: TestDatabase;
    let runner: SqlRunner;
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);

    beforeAll(async () => {
      database = await createTestDatabase("postgres");
      runner = createPostgresSqlRunner(database.url ?? "", 2);
      process.on("uncaughtException", onUncaught);
    });
    afterAll(async () => {
      process.off("uncaughtException", onUncaught);
      await runner.close();
      await database.close();
    });

    it("fails the work with the connection's error, raises nothing uncaught, and the pool recovers", async () => {
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      try {
        const work = runner.withConnection(async (connection) => {
          const [row] = await connection.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
          // Ended between two statements of the work, as a restart or an operator would.
          await admin.query("SELECT pg_terminate_backend($1)", [row?.pid]);
          await new Promise((resolve) => setTimeout(resolve, 200));
          return connection.query("SELECT 1 AS one");
        });
        await expect(work).rejects.toThrow(/connection/i);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(uncaught).toEqual([]);
        // The lost client was dropped: the next work gets a live connection.
        const again = await runner.withConnection((connection) =>
          connection.query<{ one: number }>("SELECT 1 AS one"),
        );
        expect(again).toEqual([{ one: 1 }]);
      } finally {
        await admin.end();
      }
    });
  },
);
