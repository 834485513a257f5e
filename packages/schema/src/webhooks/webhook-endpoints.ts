import { z } from "zod";
import { actorOf } from "../audit/audit-actor.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { DomainError, notFound } from "../errors/index.ts";
import { parseInput } from "../errors/parse-input.ts";
import type { PrismaClient, WebhookEndpoint } from "../generated/prisma/client.ts";
import type { Actor } from "../identity/viewer.ts";
import type { Clock } from "../runtime/clock.ts";
import { webhookEventTypes } from "./webhook-event-types.ts";
import { generateWebhookSecret, webhookSecretBox, webhookSecretContext } from "./webhook-secrets.ts";

export interface WebhookDependencies {
  prisma: PrismaClient;
  clock: Clock;
  config: { secret: string; production: boolean };
}

/** Endpoints per account: enough for every integration, few enough to bound fan-out. */
export const MAX_WEBHOOK_ENDPOINTS = 20;

const createEndpointInput = z.object({
  url: z
    .string()
    .trim()
    .max(2000, "The URL must be at most 2000 characters")
    .pipe(z.url({ protocol: /^https?$/, message: "The URL must be an http(s) URL" }))
    .refine((url) => {
      // Refinements still run after a failed check: an unparsable URL is reported by z.url alone.
      const parsed = URL.canParse(url) ? new URL(url) : null;
      return parsed === null || (parsed.username === "" && parsed.password === "");
    }, "The URL must not contain credentials (use the signature to authenticate Keyward)"),
  events: z
    .array(z.enum(webhookEventTypes, { message: "Unknown event type" }))
    .max(webhookEventTypes.length)
    .default([])
    .transform((events) => [...new Set(events)].sort()),
});

/** Creates an endpoint and returns its signing secret, the only time it is ever shown. */
export async function createWebhookEndpoint(
  deps: WebhookDependencies,
  actor: Actor,
  rawInput: unknown,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const input = parseInput(createEndpointInput, rawInput);
  if (deps.config.production && !input.url.startsWith("https://")) {
    throw new DomainError("VALIDATION_FAILED", "Webhook URLs must use https", [
      { path: "url", message: "Webhook URLs must use https" },
    ]);
  }
  const now = deps.clock.now();
  const secret = generateWebhookSecret();
  const box = webhookSecretBox(deps.config.secret);
  const endpoint = await deps.prisma.$transaction(async (tx) => {
    const existing = await tx.webhookEndpoint.count({ where: { accountId: actor.accountId } });
    if (existing >= MAX_WEBHOOK_ENDPOINTS) {
      throw new DomainError("CONFLICT", `An account has at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints`);
    }
    // The sealed secret is bound to the endpoint's id, which exists only once the row does.
    const created = await tx.webhookEndpoint.create({
      data: {
        accountId: actor.accountId,
        url: input.url,
        events: input.events,
        secret: "",
        createdById: actor.profileId,
        createdAt: now,
      },
    });
    const sealed = await tx.webhookEndpoint.update({
      where: { id: created.id },
      data: { secret: box.seal(Buffer.from(secret, "utf8"), webhookSecretContext(created.id)) },
    });
    await recordAuditEvent(
      tx,
      actorOf(actor, actor.ip),
      {
        action: "webhook.created",
        targetType: "WebhookEndpoint",
        targetId: created.id,
        // The host only: paths and queries of webhook URLs often hold tokens.
        data: { host: new URL(input.url).host, events: input.events },
      },
      now,
    );
    return sealed;
  });
  return { endpoint, secret };
}

/** Deletes an endpoint of the caller's account with its delivery log. */
export async function deleteWebhookEndpoint(
  deps: Pick<WebhookDependencies, "prisma" | "clock">,
  actor: Actor,
  endpointId: string,
): Promise<string> {
  const now = deps.clock.now();
  return deps.prisma.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findFirst({
      where: { id: endpointId, accountId: actor.accountId },
    });
    if (!endpoint) throw notFound("Webhook endpoint");
    await tx.webhookEndpoint.delete({ where: { id: endpoint.id } });
    await recordAuditEvent(
      tx,
      actorOf(actor, actor.ip),
      {
        action: "webhook.deleted",
        targetType: "WebhookEndpoint",
        targetId: endpoint.id,
        data: { host: new URL(endpoint.url).host },
      },
      now,
    );
    return endpoint.id;
  });
}
