// Baseline of the subscription fan-out benchmark: a raw `ws` server that broadcasts one fixed
// message (BENCH_WS_PAYLOAD: what graphql-ws sent for the same event) to every connected client.
// HTTP on the same port: POST /publish?count=k broadcasts k times; GET /memory.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { WebSocketServer } from "ws";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

const payload = process.env.BENCH_WS_PAYLOAD ?? '{"type":"next"}';
const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://bare");
  let body: unknown;
  if (url.pathname === "/publish" && request.method === "POST") {
    const count = Number(url.searchParams.get("count") ?? 1);
    for (let index = 0; index < count; index++) for (const client of wss.clients) client.send(payload);
    body = { published: count };
  } else {
    if (url.searchParams.has("gc")) collectGarbage();
    body = { ...process.memoryUsage(), sockets: wss.clients.size, cpu: process.cpuUsage() };
  }
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
});
const wss = new WebSocketServer({ server });
server.listen(0, "127.0.0.1", () => {
  const port = (server.address() as AddressInfo).port;
  process.stdout.write(`${JSON.stringify({ ready: true, port, controlPort: port })}\n`);
});
process.on("SIGTERM", () => {
  for (const client of wss.clients) client.terminate();
  server.close(() => process.exit(0));
});
