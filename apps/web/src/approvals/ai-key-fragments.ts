import { graphql, type ResultOf } from "../graphql/graphql.ts";

/** A tool key as its requester and the approvers see it. */
export const AiKeyFields = graphql(`
  fragment AiKeyFields on ApiKey {
    id
    name
    displayHint
    status
    environment
    purpose
    rejectionReason
    createdAt
    lastUsedAt
    tool {
      id
      slug
      displayName
      requiresApproval
    }
  }
`);

export type AiKey = ResultOf<typeof AiKeyFields>;

export const ToolFields = graphql(`
  fragment ToolFields on Tool {
    id
    slug
    displayName
    requiresApproval
  }
`);

export type ToolData = ResultOf<typeof ToolFields>;
