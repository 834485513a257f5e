import type { Environment } from "../format/labels.ts";

/**
 * The approval rule (seed 004, DESIGN §8): a key is auto-issued unless the tool requires approval
 * and the environment is production, in which case it waits for an admin.
 */
export function needsApproval(tool: { requiresApproval: boolean }, environment: Environment): boolean {
  return tool.requiresApproval && environment === "PRODUCTION";
}

/** The request drawer's submit label says which path the request takes. */
export function submitLabelFor(tool: { requiresApproval: boolean }, environment: Environment): string {
  return needsApproval(tool, environment) ? "Submit request" : "Issue key";
}
