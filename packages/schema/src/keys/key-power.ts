import type { Environment, Permission } from "../generated/prisma/enums.ts";

/** ADMIN implies every other permission; the others stand alone. */
export function grantsPermission(held: Iterable<Permission>, wanted: Permission): boolean {
  for (const permission of held) if (permission === wanted || permission === "ADMIN") return true;
  return false;
}

/** Execute and Admin keys can act; minting them needs a step-up (MFA-verified) session. */
export function needsStepUp(permissions: readonly Permission[]): boolean {
  return permissions.includes("EXECUTE") || permissions.includes("ADMIN");
}

export interface KeyPower {
  permissions: readonly Permission[];
  scopes: readonly string[];
  environment: Environment;
  expiresAt: Date | null;
  workspaceIds: readonly string[];
}

/**
 * What the requested key would have that the minting key lacks (empty when it is no more
 * powerful). A key can never create a key with more power than itself.
 */
export function excessPower(minting: KeyPower, requested: KeyPower): string[] {
  const excess: string[] = [];
  for (const permission of requested.permissions) {
    if (!grantsPermission(minting.permissions, permission)) excess.push(`permission ${permission}`);
  }
  for (const scope of requested.scopes) if (!minting.scopes.includes(scope)) excess.push(`scope ${scope}`);
  if (requested.environment !== minting.environment) excess.push(`environment ${requested.environment}`);
  if (minting.expiresAt && (!requested.expiresAt || requested.expiresAt > minting.expiresAt)) {
    excess.push("an expiry later than the minting key's");
  }
  for (const workspace of requested.workspaceIds) {
    if (!minting.workspaceIds.includes(workspace)) excess.push(`workspace ${workspace}`);
  }
  return excess;
}
