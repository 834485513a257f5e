import type { Server } from "node:http";
import type { Clock, Viewer } from "@keyward/schema";
import type { Database } from "@keyward/schema/database";
import type { createKeywardYoga } from "../graphql/create-yoga.ts";
import type { ClientAddressOf } from "../http/client-address.ts";
import type { Logger } from "../logger.ts";
import { attachGraphQLWs } from "./graphql-ws-server.ts";
import { createLiveConnections, type LiveConnections } from "./live-connections.ts";
import type { ScaleOutBus } from "./scale-out-bus.ts";

export interface LiveOptions {
  server: Server;
  yoga: ReturnType<typeof createKeywardYoga>;
  authenticate(headers: Headers, ip: string | null): Viewer | null | Promise<Viewer | null>;
  events: ScaleOutBus;
  database: Database;
  clock: Clock;
  origin: string;
  production: boolean;
  logger: Logger;
  clientAddress: ClientAddressOf;
  /** Called when events between instances resume after a Redis outage (events were missed). */
  onResync?: () => void;
}

export interface Live {
  connections: LiveConnections;
  /** Open graphql-ws sockets. */
  readonly sockets: number;
  /** Refuses new sockets and closes the open ones. */
  close(): Promise<void>;
}

/** graphql-ws on the server, with sockets closed when their principal ends on any instance. */
export function attachLive(options: LiveOptions): Live {
  const { events, logger } = options;
  const connections = createLiveConnections({
    events,
    prisma: options.database.prisma,
    clock: options.clock,
    logger,
  });
  const ws = attachGraphQLWs({
    server: options.server,
    yoga: options.yoga,
    authenticate: options.authenticate,
    origin: options.origin,
    production: options.production,
    connections,
    logger,
    clientAddress: options.clientAddress,
  });
  // Sign-outs and revocations published while Redis was away never arrived: re-check every socket.
  const stopResync = events.onResync(() => {
    void connections.revalidate();
    options.onResync?.();
  });
  return {
    connections,
    get sockets() {
      return ws.sockets;
    },
    async close() {
      stopResync();
      connections.close();
      await ws.close();
    },
  };
}
