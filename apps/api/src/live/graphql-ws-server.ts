import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import type { Viewer } from "@keyward/schema";
import { type ExecutionArgs, GraphQLError } from "graphql";
import { CloseCode, handleProtocols, makeServer } from "graphql-ws";
import { type WebSocket, WebSocketServer } from "ws";
import type { createKeywardYoga } from "../graphql/create-yoga.ts";
import { GRAPHQL_BODY_LIMIT } from "../http/body-limit.ts";
import type { ClientAddressOf } from "../http/client-address.ts";
import type { Logger } from "../logger.ts";
import type { LiveConnections } from "./live-connections.ts";

type Yoga = ReturnType<typeof createKeywardYoga>;

/** Operations one socket may run at once (each subscription holds a listener and a buffer). */
export const maxOperationsPerSocket = 50;
type Enveloped = ReturnType<Yoga["getEnveloped"]>;

export interface GraphQLWsOptions {
  server: Server;
  yoga: Yoga;
  /** The same function that authenticates HTTP requests (session cookie or bearer key). */
  authenticate(headers: Headers, ip: string | null): Viewer | null | Promise<Viewer | null>;
  /** KEYWARD_ORIGIN: a browser upgrade from any other origin is refused. */
  origin: string;
  connections: LiveConnections;
  logger: Logger;
  clientAddress: ClientAddressOf;
  /** Production: internal error details never reach clients in close reasons. */
  production: boolean;
  /** How long a socket may stay open without `connection_init` (4408 after). Default 3 s. */
  connectionInitWaitTimeoutMs?: number;
  /** Keep-alive: every socket is pinged this often and terminated if it missed the last pong. Default 12 s. */
  keepAliveMs?: number;
}

/**
 * Per socket: the upgrade request until `connection_init` authenticated it (then dropped: its
 * headers are not needed again), the client's address and user agent, its caller once
 * authenticated, and the forget function of the registry.
 */
type SocketExtra = {
  readonly socket: WebSocket;
  request: IncomingMessage | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  viewer?: Viewer;
  release?: () => void;
};

export interface GraphQLWsServer {
  readonly sockets: number;
  /** Refuses new upgrades and closes every socket (server shutdown). */
  close(): Promise<void>;
}

function headersOf(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/** A close reason from an error (WebSocket close reasons are at most 123 bytes). */
function closeReasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return Buffer.byteLength(message) <= 123 ? message : "Internal server error";
}

/** Sockets pinged by the keep-alive that have not answered yet. */
const awaitingPong = new WeakSet<WebSocket>();

