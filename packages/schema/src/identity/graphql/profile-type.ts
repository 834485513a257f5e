import { builder } from "../../graphql/builder.ts";
import { adminRoles, peopleAdminRoles } from "../roles.ts";
import { ProfileKindEnum, ProfileStatusEnum, RoleEnum } from "./identity-enums.ts";

/** A user or service account. Visible to the profile itself and to admins of its account. */
export const ProfileRef = builder.prismaNode("Profile", {
  id: { field: "id" },
  findUnique: (id, context) => ({ id, accountId: context.viewer?.accountId ?? "" }),
  authScopes: (profile) => ({
    $all: { account: profile.accountId, $any: { self: profile.id, roles: adminRoles } },
  }),
  fields: (t) => ({
    displayName: t.exposeString("displayName"),
    kind: t.expose("kind", { type: ProfileKindEnum }),
    email: t.exposeString("email", { nullable: true }),
    role: t.expose("role", { type: RoleEnum }),
    status: t.expose("status", { type: ProfileStatusEnum }),
    orgUnit: t.exposeString("orgUnit", { nullable: true }),
    ssoManaged: t.exposeBoolean("ssoManaged"),
    lastSignInAt: t.expose("lastSignInAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    mfaEnabled: t.boolean({
      authScopes: (profile) => ({ $any: { self: profile.id, roles: peopleAdminRoles } }),
      resolve: (profile) => profile.totpEnabledAt !== null,
    }),
  }),
});
