import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import type { buildSchema, Viewer } from "@keyward/schema";
import { createYoga, type Plugin } from "graphql-yoga";
import type { ViewerResolver } from "../auth/resolve-viewer.ts";
import { useSharedEventExecution } from "../live/use-shared-event-execution.ts";
import type { Logger } from "../logger.ts";
import { createSessionCookieJar } from "./session-cookie.ts";
import { useDocumentLimits } from "./use-document-limits.ts";
import { useIntrospectionPolicy } from "./use-introspection-policy.ts";

export interface YogaOptions {
  built: ReturnType<typeof buildSchema>;
  logger: Logger;
  production: boolean;
  secureCookies: boolean;
  /** Resolves the caller from the request headers (session cookie or bearer key). */
  authenticate: ViewerResolver;
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
  ip: string | null;
  /** Set for operations over graphql-ws: the connection's Viewer is reused, never re-resolved. */
  socketCaller?: SocketCaller;
}

/** Sockets cannot set cookies (sign-in and sign-out belong on HTTP). */
const noCookies = { set() {}, clear() {} };

/** graphql-yoga on the Pothos schema: HTTP and SSE at /graphql. */
export function createKeywardYoga(options: YogaOptions) {
  const jars = new WeakMap<Request, ReturnType<typeof createSessionCookieJar>>();
  const applyCookies: Plugin = {
    onResponse({ request, response }) {
      for (const header of jars.get(request)?.headers ?? []) response.headers.append("set-cookie", header);
    },
  };
  return createYoga<ServerContext>({
    schema: options.built.schema,
    graphqlEndpoint: "/graphql",
    maskedErrors: true,
    graphiql: !options.production,
    landingPage: false,
    // The body cap is enforced at the node:http layer (see http/body-limit.ts).
    maxRequestBodySize: false,
    batching: { limit: 5 },
    logging: {
      debug: (...args) => options.logger.debug({ args }, "yoga"),
      info: (...args) => options.logger.info({ args }, "yoga"),
      warn: (...args) => options.logger.warn({ args }, "yoga"),
      error: (...args) => options.logger.error({ args }, "yoga"),
    },
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
      ...(options.plugins ?? []),
    ],
    context: async ({ request, ip, socketCaller }) => {
      if (socketCaller !== undefined) {
        return options.built.createContext({ ...socketCaller, ip, sessionCookie: noCookies });
      }
      const jar = createSessionCookieJar(options.secureCookies);
      jars.set(request, jar);
      const viewer = await options.authenticate(request.headers, ip, jar);
      return options.built.createContext({
        viewer,
        ip,
        userAgent: request.headers.get("user-agent"),
        sessionCookie: jar,
      });
    },
  });
}
