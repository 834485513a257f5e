import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import {
  buildSchema,
  createLeakReporter,
  createLeakReportLimiter,
  createWebhooks,
  systemClock,
} from "@keyward/schema";
import { type Database, openDatabase, plainSqlOf, type StatementListener } from "@keyward/schema/database";
import { createBearerViewerResolver } from "./auth/bearer-viewer.ts";
import { composeViewerResolvers } from "./auth/resolve-viewer.ts";
import { createSessionViewerResolver } from "./auth/session-viewer.ts";
import type { Config } from "./env.ts";
import { createExportDownloadRoute } from "./exports/export-download-route.ts";
import { createKeywardYoga } from "./graphql/create-yoga.ts";
import { bodyTooLarge, GRAPHQL_BODY_LIMIT } from "./http/body-limit.ts";
import { createClientAddress } from "./http/client-address.ts";
import { createHealthRoutes } from "./http/health-routes.ts";
import { sendJson } from "./http/send-json.ts";
import { createSpaHandler } from "./http/spa-files.ts";
import { createLeakReportRoute } from "./leaks/leak-report-route.ts";
import { attachLive, type Live } from "./live/attach-live.ts";
import { createScaleOut } from "./live/scale-out.ts";
import type { ScaleOutBus } from "./live/scale-out-bus.ts";
import { sharedLimits } from "./live/shared-limits.ts";
import { createLogger, type Logger } from "./logger.ts";
import { logDomainEvents } from "./logging/log-domain-events.ts";
import { createMetrics, type KeywardMetrics } from "./metrics/keyward-metrics.ts";
import { createMetricsRoute, METRICS_PATH } from "./metrics/metrics-route.ts";
import { type PolicyRuntime, startPolicyRuntime } from "./policy/start-policy-runtime.ts";
import { seedOnFirstBoot } from "./seed-on-first-boot.ts";
import { createSsoRoutes } from "./sso/sso-routes.ts";
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
  /** Domain events: in process, or shared with every instance through Redis (REDIS_URL). */
  events: ScaleOutBus;
  /** graphql-ws sockets of this instance. */
  live: Live;
  metrics: KeywardMetrics;
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
  /** Sees every SQL statement sent (benchmarks count statements per request). */
  onSqlStatement?: StatementListener;
  /**
   * How long after start the scheduled policy jobs first run (default 10 s). Benchmarks hold
   * them off: on a fresh instance the first run scans every key, work an instance does once an
   * hour, not per request.
   */
  policyJobsDelayMs?: number;
}

