import type { IncomingMessage } from "node:http";
import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import type { buildSchema, Viewer } from "@keyward/schema";
import { createYoga, type Plugin } from "graphql-yoga";
import type { ViewerResolver } from "../auth/resolve-viewer.ts";
import type { ClientAddressOf } from "../http/client-address.ts";
import { useSharedEventExecution } from "../live/use-shared-event-execution.ts";
import type { Logger } from "../logger.ts";
import { createResponseCookies } from "./session-cookie.ts";
import { useDocumentLimits } from "./use-document-limits.ts";
import { useIntrospectionPolicy } from "./use-introspection-policy.ts";
import { useValidationCache } from "./use-validation-cache.ts";

export interface YogaOptions {
  built: ReturnType<typeof buildSchema>;
  logger: Logger;
  production: boolean;
  secureCookies: boolean;
  /** KEYWARD_ORIGIN: the only browser origin allowed to read GraphQL answers cross-origin. */
  origin: string;
  /** Resolves the caller from the request headers (session cookie or bearer key). */
  authenticate: ViewerResolver;
  /** The client address of an HTTP request (after the trusted proxies). */
  clientAddress: ClientAddressOf;
  plugins?: Plugin[];
  /** Document limits, CSRF prevention and the introspection policy (off only in benchmarks). */
  hardening?: boolean;
}

/** The caller of a graphql-ws operation: authenticated once, when its socket connected. */
export interface SocketCaller {
  viewer: Viewer;
  userAgent: string | null;
}

interface ServerContext {
  /** The node:http request (yoga's node adapter sets it for every HTTP request). */
  req?: IncomingMessage;
  /** Set for operations over graphql-ws, with `socketCaller`. */
  ip?: string | null;
  /** Set for operations over graphql-ws: the connection's Viewer is reused, never re-resolved. */
  socketCaller?: SocketCaller;
}

/** Sockets cannot set cookies (sign-in and sign-out belong on HTTP). */
const noCookies = { set() {}, clear() {} };

/** yoga's debug lines are per request: only build their log records when debug is on. */
function yogaLogging(logger: Logger) {
  return {
    debug: (...args: unknown[]) => {
      if (logger.isLevelEnabled("debug")) logger.debug({ args }, "yoga");
    },
    info: (...args: unknown[]) => logger.info({ args }, "yoga"),
    warn: (...args: unknown[]) => logger.warn({ args }, "yoga"),
    error: (...args: unknown[]) => logger.error({ args }, "yoga"),
  };
}

/** graphql-yoga on the Pothos schema: HTTP and SSE at /graphql. */
export function createKeywardYoga(options: YogaOptions) {
  const { built, authenticate, clientAddress } = options;
  const cookies = createResponseCookies(options.secureCookies);
  const applyCookies: Plugin = {
    onResponse({ request, response }) {
      const headers = cookies.headersOf(request);
      if (headers === undefined) return;
      for (const header of headers) response.headers.append("set-cookie", header);
    },
  };
  return createYoga<ServerContext>({
    schema: built.schema,
    graphqlEndpoint: "/graphql",
    maskedErrors: true,
    graphiql: !options.production,
    // yoga's default reflects any Origin with credentials allowed: a page of another origin (a
    // sibling subdomain, which SameSite=Lax does not stop) could read answers made with the
    // user's session. Only KEYWARD_ORIGIN, where the SPA is served, may.
    cors: { origin: options.origin, credentials: true },
    landingPage: false,
    // The body cap is enforced at the node:http layer (see http/body-limit.ts).
    maxRequestBodySize: false,
    batching: { limit: 5 },
    // No file uploads in the schema: multipart bodies are never parsed (one request parser less).
    multipart: false,
    // Documents stay cached by yoga; their validation results by useValidationCache.
    parserAndValidationCache: { validationCache: false },
    logging: yogaLogging(options.logger),
    plugins: [
      applyCookies,
      useSharedEventExecution(),
      // Browsers cannot send these cross-site without a preflight: form or text/plain posts and
      // header-less GETs are refused (403). Mutations over GET are refused by yoga (405).
      ...(options.hardening === false
        ? []
        : [
            useCSRFPrevention({ requestHeaders: ["x-graphql-yoga-csrf", "x-keyward-csrf"] }),
            useDocumentLimits(),
            useIntrospectionPolicy({ disabled: options.production }),
          ]),
      useValidationCache(built.schema),
      ...(options.plugins ?? []),
    ],
    // Synchronous for anonymous requests: no promise, no cookie list, nothing to await.
    context: ({ request, req, ip, socketCaller }) => {
      if (socketCaller !== undefined) {
        return built.createContext({ ...socketCaller, ip: ip ?? null, sessionCookie: noCookies });
      }
      const address = req === undefined ? (ip ?? null) : clientAddress(req);
      const sessionCookie = cookies.jarFor(request);
      const userAgent = request.headers.get("user-agent");
      const viewer = authenticate(request.headers, address, sessionCookie);
      if (viewer instanceof Promise) {
        return viewer.then((resolved) =>
          built.createContext({ viewer: resolved, ip: address, userAgent, sessionCookie }),
        );
      }
      return built.createContext({ viewer, ip: address, userAgent, sessionCookie });
    },
  });
}