/** One shared listener for every socket (no closure per socket). */
function onPong(this: WebSocket): void {
  awaitingPong.delete(this);
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Anything thrown while preparing an operation becomes an error message, never a closed socket. */
function asGraphQLErrors(error: unknown): GraphQLError[] {
  if (error instanceof GraphQLError) return [error];
  return [
    new GraphQLError("The operation could not be prepared", { extensions: { code: "VALIDATION_FAILED" } }),
  ];
}

/**
 * graphql-ws on the HTTP server's port, at /graphql. The upgrade's Origin must be KEYWARD_ORIGIN
 * (cookies ride along on cross-site WebSocket handshakes); `connection_init` authenticates with
 * the upgrade's session cookie or `connectionParams.authorization` ("Bearer kw_…"), and every
 * operation of the socket runs as that Viewer through yoga's envelop (document limits,
 * introspection policy, masked errors), exactly as over HTTP.
 */
export function attachGraphQLWs(options: GraphQLWsOptions): GraphQLWsServer {
  const { server, yoga, authenticate, connections, logger } = options;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: GRAPHQL_BODY_LIMIT,
    handleProtocols,
    // Compression would keep a zlib context per socket and compress every message per socket.
    perMessageDeflate: false,
  });
  const enveloped = new WeakMap<ExecutionArgs, Enveloped>();
  let accepting = true;

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = (request.url ?? "/").split("?", 1)[0];
    if (pathname !== "/graphql") return refuseUpgrade(socket, 404, "Not Found");
    if (!accepting) return refuseUpgrade(socket, 503, "Service Unavailable");
    // Browsers always send Origin on WebSocket handshakes; other clients authenticate with a key.
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== options.origin) {
      logger.warn({ origin }, "refused a WebSocket upgrade from a foreign origin");
      return refuseUpgrade(socket, 403, "Forbidden");
    }
    wss.handleUpgrade(request, socket, head, (webSocket) => wss.emit("connection", webSocket, request));
  };
  server.on("upgrade", onUpgrade);

  const graphqlWs = makeServer<Record<string, unknown> | undefined, SocketExtra>({
    connectionInitWaitTimeout: options.connectionInitWaitTimeoutMs ?? 3_000,
    async onConnect(ctx) {
      const { request, socket } = ctx.extra;
      // graphql-ws accepts one `connection_init` per socket; the request is not needed after it.
      ctx.extra.request = null;
      if (request === null) return false;
      const headers = headersOf(request);
      const authorization = ctx.connectionParams?.authorization;
      if (authorization !== undefined) {
        if (typeof authorization !== "string") return false;
        headers.set("authorization", authorization);
      }
      let viewer: Viewer | null = null;
      try {
        viewer = await authenticate(headers, ctx.extra.ip);
      } catch {
        // A bad bearer key is refused by throwing: for a socket that is a 4403 like any other.
        viewer = null;
      }
      // MFA-pending sessions may only verify TOTP or sign out, both over HTTP.
      if (viewer === null || viewer.mfaPending || socket.readyState !== socket.OPEN) return false;
      ctx.extra.viewer = viewer;
      ctx.extra.release = connections.add(socket, viewer);
      return true;
    },
    onClose(ctx) {
      ctx.extra.release?.();
    },
    async onSubscribe(ctx, _id, payload) {
      const viewer = ctx.extra.viewer;
      if (viewer === undefined) {
        return [new GraphQLError("Sign in to do this", { extensions: { code: "UNAUTHENTICATED" } })];
      }
      // The operation being started is already counted.
      if (Object.keys(ctx.subscriptions).length > maxOperationsPerSocket) {
        return [
          new GraphQLError(`At most ${maxOperationsPerSocket} operations may run on one socket`, {
            extensions: { code: "RATE_LIMITED" },
          }),
        ];
      }
      try {
        const envelop = yoga.getEnveloped({
          ip: ctx.extra.ip,
          socketCaller: { viewer, userAgent: ctx.extra.userAgent },
          params: payload,
        });
        const document = envelop.parse(payload.query);
        const errors = envelop.validate(envelop.schema, document);
        if (errors.length > 0) return errors;
        const args: ExecutionArgs = {
          schema: envelop.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: await envelop.contextFactory(),
        };
        enveloped.set(args, envelop);
        return args;
      } catch (error) {
        return asGraphQLErrors(error);
      }
    },
    execute: (args) => {
      const envelop = enveloped.get(args);
      if (envelop === undefined) throw new Error("operation was not prepared by onSubscribe");
      return envelop.execute(args);
    },
    subscribe: (args) => {
      const envelop = enveloped.get(args);
      if (envelop === undefined) throw new Error("operation was not prepared by onSubscribe");
      return envelop.subscribe(args);
    },
  });

  // graphql-ws over `ws` (what graphql-ws/use/ws does), with less kept per socket: one shared
  // keep-alive timer instead of two per socket, no promise per sent message unless the socket is
  // backed up, and the upgrade request dropped once the socket authenticated.
  // Production: internal error details never reach clients in close reasons.
  const internalCloseReason = (error: unknown) =>
    options.production ? "Internal server error" : closeReasonOf(error);
  wss.on("connection", (socket: WebSocket, request: IncomingMessage) => {
    socket.once("error", (error) => {
      logger.warn({ err: error }, "WebSocket error");
      socket.close(CloseCode.InternalServerError, internalCloseReason(error));
    });
    socket.on("pong", onPong);
    const extra: SocketExtra = {
      socket,
      request,
      ip: options.clientAddress(request),
      userAgent: request.headers["user-agent"] ?? null,
    };
    const closed = graphqlWs.opened(
      {
        protocol: socket.protocol,
        send(data) {
          if (socket.readyState !== socket.OPEN) return;
          // A socket whose client does not read fills its send buffer: the operation waits for the
          // write, so further events queue (bounded) in its live stream, not in the socket.
          if (socket.bufferedAmount === 0) return socket.send(data);
          return new Promise<void>((resolve, reject) =>
            socket.send(data, (error) => (error ? reject(error) : resolve())),
          );
        },
        close(code, reason) {
          socket.close(code, reason);
        },
        onMessage(handle) {
          socket.on("message", (data) => {
            handle(String(data)).catch((error: unknown) => {
              logger.error({ err: error }, "graphql-ws message handling failed");
              socket.close(CloseCode.InternalServerError, internalCloseReason(error));
            });
          });
        },
      },
      extra,
    );
    socket.once("close", (code, reason) => {
      void closed(code, String(reason));
    });
  });

  const keepAliveMs = options.keepAliveMs ?? 12_000;
  const keepAlive = setInterval(() => {
    for (const socket of wss.clients) {
      if (socket.readyState !== socket.OPEN) continue;
      if (awaitingPong.has(socket)) {
        socket.terminate();
        continue;
      }
      awaitingPong.add(socket);
      socket.ping();
    }
  }, keepAliveMs);
  keepAlive.unref();

  return {
    get sockets() {
      return wss.clients.size;
    },
    async close() {
      accepting = false;
      server.off("upgrade", onUpgrade);
      clearInterval(keepAlive);
      for (const socket of wss.clients) socket.close(1001, "Going away");
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