/** Builds the whole server from its configuration (process concerns live in main.ts). */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel, config.instanceId);
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: path.join(config.dataDir, "pgdata"),
    migrationLog: (message, details) => logger.info(details ?? {}, message),
    onStatement: options.onSqlStatement,
  });
  logger.info({ engine: database.engine }, "database ready");
  await seedOnFirstBoot(database, config, logger);

  const scaleOut = await createScaleOut({ redisUrl: config.redisUrl, instanceId: config.instanceId, logger });
  const events = scaleOut.events;
  const stopEventLog = logDomainEvents(events, logger);
  const limits = sharedLimits(scaleOut.redis);
  const built = buildSchema({
    prisma: database.prisma,
    events,
    clock: systemClock,
    config: { secret: config.secret, production: config.production, ssoEnabled: config.oidc !== null },
    signInLimiter: limits.signInLimiter,
    totpLimiter: limits.totpLimiter,
  });
  const verification = createVerificationServices(
    { database, events, clock: systemClock },
    { keyRateLimiter: limits.keyRateLimiter, ...options.verification },
  );
  let live: Live | undefined;
  const metrics = createMetrics({
    bus: events,
    sockets: () => live?.sockets ?? 0,
    verification: () => verification.stats(),
  });
  const clientAddress = createClientAddress(config.trustedProxies);
  const verifyRoute = createVerifyRoute({
    verifier: {
      verify: async (request) => {
        const started = performance.now();
        const result = await verification.verifier.verify(request);
        metrics.recordVerify(result.code, (performance.now() - started) / 1000);
        return result;
      },
      authenticate: verification.verifier.authenticate,
    },
    unknownKeys: verification.unknownKeys,
    logger,
    clientAddress,
  });
  const authenticate = composeViewerResolvers({
    bearer: createBearerViewerResolver({
      verifier: verification.verifier,
      profiles: plainSqlOf(database),
      unknownKeys: verification.unknownKeys,
    }),
    session: createSessionViewerResolver({
      prisma: database.prisma,
      sessionReads: plainSqlOf(database),
      clock: systemClock,
      events,
    }),
  });
  const secureCookies = !/^http:\/\/(localhost|127\.0\.0\.1)(:|$)/.test(config.origin);
  const yoga = createKeywardYoga({
    built,
    logger,
    production: config.production,
    secureCookies,
    origin: config.origin,
    authenticate,
    clientAddress,
    hardening: options.graphqlHardening ?? true,
    plugins: [metrics.subscriptionsPlugin],
  });
  const metricsRoute = createMetricsRoute(metrics, logger);
  const health = createHealthRoutes(database);
  const exportDownloads = createExportDownloadRoute({
    prisma: database.prisma,
    clock: systemClock,
    secret: config.secret,
    logger,
  });
  const leakReports = createLeakReportRoute({
    reporter: createLeakReporter({ prisma: database.prisma, clock: systemClock, events }),
    limiter: createLeakReportLimiter(),
    logger,
    clientAddress,
  });
  const webhooks = createWebhooks({
    prisma: database.prisma,
    clock: systemClock,
    events,
    secret: config.secret,
    log: (level, message, details) => logger[level](details, message),
  });
  const sso = createSsoRoutes({
    oidc: config.oidc,
    secret: config.secret,
    secureCookies,
    prisma: database.prisma,
    events,
    clock: systemClock,
    logger,
    clientAddress,
  });
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
      // No extra server context: yoga's adapter would merge it into its own with property
      // descriptors on every request. The context reads the client address from `req`.
      void yoga(request, response);
      return;
    }
    if (pathname === METRICS_PATH) {
      void metricsRoute(request.method, response);
      return;
    }
    if (health.handles(pathname)) {
      void health.handle(pathname, response);
      return;
    }
    const exportId = exportDownloads.match(pathname);
    if (exportId) {
      const query = url.includes("?") ? url.slice(url.indexOf("?") + 1) : "";
      void exportDownloads.handle(request, response, exportId, new URLSearchParams(query));
      return;
    }
    if (pathname === leakReports.path) {
      void leakReports.handle(request, response);
      return;
    }
    if (sso.handles(pathname)) {
      void sso.handle(request, response, pathname);
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
  live = attachLive({
    server,
    yoga,
    authenticate,
    events,
    database,
    clock: systemClock,
    origin: config.origin,
    production: config.production,
    logger,
    clientAddress,
    // Invalidations published while Redis was away never arrived: trust no cached key record.
    onResync: () => verification.cache.clear(),
  });
  let stopping: Promise<void> | undefined;
  let policy: PolicyRuntime | undefined;

  return {
    server,
    database,
    logger,
    events,
    live,
    metrics,
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
            jobsDelayMs: options.policyJobsDelayMs,
          });
          webhooks.start();
          resolve(`http://localhost:${port}`);
        });
      });
    },
    stop() {
      stopping ??= (async () => {
        health.markStopping();
        await live?.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        // Every buffered KeyEvent/rollup is written while the database is still open.
        await verification.close();
        // After the flush: live detection sees the last activity before it stops.
        await policy?.stop();
        // The alerts and key changes published above still become deliveries.
        await webhooks.stop();
        stopEventLog();
        await scaleOut.close();
        await database.close();
        logger.info("stopped");
      })();
      return stopping;
    },
  };
}
