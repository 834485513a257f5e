// Reference: the least DESIGN §6 lets a verify endpoint do, to show how much of the gap between
// Keyward and the bare node:http server any verifier must pay on this machine. Per request: the
// caller's bearer key checksum-checked, hashed and found in a Map; the body parsed; the presented
// key checksum-checked, hashed (when its checksum holds) and found in the Map; one event for the
// verification buffered and written to PostgreSQL every 100 ms as one insert of three arrays; the
// answer serialised once per key. No scope, status, expiry, environment, workspace, IP or
// rate-limit check, no metrics, no live stream, no event for the caller's own key: a lower bound
// of what DESIGN §6 asks for, not a verifier anyone should run.
import { readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { hashToken, parseToken } from "@keyward/schema/keys";
import pg from "pg";

interface Known {
  keyId: string;
  payload: string;
  headers: Record<string, string | number>;
}

function answerOf(body: Record<string, unknown>, keyId: string): Known {
  const payload = JSON.stringify(body);
  const headers = {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
  };
  return { keyId, payload, headers };
}

const databaseUrl = process.env.MINIMAL_DATABASE_URL;
const tokensFile = process.env.MINIMAL_TOKENS_FILE;
if (!databaseUrl || !tokensFile) throw new Error("MINIMAL_DATABASE_URL and MINIMAL_TOKENS_FILE are required");
const fixture = JSON.parse(readFileSync(tokensFile, "utf8")) as {
  gateway: string;
  gatewayId: string;
  tokens: string[];
  keyIds: string[];
};
const known = new Map<string, Known>();
known.set(hashToken(fixture.gateway), answerOf({ valid: true, code: "VALID" }, fixture.gatewayId));
fixture.tokens.forEach((token, index) => {
  const keyId = fixture.keyIds[index] ?? "";
  known.set(hashToken(token), answerOf({ valid: true, code: "VALID", keyId }, keyId));
});
const notFound = answerOf({ valid: false, code: "NOT_FOUND" }, "");

const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
await pool.query(
  'CREATE TABLE IF NOT EXISTS "MinimalVerifierEvent" ("keyId" text, "at" timestamptz NOT NULL, "code" text NOT NULL)',
);
let keyIds: (string | null)[] = [];
let times: string[] = [];
let codes: string[] = [];
setInterval(() => {
  if (codes.length === 0) return;
  const params = [keyIds, times, codes];
  keyIds = [];
  times = [];
  codes = [];
  pool
    .query(
      'INSERT INTO "MinimalVerifierEvent" SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[])',
      params,
    )
    .catch((error: unknown) => process.stderr.write(`minimal verifier: ${String(error)}\n`));
}, 100);

function send(response: ServerResponse, status: number, answer: Known): void {
  response.writeHead(status, answer.headers);
  response.end(answer.payload);
}

/** The Map entry of a token whose checksum holds, else undefined (no hash for a bad checksum). */
const lookUp = (token: string) => (parseToken(token) === null ? undefined : known.get(hashToken(token)));

const server = createServer((request, response) => {
  const authorization = request.headers.authorization ?? "";
  if (!authorization.startsWith("Bearer ") || lookUp(authorization.slice(7)) === undefined) {
    send(response, 401, notFound);
    return;
  }
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { key?: unknown };
    const found = typeof body.key === "string" ? lookUp(body.key) : undefined;
    const answer = found ?? notFound;
    keyIds.push(found === undefined ? null : found.keyId);
    times.push(new Date().toISOString());
    codes.push(found === undefined ? "NOT_FOUND" : "VALID");
    send(response, 200, answer);
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ ready: true, port: (server.address() as AddressInfo).port })}\n`);
});
process.on("SIGTERM", () => server.close(() => pool.end().then(() => process.exit(0))));
