import type { PrismaClient } from "../generated/prisma/client.ts";
import type { Clock } from "../runtime/clock.ts";
import { openWebhookSecret, webhookSecretBox } from "./webhook-secrets.ts";
import { SIGNATURE_HEADER, signWebhook } from "./webhook-signature.ts";

export interface WebhookDispatcherOptions {
  prisma: PrismaClient;
  clock: Clock;
  /** The server secret (opens the endpoints' sealed signing secrets). */
  secret: string;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  /** How often to look for due deliveries (default 1 s); enqueues on this instance wake it at once. */
  pollIntervalMs?: number;
  /** Deliveries claimed per round (default 20). */
  batchSize?: number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Attempts before a delivery is FAILED (default 8). */
  maxAttempts?: number;
  /** Delay after the first failure, doubled per attempt (default 30 s) up to `backoffMaxMs` (default 6 h). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  log?: (level: "info" | "warn" | "error", message: string, details: Record<string, unknown>) => void;
}

export interface WebhookDispatcher {
  /** Claims due deliveries and sends them; resolves with how many were attempted. */
  runOnce(): Promise<number>;
  /** Looks for work now instead of at the next poll. */
  wake(): void;
  start(): void;
  /** Stops polling and waits for the attempts in flight. */
  stop(): Promise<void>;
}

interface Claimed {
  id: string;
}

const MAX_ERROR_LENGTH = 200;

/** The delay before attempt `attempts + 1`, after `attempts` failures. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/** Why an attempt failed, in words that never carry the URL (it may hold a token) or the body. */
function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError" || error.name === "AbortError") return "Timed out";
    const cause = (error as Error & { cause?: { code?: unknown } }).cause;
    if (cause && typeof cause.code === "string") return `Connection failed (${cause.code})`;
    return `Request failed (${error.name})`;
  }
  return "Request failed";
}

/**
 * Sends PENDING deliveries with retries and exponential backoff. Safe on several instances: rows
 * are claimed with `FOR UPDATE SKIP LOCKED` and leased by moving `nextAttemptAt` past the request
 * timeout, so a crashed instance's claims are retried by another after the lease (at least once).
 */
export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const { prisma, clock } = options;
  const send = options.fetch ?? fetch;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const batchSize = options.batchSize ?? 20;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const backoffBaseMs = options.backoffBaseMs ?? 30_000;
  const backoffMaxMs = options.backoffMaxMs ?? 6 * 3_600_000;
  const leaseMs = timeoutMs + 30_000;
  const log = options.log ?? (() => {});
  const box = webhookSecretBox(options.secret);

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = true;

  async function claim(): Promise<string[]> {
    const now = clock.now();
    const rows = await prisma.$queryRaw<Claimed[]>`
      UPDATE "WebhookDelivery" AS d
         SET "attempts" = d."attempts" + 1,
             "nextAttemptAt" = ${new Date(now.getTime() + leaseMs)}::timestamp(3)
       WHERE d."id" IN (
         SELECT "id" FROM "WebhookDelivery"
          WHERE "status" = 'PENDING' AND "nextAttemptAt" <= ${now}::timestamp(3)
          ORDER BY "nextAttemptAt"
          LIMIT ${batchSize}
          FOR UPDATE SKIP LOCKED)
      RETURNING d."id"`;
    return rows.map((row) => row.id);
  }

  async function attempt(id: string): Promise<void> {
    const delivery = await prisma.webhookDelivery.findUnique({ where: { id }, include: { endpoint: true } });
    if (!delivery) return;
    const body = JSON.stringify(delivery.payload);
    const timestamp = Math.floor(clock.now().getTime() / 1000);
    let status: number | null = null;
    let failure: string | null = null;
    try {
      const secret = openWebhookSecret(box, delivery.endpoint.id, delivery.endpoint.secret);
      const response = await send(delivery.endpoint.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Keyward-Webhooks/1",
          [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
          "Keyward-Event": delivery.event,
          "Keyward-Delivery": delivery.id,
        },
        body,
        // A redirect is a failure: following it could send the payload somewhere else.
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      await response.body?.cancel();
      if (status < 200 || status >= 300) failure = `HTTP ${status}`;
    } catch (error) {
      failure = describeFailure(error);
    }
    const now = clock.now();
    if (failure === null) {
      await prisma.webhookDelivery.updateMany({
        where: { id, status: "PENDING" },
        data: { status: "DELIVERED", deliveredAt: now, responseStatus: status, lastError: null },
      });
      return;
    }
    const exhausted = delivery.attempts >= maxAttempts;
    await prisma.webhookDelivery.updateMany({
      where: { id, status: "PENDING" },
      data: {
        status: exhausted ? "FAILED" : "PENDING",
        responseStatus: status,
        lastError: failure.slice(0, MAX_ERROR_LENGTH),
        nextAttemptAt: exhausted
          ? now
          : new Date(now.getTime() + retryDelayMs(delivery.attempts, backoffBaseMs, backoffMaxMs)),
      },
    });
    log(
      exhausted ? "warn" : "info",
      exhausted ? "webhook delivery failed for good" : "webhook delivery failed",
      {
        deliveryId: id,
        endpointId: delivery.endpoint.id,
        attempts: delivery.attempts,
        error: failure,
      },
    );
  }

  async function round(): Promise<number> {
    const ids = await claim();
    await Promise.all(ids.map((id) => attempt(id)));
    return ids.length;
  }

  function schedule(delay: number) {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, delay);
    timer.unref();
  }

  function tick() {
    if (running) {
      again = true;
      return;
    }
    running = round()
      .catch((error: unknown) => {
        log("error", "webhook dispatch round failed", {
          error: error instanceof Error ? error.message : "unknown",
        });
        return 0;
      })
      .finally(() => {
        running = null;
      });
    void running.then((count) => {
      // A full batch suggests more is due: go again at once.
      const more = again || count === batchSize;
      again = false;
      schedule(more ? 0 : pollIntervalMs);
    });
  }

  return {
    async runOnce() {
      return round();
    },
    wake() {
      if (!stopped) schedule(0);
    },
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
