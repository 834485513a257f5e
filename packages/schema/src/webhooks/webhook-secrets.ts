import { randomBytes } from "node:crypto";
import { createSecretBox, type SecretBox } from "../identity/secret-box.ts";

/** Endpoint signing secrets are sealed with a key of their own, bound to the endpoint's id. */
export function webhookSecretBox(serverSecret: string): SecretBox {
  return createSecretBox(serverSecret, "keyward/webhook-secret");
}

export const webhookSecretContext = (endpointId: string) => `webhook-endpoint:${endpointId}`;

/** A new signing secret: `whsec_` + 32 random bytes (base64url). Shown once, stored sealed. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export function openWebhookSecret(box: SecretBox, endpointId: string, sealed: string): string {
  return Buffer.from(box.open(sealed, webhookSecretContext(endpointId))).toString("utf8");
}
