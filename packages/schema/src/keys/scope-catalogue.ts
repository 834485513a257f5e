/** The scopes a key can carry (seed 000: start narrow with `runs:write`, widen when needed). */
export const scopeCatalogue = [
  { scope: "runs:write", description: "Queue runs (the recommended first scope)" },
  { scope: "runs:manage", description: "Replay and cancel runs" },
  { scope: "approvals:write", description: "Answer approval requests" },
  { scope: "a2a:write", description: "Send and cancel agent-to-agent messages" },
  { scope: "mcp:call", description: "Call MCP servers" },
  { scope: "keys:verify", description: "Verify presented keys (gateways)" },
  { scope: "keys:read", description: "Read key metadata" },
  { scope: "usage:read", description: "Read usage analytics" },
  { scope: "audit:read", description: "Read the audit log" },
] as const;

export type Scope = (typeof scopeCatalogue)[number]["scope"];

export const knownScopes: ReadonlySet<string> = new Set(scopeCatalogue.map((entry) => entry.scope));

/** The scope a first key in a workspace should start with. */
export const recommendedFirstScope: Scope = "runs:write";
