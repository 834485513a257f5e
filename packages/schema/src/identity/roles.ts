import type { Role } from "../generated/prisma/enums.ts";

/** Roles that reach the Admin surfaces (everything but `USER`). */
export const adminRoles: Role[] = [
  "SUPER_ADMIN",
  "USER_ADMIN",
  "BILLING_ADMIN",
  "MODEL_ADMIN",
  "PROVIDER_ADMIN",
  "MCP_ADMIN",
];

/** Roles that manage people and every key (DESIGN §7: super_admin, user_admin). */
export const peopleAdminRoles: Role[] = ["SUPER_ADMIN", "USER_ADMIN"];

/** Roles that see key metadata and usage platform-wide, without ownership details. */
export const keyAuditorRoles: Role[] = ["SUPER_ADMIN", "USER_ADMIN", "BILLING_ADMIN"];

/** Roles that manage the tool catalogue. */
export const catalogueAdminRoles: Role[] = ["SUPER_ADMIN", "PROVIDER_ADMIN"];
