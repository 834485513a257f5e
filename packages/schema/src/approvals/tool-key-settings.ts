import { parseInput } from "../errors/parse-input.ts";
import type { Environment } from "../generated/prisma/enums.ts";
import type { Actor } from "../identity/viewer.ts";
import {
  checkIssueRules,
  checkKeyPrincipalPower,
  type PolicyLimits,
  resolveExpiry,
} from "../keys/create-api-key.ts";
import { createKeyInput, type ValidCreateKeyInput } from "../keys/key-input.ts";
import { requestedKeyDefaults, requestedKeyExpiry } from "./request-defaults.ts";

export interface ToolKeySource {
  name: string;
  environment: Environment;
  ipAllowlist: readonly string[];
  purpose: string | null;
}

/**
 * The settings of a tool key, held to every rule of the create form and the account's policy
 * (checked at request time and again at claim, when the secret is minted).
 */
export function checkedToolKeySettings(
  actor: Actor,
  source: ToolKeySource,
  now: Date,
  policy: PolicyLimits,
): { settings: ValidCreateKeyInput; expiresAt: Date | null } {
  const settings = parseInput(createKeyInput, {
    name: source.name,
    module: requestedKeyDefaults.module,
    permissions: [...requestedKeyDefaults.permissions],
    scopes: [...requestedKeyDefaults.scopes],
    environment: source.environment,
    expiresAt: requestedKeyExpiry(now, policy),
    ipAllowlist: [...source.ipAllowlist],
    purpose: source.purpose,
  });
  const expiresAt = resolveExpiry(settings, now, policy);
  checkIssueRules(actor, settings, policy);
  checkKeyPrincipalPower(actor, settings, expiresAt);
  return { settings, expiresAt };
}
