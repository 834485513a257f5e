import type { ExecutionResult } from "graphql";
import { fromGlobalId, toGlobalId } from "graphql-relay";
import type { PrismaClient } from "../../generated/prisma/client.ts";
import { dataOf } from "../../test-support/index.ts";

export const keyFields = `id name status environment permissions scopes module displayHint expiresAt`;

export const requestDocument = `mutation($input: RequestApiKeyInput!) {
  requestApiKey(input: $input) {
    __typename
    ... on KeyRequestPayload { issued token warnings apiKey { ${keyFields} purpose tool { slug } } }
    ... on KeywardError { code message }
  }
}`;

export const approveDocument = `mutation($id: ID!) {
  approveKeyRequest(input: { id: $id }) {
    __typename
    ... on KeyRequestReviewPayload { apiKey { id status reviewedAt reviewedBy { id } } }
    ... on KeywardError { code message }
  }
}`;

export const rejectDocument = `mutation($id: ID!, $reason: String!) {
  rejectKeyRequest(input: { id: $id, reason: $reason }) {
    __typename
    ... on KeyRequestReviewPayload { apiKey { id status rejectionReason } }
    ... on KeywardError { code message }
  }
}`;

export const claimDocument = `mutation($id: ID!) {
  claimApiKey(input: { id: $id }) {
    __typename
    ... on IssuedApiKey { token apiKey { ${keyFields} claimedAt } }
    ... on KeywardError { code message }
  }
}`;

type Payload = Record<string, unknown> & { __typename?: string; code?: string };

/** The payload of a single-mutation result. */
export const payloadOf = (result: ExecutionResult, field: string): Payload =>
  dataOf<Payload | undefined>(result, field) ?? {};

export const keyId = (id: string) => toGlobalId("ApiKey", id);
/** The database id of the key in a payload's `apiKey`. */
export const rawKeyIdOf = (payload: Record<string, unknown>) =>
  fromGlobalId(String((payload.apiKey as { id: string }).id)).id;
export const toolId = (id: string) => toGlobalId("Tool", id);

/** A gated tool (production needs approval) and an open one, in the account's catalogue. */
export async function seedTools(prisma: PrismaClient, accountId: string) {
  const gated = await prisma.tool.create({
    data: { accountId, slug: "openai", displayName: "OpenAI", requiresApproval: true },
  });
  const open = await prisma.tool.create({
    data: { accountId, slug: "github", displayName: "GitHub", requiresApproval: false },
  });
  return { gated, open };
}
