import type { SignedInViewer } from "../../src/identity/viewer-query.ts";

// Fixture builders: plain objects shaped like the schema's types, with `__typename` so unions,
// interfaces and graphcache's normalisation work as they do against the real API.

export function viewerFixture(overrides: Partial<SignedInViewer> = {}): SignedInViewer & {
  __typename: "Viewer";
  alerts: () => ReturnType<typeof connection>;
} {
  return {
    __typename: "Viewer",
    // Alerts about the viewer's own keys (none unless a test says otherwise).
    alerts: () => connection([]),
    id: "UHJvZmlsZTp1MQ==",
    role: "USER",
    mfaVerified: false,
    mfaPending: false,
    profile: {
      id: "UHJvZmlsZTp1MQ==",
      displayName: "Ada Lovelace",
      email: "ada@example.com",
      mfaEnabled: true,
    },
    ...overrides,
  };
}

let sequence = 0;

export function keyFixture(overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    __typename: "ApiKey",
    id: `key-${sequence}`,
    name: `key-${sequence}`,
    displayHint: `kw_dev_ab${sequence}…XyZ123`,
    status: "ACTIVE",
    environment: "DEVELOPMENT",
    module: "AGENTS_EXECUTION",
    permissions: ["READ"],
    scopes: ["runs:write"],
    createdAt: "2025-03-01T10:00:00.000Z",
    expiresAt: "2025-06-01T10:00:00.000Z",
    lastUsedAt: null,
    rotationDueAt: null,
    description: null,
    purpose: null,
    rejectionReason: null,
    revokedAt: null,
    tool: null,
    owner: {
      __typename: "Profile",
      id: "UHJvZmlsZTp1MQ==",
      displayName: "Ada Lovelace",
      email: "ada@example.com",
      kind: "USER",
    },
    ...overrides,
  };
}

export function toolFixture(overrides: Record<string, unknown> = {}) {
  return {
    __typename: "Tool",
    id: "tool-openai",
    slug: "openai",
    displayName: "OpenAI",
    requiresApproval: true,
    ...overrides,
  };
}

export function connection<Node>(
  nodes: readonly Node[],
  options: { totalCount?: number; hasNextPage?: boolean } = {},
) {
  return {
    totalCount: options.totalCount ?? nodes.length,
    edges: nodes.map((node, index) => ({ cursor: `cursor-${index}`, node })),
    pageInfo: {
      hasNextPage: options.hasNextPage ?? false,
      hasPreviousPage: false,
      startCursor: nodes.length > 0 ? "cursor-0" : null,
      endCursor: nodes.length > 0 ? `cursor-${nodes.length - 1}` : null,
    },
  };
}

/** What the sign-in page asks before anyone signs in: password sign-in only, unless SSO is given. */
export function authConfigFixture(ssoStartUrl: string | null = null) {
  return { __typename: "AuthConfig", passwordSignIn: true, ssoEnabled: ssoStartUrl !== null, ssoStartUrl };
}
