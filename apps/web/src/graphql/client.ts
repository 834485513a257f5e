import { Client, fetchExchange, type SubscriptionForwarder, subscriptionExchange } from "@urql/core";
import { createClient as createWebSocketClient, type Client as WebSocketClient } from "graphql-ws";
import { createCacheExchange } from "./cache-config.ts";
import {
  createLiveConnection,
  isAuthenticationClose,
  type LiveConnection,
  reconnectDelay,
} from "./live-connection.ts";

export interface GraphqlClientOptions {
  /** HTTP endpoint; same-origin "/graphql" by default (proxied to the API in development). */
  url?: string;
  /** graphql-ws endpoint; ws(s)://<current host>/graphql by default. */
  webSocketUrl?: string;
  /** Replaces the global fetch, for tests. */
  fetch?: typeof fetch;
  /** Replaces the graphql-ws transport, for tests. */
  forwardSubscription?: SubscriptionForwarder;
}

export interface GraphqlSession {
  client: Client;
  live: LiveConnection;
  /** Closes the socket; the session's cache goes with the client. */
  dispose(): void;
}

/** The graphql-ws URL on the page's own host, `wss:` when the page is served over HTTPS. */
export function webSocketUrlFor(location: Pick<Location, "protocol" | "host">, path = "/graphql"): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${path}`;
}

/**
 * The SPA's urql client for one signed-in session (a new one is made on sign-in and sign-out, so no
 * cached data outlives its session). It authenticates with the HttpOnly session cookie only: no
 * token is ever read from or written to storage. Operations are always POSTed as JSON, which keeps
 * them out of URLs and logs and satisfies the API's CSRF prevention. Subscriptions share one
 * graphql-ws socket that reconnects with backoff and re-subscribes by itself.
 */
export function createGraphqlSession(options: GraphqlClientOptions = {}): GraphqlSession {
  const live = createLiveConnection();
  let webSocketClient: WebSocketClient | undefined;

  const openSocket = (): WebSocketClient => {
    webSocketClient ??= createWebSocketClient({
      url: options.webSocketUrl ?? webSocketUrlFor(window.location),
      lazy: true,
      keepAlive: 15_000,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: (event) => !isAuthenticationClose(event),
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, reconnectDelay(retries))),
      on: {
        connecting: (isRetry) => live.update(isRetry ? "reconnecting" : "connecting"),
        connected: () => live.update("connected"),
        closed: (event) => live.update(isAuthenticationClose(event) ? "unauthorized" : "reconnecting"),
      },
    });
    return webSocketClient;
  };

  const forwardSubscription: SubscriptionForwarder =
    options.forwardSubscription ??
    ((request) => {
      const input = { ...request, query: request.query ?? "" };
      return {
        subscribe(sink) {
          // Connect on the first subscription only; the browser sends the session cookie on upgrade.
          return { unsubscribe: openSocket().subscribe(input, sink) };
        },
      };
    });

  const client = new Client({
    url: options.url ?? "/graphql",
    fetch: options.fetch,
    // The header marks the request as the SPA's own for the API's CSRF prevention.
    fetchOptions: { credentials: "include", headers: { "x-keyward-csrf": "1" } },
    preferGetMethod: false,
    // Pages show what the cache has at once and refresh it from the API.
    requestPolicy: "cache-and-network",
    exchanges: [createCacheExchange(), fetchExchange, subscriptionExchange({ forwardSubscription })],
  });

  return {
    client,
    live,
    dispose() {
      void webSocketClient?.dispose();
      webSocketClient = undefined;
      live.update("idle");
    },
  };
}
