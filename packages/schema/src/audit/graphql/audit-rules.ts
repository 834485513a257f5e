import { keyAuditorRoles, peopleAdminRoles } from "../../identity/roles.ts";

/*
 * Who sees what of the audit surfaces (always within the caller's own account):
 * - super_admin, user_admin: everything — events with actor, IP, cause and data; receipts with
 *   their creator and download links; exports; webhooks.
 * - billing_admin: what happened, to what and when (action, target, time, chain hashes), the
 *   chain status and the receipts, but not who did it or why (as for keys, DESIGN §7), and no exports.
 * - every other role and key principals without ADMIN: nothing.
 */

/** Audit metadata, chain status, export receipts. */
export const auditReaders = (accountId: string) => ({ $all: { account: accountId, roles: keyAuditorRoles } });

/** Who did it, from where, why; exports and their download links. */
export const auditDetailReaders = { roles: peopleAdminRoles };
