import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import type { App } from "../../src/app.ts";
import { waitFor } from "./wait-for.ts";

export const GRAPHQL_WS_PROTOCOL = "graphql-transport-ws";

export const webSocketUrl = (httpUrl: string) => `${httpUrl.replace(/^http/, "ws")}/graphql`;

export interface SocketClose {
  code: number;
  reason: string;
}

/** A bare graphql-ws socket, for handshake tests: how it ends, or the HTTP status that refused it. */
export function openRawSocket(httpUrl: string, headers: Record<string, string> = {}) {
  const socket = new WebSocket(webSocketUrl(httpUrl), GRAPHQL_WS_PROTOCOL, { headers });
  const opened = new Promise<void>((resolve) => socket.once("open", () => resolve()));
  const closed = new Promise<SocketClose>((resolve) =>
    socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const refused = new Promise<number>((resolve) =>
    socket.once("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    }),
  );
  socket.on("error", () => {});
  return {
    socket,
    opened,
    closed,
    refused,
    send(message: unknown) {
      socket.send(JSON.stringify(message));
    },
  };
}

export interface LiveClientOptions {
  /** Sent on the upgrade request (the browser's session cookie). */
  cookie?: string;
  /** Sent as `connectionParams.authorization` ("Bearer kw_…"). */
  authorization?: string;
  /** Origin of the upgrade request (browsers always send one). */
  origin?: string;
}

/** What one subscription received. */
export interface LiveSubscription {
  events: Array<Record<string, unknown>>;
  errors: unknown[];
  completed: boolean;
  /** Waits until `count` events arrived and returns them all. */
  take(count: number): Promise<Array<Record<string, unknown>>>;
  stop(): void;
}

/** A graphql-ws client, like the SPA's, over a real socket to one instance. */
export function openLiveClient(httpUrl: string, options: LiveClientOptions = {}) {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  class HeaderSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  let lastClose: SocketClose | null = null;
  const client: Client = createClient({
    url: webSocketUrl(httpUrl),
    webSocketImpl: HeaderSocket,
    connectionParams: options.authorization ? { authorization: options.authorization } : undefined,
    retryAttempts: 0,
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        lastClose = { code, reason };
      },
    },
  });
  return {
    subscribe(query: string, variables: Record<string, unknown> = {}): LiveSubscription {
      const subscription: LiveSubscription = {
        events: [],
        errors: [],
        completed: false,
        async take(count) {
          await waitFor(
            () => subscription.events.length >= count || subscription.errors.length > 0,
            `${count} event(s) on ${query.slice(0, 60)}`,
          );
          if (subscription.errors.length > 0) throw new Error(JSON.stringify(subscription.errors));
          return subscription.events.slice(0, count);
        },
        stop: () => stop(),
      };
      const stop = client.subscribe(
        { query, variables },
        {
          next: (result) => {
            if (result.errors) subscription.errors.push(...result.errors);
            else if (result.data) subscription.events.push(result.data as Record<string, unknown>);
          },
          error: (error) => subscription.errors.push(error),
          complete: () => {
            subscription.completed = true;
          },
        },
      );
      return subscription;
    },
    /** The close of the client's last socket, once it closed. */
    closed: () => lastClose,
    dispose: () => client.dispose(),
  };
}

/** Running subscriptions on an instance. */
export async function activeSubscriptions(app: App): Promise<number> {
  const metric = await app.metrics.registry.getSingleMetric("keyward_active_subscriptions")?.get();
  return metric?.values[0]?.value ?? 0;
}

/** Subscriptions ever started on an instance (to know a new subscriber is listening). */
export async function startedSubscriptions(app: App): Promise<number> {
  const metric = await app.metrics.registry.getSingleMetric("keyward_subscriptions_started_total")?.get();
  return metric?.values[0]?.value ?? 0;
}
