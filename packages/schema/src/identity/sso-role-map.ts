import { Role } from "../generated/prisma/enums.ts";

/**
 * Claim value → role, in the order the operator listed them: when a user's claim holds several
 * mapped values (e.g. two groups), the entry listed first wins.
 */
export interface SsoRoleMap {
  readonly entries: ReadonlyArray<{ readonly claimValue: string; readonly role: Role }>;
}

export class SsoRoleMapError extends Error {
  override name = "SsoRoleMapError";
}

const roles = Object.values(Role);

/**
 * Parses `claim-value=ROLE,other=ROLE` (roles in any case: `billing_admin` or `BILLING_ADMIN`).
 * An empty text maps nothing (every SSO user is a USER). Throws SsoRoleMapError saying which
 * entry is wrong and why.
 */
export function parseSsoRoleMap(text: string): SsoRoleMap {
  const entries: Array<{ claimValue: string; role: Role }> = [];
  const parts = text.split(",").map((part) => part.trim());
  if (parts.length === 1 && parts[0] === "") return { entries };
  for (const [index, part] of parts.entries()) {
    const position = `entry ${index + 1}`;
    if (part === "") throw new SsoRoleMapError(`${position} is empty (remove the extra comma)`);
    // The last "=" separates the role, so claim values may themselves contain "=".
    const separator = part.lastIndexOf("=");
    if (separator < 0) {
      throw new SsoRoleMapError(`${position} "${part}" has no "=": write claim-value=ROLE`);
    }
    const claimValue = part.slice(0, separator).trim();
    const roleName = part.slice(separator + 1).trim();
    if (claimValue === "") throw new SsoRoleMapError(`${position} "${part}" has no claim value before "="`);
    const role = roles.find((candidate) => candidate === roleName.toUpperCase());
    if (role === undefined) {
      throw new SsoRoleMapError(
        `${position} "${part}": unknown role "${roleName}" (use one of ${roles.join(", ")})`,
      );
    }
    const earlier = entries.find((entry) => entry.claimValue === claimValue);
    if (earlier !== undefined && earlier.role !== role) {
      throw new SsoRoleMapError(
        `${position} maps "${claimValue}" to ${role} but an earlier entry maps it to ${earlier.role}`,
      );
    }
    if (earlier === undefined) entries.push({ claimValue, role });
  }
  return { entries };
}

/**
 * Reads the role claim from ID-token claims: the claim named exactly `claimName` (names such as
 * `https://example.com/roles` contain dots), else a dotted path into nested objects
 * (`realm_access.roles`). Returns its string values; absent or non-string values give none.
 */
export function roleClaimValues(claims: Readonly<Record<string, unknown>>, claimName: string): string[] {
  let value: unknown = claims[claimName];
  if (value === undefined && claimName.includes(".")) {
    value = claimName.split(".").reduce<unknown>((current, segment) => {
      if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
      return (current as Record<string, unknown>)[segment];
    }, claims);
  }
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return [];
}

/** The role for a user's claim values: the first matching map entry, else USER. */
export function resolveSsoRole(map: SsoRoleMap, claimValues: readonly string[]): Role {
  const present = new Set(claimValues);
  return map.entries.find((entry) => present.has(entry.claimValue))?.role ?? "USER";
}
