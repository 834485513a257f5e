import type { Role } from "../format/labels.ts";

/** Roles that reach the Admin surface; `USER` reaches the Console only (DESIGN §4). */
const adminRoles: ReadonlySet<Role> = new Set([
  "SUPER_ADMIN",
  "USER_ADMIN",
  "BILLING_ADMIN",
  "MODEL_ADMIN",
  "PROVIDER_ADMIN",
  "MCP_ADMIN",
]);

/** Roles that manage people and every key (DESIGN §7). */
const peopleAdminRoles: ReadonlySet<Role> = new Set(["SUPER_ADMIN", "USER_ADMIN"]);

/** Whether a role sees the Admin surface. The API enforces access either way. */
export function isAdminRole(role: Role | null | undefined): boolean {
  return role ? adminRoles.has(role) : false;
}

/** Whether a role may manage users and revoke anyone's keys. */
export function isPeopleAdminRole(role: Role | null | undefined): boolean {
  return role ? peopleAdminRoles.has(role) : false;
}
