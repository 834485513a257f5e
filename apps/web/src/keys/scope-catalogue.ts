/**
 * The scopes a key can carry, as the API's catalogue defines them (packages/schema keys/
 * scope-catalogue.ts). Start narrow with `runs:write` and widen only for a real workflow (seed 000).
 */
export const scopeCatalogue = [
  { scope: "runs:write", description: "Queue runs (the recommended first scope)" },
  { scope: "runs:manage", description: "Replay and cancel runs" },
  { scope: "approvals:write", description: "Answer approval requests" },
  { scope: "a2a:write", description: "Send and cancel agent-to-agent messages" },
  { scope: "mcp:call", description: "Call MCP servers" },
  { scope: "keys:verify", description: "Verify presented keys (gateways)" },
] as const;

export const recommendedFirstScope = "runs:write";
