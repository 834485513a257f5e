import type { ServerResponse } from "node:http";
import type { Logger } from "../logger.ts";
import type { KeywardMetrics } from "./keyward-metrics.ts";

export const METRICS_PATH = "/metrics";

/** GET /metrics: the Prometheus text format (no labels carry user data or secrets). */
export function createMetricsRoute(metrics: KeywardMetrics, logger: Logger) {
  return async (method: string | undefined, response: ServerResponse): Promise<void> => {
    if (method !== "GET" && method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    try {
      const { contentType, body } = await metrics.render();
      response.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
      response.end(method === "HEAD" ? undefined : body);
    } catch (error) {
      logger.error({ err: error }, "metrics could not be collected");
      response.writeHead(500).end();
    }
  };
}
