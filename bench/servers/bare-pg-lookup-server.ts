// Baseline for verify on a cache miss: the least a key lookup can do on node:http and `pg` —
// read the body, parse it, hash the key, one unique-index lookup through a pool of the same size
// as Keyward's, answer JSON. Measured in the same run as the Keyward server, on the same database.
import { hash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.BARE_DATABASE_URL, max: 10 });
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const { key } = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { key?: string };
    pool
      .query<{ id: string; status: string }>(
        'SELECT "id", "status"::text AS "status" FROM "ApiKey" WHERE "hash" = $1',
        [hash("sha256", key ?? "", "hex")],
      )
      .then(
        ({ rows }) => {
          const row = rows[0];
          const answer = JSON.stringify(
            row === undefined
              ? { valid: false, code: "NOT_FOUND" }
              : { valid: row.status === "ACTIVE", code: row.status, keyId: row.id },
          );
          response.writeHead(200, {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(answer),
          });
          response.end(answer);
        },
        () => {
          response.writeHead(503);
          response.end();
        },
      );
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ ready: true, port: (server.address() as AddressInfo).port })}\n`);
});
process.on("SIGTERM", () => server.close(() => void pool.end().then(() => process.exit(0))));
