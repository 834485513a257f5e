// Many WebSocket clients in one process (the load core), for the subscription fan-out benchmark.
// argv[2]: JSON options. Protocol "graphql-ws": connection_init with the bearer, then one
// subscription per socket; "raw": just connected. Both count every message they receive.
// Commands arrive as JSON lines on stdin; answers leave as JSON lines on stdout.
import { createInterface } from "node:readline";
import WebSocket from "ws";

interface Options {
  url: string;
  count: number;
  protocol: "graphql-ws" | "raw";
  authorization?: string;
  query?: string;
  /** Sockets opening at once. */
  concurrency: number;
}

const options = JSON.parse(process.argv[2] ?? "{}") as Options;
const perClient = new Uint32Array(options.count);
const sockets: WebSocket[] = [];
let received = 0;
let closedEarly = 0;
let unexpected = 0;
let sample: string | null = null;
let expectation: { total: number; start: number } | null = null;

const send = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

function onData(index: number, data: WebSocket.RawData): void {
  const text = data.toString();
  if (perClient[index] === 0 && !text.includes('"type":"next"') && options.protocol === "graphql-ws") {
    unexpected++;
    if (unexpected === 1) process.stderr.write(`unexpected first message: ${text.slice(0, 300)}\n`);
  }
  sample ??= text;
  perClient[index] = (perClient[index] ?? 0) + 1;
  received++;
  if (expectation !== null && received >= expectation.total) {
    send({ done: true, ms: performance.now() - expectation.start, received });
    expectation = null;
  }
}

let failureReports = 0;
/** Why a client could not subscribe (the first few, on stderr). */
function reportFailure(why: string): void {
  if (failureReports++ < 5) process.stderr.write(`subscriber not opened: ${why}\n`);
}

/** Close codes a graphql-ws client retries (as graphql-ws's own client does): the handshake's timeout. */
const RETRIED_CLOSE_CODES = new Set([4408]);
const MAX_ATTEMPTS = 3;
let retried = 0;

/** Opens subscriber `index`, retrying a handshake the server timed out (a real client reconnects). */
async function open(index: number): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOpen(index);
    if (outcome === true) return true;
    if (outcome === false) return false;
    if (attempt === MAX_ATTEMPTS || !RETRIED_CLOSE_CODES.has(outcome.code)) {
      reportFailure(`closed ${outcome.code} ${outcome.reason}${attempt > 1 ? ` (attempt ${attempt})` : ""}`);
      return false;
    }
    retried++;
  }
}

/** true when subscribed; false on an error; the close code and reason when the server closed it first. */
function attemptOpen(index: number): Promise<true | false | { code: number; reason: string }> {
  return new Promise((resolve) => {
    const socket =
      options.protocol === "graphql-ws"
        ? new WebSocket(options.url, "graphql-transport-ws")
        : new WebSocket(options.url);
    let ready = false;
    socket.once("error", (error) => {
      if (ready) return;
      reportFailure(`error ${error.message}`);
      resolve(false);
    });
    socket.on("close", (code, reason) => {
      if (ready) closedEarly++;
      else resolve({ code, reason: reason.toString() });
    });
    socket.once("open", () => {
      if (options.protocol === "raw") {
        ready = true;
        socket.on("message", (data) => onData(index, data));
        return resolve(true);
      }
      socket.send(
        JSON.stringify({ type: "connection_init", payload: { authorization: options.authorization } }),
      );
      socket.once("message", (data) => {
        if (!data.toString().includes('"connection_ack"')) {
          reportFailure(`first message ${data.toString().slice(0, 200)}`);
          return resolve(false);
        }
        socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: options.query } }));
        ready = true;
        socket.on("message", (message) => onData(index, message));
        resolve(true);
      });
    });
    sockets.push(socket);
  });
}

let next = 0;
let failed = 0;
await Promise.all(
  Array.from({ length: options.concurrency }, async () => {
    while (next < options.count) {
      const index = next++;
      if (!(await open(index))) failed++;
    }
  }),
);
send({ connected: options.count - failed, failed, retried });

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { cmd: string; total?: number };
  if (command.cmd === "status") {
    let reached = 0;
    for (const count of perClient) if (count > 0) reached++;
    send({ reached, received, closedEarly, unexpected, sample });
  } else if (command.cmd === "reset") {
    perClient.fill(0);
    received = 0;
    send({ reset: true });
  } else if (command.cmd === "expect") {
    expectation = { total: command.total ?? 0, start: performance.now() };
    send({ expecting: expectation.total });
  } else if (command.cmd === "close") {
    for (const socket of sockets) socket.terminate();
    send({ closed: true });
    process.exit(0);
  }
}
