import type { App } from "../../src/app.ts";
import { graphqlWithCookie } from "./identity-fixtures.ts";
import { type LiveSubscription, type openLiveClient, startedSubscriptions } from "./live-client.ts";
import { waitFor } from "./wait-for.ts";

/** Relay global id of a row. */
export const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString("base64");

export const KEY_UPDATES = `subscription { apiKeyUpdates { change status keyId key { name } } }`;
export const KEY_ACTIVITY = `subscription ($filter: KeyActivityFilter) {
  keyActivity(filter: $filter) { action result keyId }
}`;
export const AUTH_FAILURES = `subscription { authFailures { kind code keyId } }`;
export const REQUEST_UPDATES = `subscription { keyRequestUpdates { change status keyId } }`;
export const USER_UPDATES = `subscription { userUpdates { change role status profileId } }`;

/**
 * Subscribes and waits until the instance runs the subscription (so nothing published afterwards
 * can be missed).
 */
export async function listen(
  app: App,
  client: ReturnType<typeof openLiveClient>,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<LiveSubscription> {
  const before = await startedSubscriptions(app);
  const subscription = client.subscribe(query, variables);
  await waitFor(
    async () => (await startedSubscriptions(app)) > before || subscription.errors.length > 0,
    "the subscription to start",
  );
  if (subscription.errors.length > 0) throw new Error(JSON.stringify(subscription.errors));
  return subscription;
}

const CREATE_KEY = `mutation ($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    __typename
    ... on IssuedApiKey { token apiKey { id name } }
    ... on KeywardError { code message }
  }
}`;

/** Creates a development key through the API as the cookie's owner (the real publisher). */
export async function createKeyOverHttp(url: string, cookie: string, name: string) {
  const { body } = await graphqlWithCookie(url, cookie, CREATE_KEY, {
    input: { name, module: "AGENTS_EXECUTION", permissions: ["READ"], environment: "DEVELOPMENT" },
  });
  const payload = body.data?.createApiKey as { __typename: string; apiKey?: { id: string }; token?: string };
  if (payload?.__typename !== "IssuedApiKey" || !payload.apiKey || !payload.token) {
    throw new Error(`createApiKey failed: ${JSON.stringify(body)}`);
  }
  return { id: payload.apiKey.id, token: payload.token };
}

const REVOKE_KEY = `mutation ($input: RevokeApiKeyInput!) {
  revokeApiKey(input: $input) { __typename ... on KeywardError { code message } }
}`;

/** Revokes a key through the API (`id` is the global id). */
export async function revokeKeyOverHttp(url: string, cookie: string, id: string) {
  const { body } = await graphqlWithCookie(url, cookie, REVOKE_KEY, { input: { id, cause: "LEAKED" } });
  const payload = body.data?.revokeApiKey as { __typename: string } | undefined;
  if (payload?.__typename !== "ApiKeyPayload")
    throw new Error(`revokeApiKey failed: ${JSON.stringify(body)}`);
}
