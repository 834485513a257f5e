import { builder } from "../../graphql/builder.ts";
import { ofAccount } from "../../graphql/scope-maps.ts";
import { adminRoles, peopleAdminRoles } from "../roles.ts";
import { ProfileKindEnum, ProfileStatusEnum, RoleEnum } from "./identity-enums.ts";

/** The profile itself or an admin of its account. */
const selfOrAdmin = (profile: { id: string }) => ({ $any: { self: profile.id, roles: adminRoles } });

/**
 * A user or service account. Members of the same account see who it is (id, name, kind: the
 * "owner" and "created by" of a key); personal and administrative fields are for the profile
 * itself and the account's admins.
 */
export const ProfileRef = builder.prismaNode("Profile", {
  id: { field: "id" },
  // Another account's id loads as null: "not found", exactly like a missing one.
  nullable: true,
  findUnique: (id, context) => ({ id, accountId: context.viewer?.accountId ?? "" }),
  // Select mode: only the columns a query's fields need; never the password hash or TOTP secret.
  // The name and kind (what every view of a profile shows) come with the row, like ApiKey's.
  select: { id: true, accountId: true, displayName: true, kind: true },
  authScopes: (profile) => ofAccount(profile.accountId),
  fields: (t) => ({
    displayName: t.string({ resolve: (profile) => profile.displayName }),
    kind: t.field({ type: ProfileKindEnum, resolve: (profile) => profile.kind }),
    email: t.exposeString("email", { nullable: true, authScopes: selfOrAdmin }),
    role: t.expose("role", { type: RoleEnum, nullable: true, authScopes: selfOrAdmin }),
    status: t.expose("status", { type: ProfileStatusEnum, nullable: true, authScopes: selfOrAdmin }),
    orgUnit: t.exposeString("orgUnit", { nullable: true, authScopes: selfOrAdmin }),
    ssoManaged: t.exposeBoolean("ssoManaged", { nullable: true, authScopes: selfOrAdmin }),
    lastSignInAt: t.expose("lastSignInAt", { type: "DateTime", nullable: true, authScopes: selfOrAdmin }),
    createdAt: t.expose("createdAt", { type: "DateTime", nullable: true, authScopes: selfOrAdmin }),
    mfaEnabled: t.boolean({
      nullable: true,
      authScopes: (profile) => ({ $any: { self: profile.id, roles: peopleAdminRoles } }),
      select: { totpEnabledAt: true },
      resolve: (profile) => profile.totpEnabledAt !== null,
    }),
  }),
});
