import { scopeMapsBy } from "../../graphql/scope-maps.ts";
import { keyAuditorRoles, peopleAdminRoles } from "../../identity/roles.ts";

// DESIGN §7: who may read which fields of an ApiKey. Every rule also requires the caller's
// account (the type-level rule), so another account's key is never readable.
type KeyRow = { accountId: string; ownerId: string };

/** id, name, status, dates, permissions…; usage: admins, billing_admin, the owner, the owner's key with Read. */
export const metadataReaders = (key: KeyRow) => metadataReadersOf(`${key.accountId} ${key.ownerId}`);

// One map per account and owner (ids never contain a space).
const metadataReadersOf = scopeMapsBy((accountAndOwner) => {
  const [accountId = "", ownerId = ""] = accountAndOwner.split(" ");
  return { $all: { account: accountId, $any: { roles: keyAuditorRoles, self: ownerId } } };
});

/** owner, createdBy, ipAllowlist, workspaces, purpose, rateLimit, causes: not billing_admin. */
export const detailReaders = (key: KeyRow) => detailReadersOf(key.ownerId);

const detailReadersOf = scopeMapsBy((ownerId) => ({ $any: { roles: peopleAdminRoles, self: ownerId } }));

/** revokedBy (the operator): super_admin and user_admin only. */
export const operatorReaders = { roles: peopleAdminRoles };
