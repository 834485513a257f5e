export { enqueueWebhookEvent, type WebhookPayload, webhookEventId } from "./enqueue-webhook-event.ts";
export {
  createWebhookDispatcher,
  retryDelayMs,
  type WebhookDispatcher,
  type WebhookDispatcherOptions,
} from "./webhook-dispatcher.ts";
export { createWebhookEndpoint, deleteWebhookEndpoint, MAX_WEBHOOK_ENDPOINTS } from "./webhook-endpoints.ts";
export { type WebhookEventType, webhookEventTypes } from "./webhook-event-types.ts";
export {
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  SIGNATURE_HEADER,
  signWebhook,
  verifyWebhookSignature,
} from "./webhook-signature.ts";
export { subscribeWebhookEvents, type WebhookSubscriber } from "./webhook-subscriber.ts";
export { createWebhooks, type Webhooks, type WebhooksOptions } from "./webhooks.ts";
