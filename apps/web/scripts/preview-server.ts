// A preview of the SPA without the API: serves the built app (apps/web/dist) and answers GraphQL
// (HTTP and graphql-ws) from demo data, executed against the same contract schema the documents
// are typed by. For screenshots, demos and UI work while the API branches land.
//
//   pnpm --filter @keyward/web run build && pnpm --filter @keyward/web run preview:mock
//   PREVIEW_PORT=4173 PREVIEW_AS=admin|developer (start signed in)
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { execute, parse, subscribe } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { loadContractSchema } from "./contract-schema.ts";
import { type DemoSession, demoRoot, keyView } from "./preview/demo-api.ts";
import { events, keys, makeEvent, random } from "./preview/demo-data.ts";

const distDir = path.resolve(import.meta.dirname, "../dist");
const { schema } = loadContractSchema();

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

/** Pushes events to open subscriptions: a tiny in-process pub/sub. */
const listeners = new Map<string, Set<(payload: unknown) => void>>();
function publish(field: string, payload: unknown) {
  for (const listener of listeners.get(field) ?? []) listener({ [field]: payload });
}
function listen(field: string): AsyncIterableIterator<unknown> {
  const queue: unknown[] = [];
  let wake: (() => void) | undefined;
  const listener = (payload: unknown) => {
    queue.push(payload);
    wake?.();
  };
  const set = listeners.get(field) ?? new Set();
  set.add(listener);
  listeners.set(field, set);
  const iterator: AsyncIterableIterator<unknown> = {
    async next() {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return { value: queue.shift(), done: false };
    },
    async return() {
      set.delete(listener);
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

const startAs = process.env.PREVIEW_AS;
const session: DemoSession = {
  profileId: startAs === "admin" ? "user-grace" : startAs === "developer" ? "user-ada" : null,
  mfaPending: false,
  mfaVerified: startAs === "admin",
};
const root = demoRoot(session, publish);

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function serveFile(response: ServerResponse, pathname: string) {
  const candidate = path.join(distDir, path.normalize(pathname).replace(/^(\.\.[/\\])+/, ""));
  const file =
    candidate.startsWith(distDir) && existsSync(candidate) && statSync(candidate).isFile()
      ? candidate
      : path.join(distDir, "index.html");
  if (!existsSync(file)) {
    response
      .writeHead(503, { "content-type": "text/plain" })
      .end("Build the SPA first: pnpm --filter @keyward/web build");
    return;
  }
  response.writeHead(200, { "content-type": contentTypes[path.extname(file)] ?? "application/octet-stream" });
  createReadStream(file).pipe(response);
}

const server = createServer(async (request, response) => {
  const pathname = (request.url ?? "/").split("?")[0] ?? "/";
  if (pathname === "/graphql" && request.method === "POST") {
    const body = JSON.parse(await readBody(request)) as {
      query: string;
      variables?: Record<string, unknown>;
    };
    const result = await execute({
      schema,
      document: parse(body.query),
      variableValues: body.variables,
      rootValue: root,
    });
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
    return;
  }
  if (pathname.startsWith("/exports/")) {
    response
      .writeHead(200, { "content-type": "text/plain", "content-disposition": "attachment" })
      .end("preview export\n");
    return;
  }
  serveFile(response, pathname === "/" ? "/index.html" : pathname);
});

const webSockets = new WebSocketServer({ server, path: "/graphql" });
useServer(
  {
    schema,
    execute,
    subscribe,
    roots: {
      subscription: {
        keyActivity: () => listen("keyActivity"),
        authFailures: () => listen("authFailures"),
        keyRequestUpdates: () => listen("keyRequestUpdates"),
        apiKeyUpdates: () => listen("apiKeyUpdates"),
        userUpdates: () => listen("userUpdates"),
      },
    },
  },
  webSockets,
);

// A trickle of live traffic for the Activity page.
const next = random(7);
const traffic = setInterval(() => {
  const event = makeEvent(0, next);
  events.unshift(event);
  const presented = keys.find((candidate) => candidate.id === event.keyId);
  const key = presented ? keyView(presented) : null;
  publish("keyActivity", { ...event, key });
  if (!event.success) {
    publish("authFailures", {
      kind: "VERIFY",
      code: event.result,
      email: null,
      ip: event.ip,
      key,
      keyId: event.keyId,
      occurredAt: event.occurredAt,
      presentedHint: event.presentedHint,
    });
  }
}, 3_000);
traffic.unref();

server.listen(Number(process.env.PREVIEW_PORT ?? 4173), "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`Keyward preview (demo data) on http://127.0.0.1:${port}\n`);
  process.stdout.write("Sign in as grace@acme.dev (admin) or ada@acme.dev (developer), any password.\n");
});
