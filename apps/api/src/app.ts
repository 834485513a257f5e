import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { buildSchema, createInProcessEventBus, systemClock } from "@keyward/schema";
import { type Database, openDatabase } from "@keyward/schema/database";
import { createBearerViewerResolver } from "./auth/bearer-viewer.ts";
import { composeViewerResolvers } from "./auth/resolve-viewer.ts";
import { createSessionViewerResolver } from "./auth/session-viewer.ts";
import type { Config } from "./env.ts";
import { createKeywardYoga } from "./graphql/create-yoga.ts";
import { bodyTooLarge, GRAPHQL_BODY_LIMIT } from "./http/body-limit.ts";
import { createHealthRoutes } from "./http/health-routes.ts";
import { sendJson } from "./http/send-json.ts";
import { createSpaHandler } from "./http/spa-files.ts";
import { createLogger, type Logger } from "./logger.ts";
import { type PolicyRuntime, startPolicyRuntime } from "./policy/start-policy-runtime.ts";
import { seedOnFirstBoot } from "./seed-on-first-boot.ts";
import {
  createVerificationServices,
  type VerificationOptions,
  type VerificationServices,
} from "./verification/verification-services.ts";
import { createVerifyRoute, VERIFY_PATH } from "./verification/verify-route.ts";

export interface App {
  server: Server;
  database: Database;
  logger: Logger;
  /** Verifier, key cache, limiters and activity writer; `verification.stats()` feeds /metrics. */
  verification: VerificationServices;
  /** Listens on the configured port; resolves with the base URL. */
  start(): Promise<string>;
  /** Stops accepting, finishes in-flight work, flushes buffers, closes connections. */
  stop(): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
  /** GraphQL document limits, CSRF and introspection policy (default on; off only for benchmarks). */
  graphqlHardening?: boolean;
  /** Verification tuning; `verification.keyRateLimiter` takes a Redis-backed limiter for several instances. */
  verification?: VerificationOptions;
}

/** Builds the whole server from its configuration (process concerns live in main.ts). */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel, config.instanceId);
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: path.join(config.dataDir, "pgdata"),
    migrationLog: (message, details) => logger.info(details ?? {}, message),
  });
  logger.info({ engine: database.engine }, "database ready");
  await seedOnFirstBoot(database, config, logger);

  const events = createInProcessEventBus();
  const built = buildSchema({
    prisma: database.prisma,
    events,
    clock: systemClock,
    config: { secret: config.secret, production: config.production },
  });
  const verification = createVerificationServices(
    { database, events, clock: systemClock },
    options.verification,
  );
  const verifyRoute = createVerifyRoute({
    verifier: verification.verifier,
    unknownKeys: verification.unknownKeys,
    logger,
  });
  const authenticate = composeViewerResolvers({
    bearer: createBearerViewerResolver({
      verifier: verification.verifier,
      prisma: database.prisma,
      unknownKeys: verification.unknownKeys,
    }),
    session: createSessionViewerResolver({ prisma: database.prisma, clock: systemClock, events }),
  });
  const yoga = createKeywardYoga({
    built,
    logger,
    production: config.production,
    secureCookies: !/^http:\/\/(localhost|127\.0\.0\.1)(:|$)/.test(config.origin),
    authenticate,
    hardening: options.graphqlHardening ?? true,
  });
  const health = createHealthRoutes(database);
  const spa = createSpaHandler(config.webDist);
  if (!spa) logger.warn({ webDist: config.webDist }, "SPA build not found: only the API is served");

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? "/";
    const pathname = url.split("?", 1)[0] ?? "/";
    if (pathname === VERIFY_PATH) {
      verifyRoute(request, response);
      return;
    }
    if (pathname === "/graphql") {
      if (bodyTooLarge(request, GRAPHQL_BODY_LIMIT)) {
        sendJson(response, 413, {
          errors: [{ message: "Request body too large", extensions: { code: "PAYLOAD_TOO_LARGE" } }],
        });
        return;
      }
      void yoga(request, response, { ip: request.socket.remoteAddress ?? null });
      return;
    }
    if (health.handles(pathname)) {
      void health.handle(pathname, response);
      return;
    }
    if (pathname.startsWith("/v1/")) {
      sendJson(response, 404, { error: { code: "NOT_FOUND", message: `No route ${pathname}` } });
      return;
    }
    if (spa) spa(request, response, () => sendJson(response, 404, { error: { code: "NOT_FOUND" } }));
    else sendJson(response, 404, { error: { code: "NOT_FOUND", message: "SPA not built" } });
  };

  const server = createServer({ keepAliveTimeout: 65_000 }, handle);
  let stopping: Promise<void> | undefined;
  let policy: PolicyRuntime | undefined;

  return {
    server,
    database,
    logger,
    verification,
    start() {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.port, config.host, () => {
          const { port } = server.address() as AddressInfo;
          policy ??= startPolicyRuntime({
            database,
            events,
            clock: systemClock,
            logger,
            instanceId: config.instanceId,
          });
          resolve(`http://localhost:${port}`);
        });
      });
    },
    stop() {
      stopping ??= (async () => {
        health.markStopping();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        // Every buffered KeyEvent/rollup is written while the database is still open.
        await verification.close();
        // After the flush: live detection sees the last activity before it stops.
        await policy?.stop();
        await database.close();
        logger.info("stopped");
      })();
      return stopping;
    },
  };
}
