import { Client, cacheExchange, fetchExchange, subscriptionExchange } from "@urql/core";
import { createClient as createWebSocketClient, type Client as WebSocketClient } from "graphql-ws";

export interface GraphqlClientOptions {
  /** HTTP endpoint; same-origin "/graphql" by default (proxied to the API in development). */
  url?: string;
  /** graphql-ws endpoint; ws(s)://<current host>/graphql by default. */
  webSocketUrl?: string;
  /** Replaces the global fetch, for tests. */
  fetch?: typeof fetch;
}

/** The graphql-ws URL on the page's own host, `wss:` when the page is served over HTTPS. */
export function webSocketUrlFor(location: Pick<Location, "protocol" | "host">, path = "/graphql"): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${path}`;
}

/**
 * The SPA's urql client. It authenticates with the HttpOnly session cookie only: no token is ever
 * read from or written to storage. Operations are always POSTed as JSON, which keeps them out of
 * URLs and logs and satisfies the API's CSRF prevention.
 */
export function createGraphqlClient(options: GraphqlClientOptions = {}): Client {
  let webSocketClient: WebSocketClient | undefined;
  const webSocketUrl = options.webSocketUrl ?? webSocketUrlFor(window.location);

  return new Client({
    url: options.url ?? "/graphql",
    fetch: options.fetch,
    fetchOptions: { credentials: "include" },
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          // Connect on the first subscription only; the browser sends the session cookie on upgrade.
          webSocketClient ??= createWebSocketClient({ url: webSocketUrl });
          const socket = webSocketClient;
          const input = { ...request, query: request.query ?? "" };
          return {
            subscribe(sink) {
              return { unsubscribe: socket.subscribe(input, sink) };
            },
          };
        },
      }),
    ],
  });
}
