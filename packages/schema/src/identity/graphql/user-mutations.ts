import type { ApiKey } from "../../generated/prisma/client.ts";
import { actorFrom } from "../../graphql/actor.ts";
import { builder } from "../../graphql/builder.ts";
import { decodeOwnGlobalId } from "../../graphql/global-ids.ts";
import { ApiKeyRef } from "../../keys/graphql/api-key-type.ts";
import { peopleAdminRoles } from "../roles.ts";
import {
  addServiceAccount,
  changeUserRole,
  changeUserStatus,
  offboardProfile,
} from "../user-administration.ts";
import { ProfileStatusEnum, RoleEnum } from "./identity-enums.ts";
import { ProfileRef } from "./profile-type.ts";
import { resultUnion } from "./result-union.ts";

/** The changed profile, loaded with exactly the fields the client selected. */
const ProfilePayloadRef = builder.objectRef<{ profileId: string }>("ProfilePayload").implement({
  fields: (t) => ({
    profile: t.prismaField({
      type: ProfileRef,
      resolve: (query, payload, _args, context) =>
        context.prisma.profile.findUniqueOrThrow({ ...query, where: { id: payload.profileId } }),
    }),
  }),
});

const OffboardUserPayloadRef = builder
  .objectRef<{ profileId: string; revokedKeys: ApiKey[] }>("OffboardUserPayload")
  .implement({
    fields: (t) => ({
      profile: t.prismaField({
        type: ProfileRef,
        resolve: (query, payload, _args, context) =>
          context.prisma.profile.findUniqueOrThrow({ ...query, where: { id: payload.profileId } }),
      }),
      revokedKeys: t.field({
        type: [ApiKeyRef],
        description: "The keys revoked before the user was deactivated.",
        resolve: (payload) => payload.revokedKeys,
      }),
    }),
  });

const SetUserRoleInput = builder.inputType("SetUserRoleInput", {
  fields: (t) => ({
    userId: t.globalID({ required: true }),
    role: t.field({ type: RoleEnum, required: true }),
  }),
});

const SetUserStatusInput = builder.inputType("SetUserStatusInput", {
  fields: (t) => ({
    userId: t.globalID({ required: true }),
    status: t.field({ type: ProfileStatusEnum, required: true }),
  }),
});

const OffboardUserInput = builder.inputType("OffboardUserInput", {
  fields: (t) => ({
    userId: t.globalID({ required: true }),
    reason: t.string({ description: "Why: kept in the audit log with every revocation." }),
  }),
});

const CreateServiceAccountInput = builder.inputType("CreateServiceAccountInput", {
  fields: (t) => ({ displayName: t.string({ required: true }), orgUnit: t.string() }),
});

const profileId = (id: { typename: string; id: string }) => decodeOwnGlobalId(id, "Profile");

builder.mutationFields((t) => ({
  setUserRole: t.field({
    type: ProfilePayloadRef,
    description: "Changes a user's role; their sessions end. Refused for SSO-managed users.",
    errors: resultUnion("SetUserRoleResult"),
    args: { input: t.arg({ type: SetUserRoleInput, required: true }) },
    authScopes: { roles: peopleAdminRoles },
    resolve: async (_root, { input }, context) => {
      const profile = await changeUserRole(context, actorFrom(context), {
        userId: profileId(input.userId),
        role: input.role,
      });
      return { profileId: profile.id };
    },
  }),
  setUserStatus: t.field({
    type: ProfilePayloadRef,
    description: "Activates or deactivates a user; deactivation ends their sessions.",
    errors: resultUnion("SetUserStatusResult"),
    args: { input: t.arg({ type: SetUserStatusInput, required: true }) },
    authScopes: { roles: peopleAdminRoles },
    resolve: async (_root, { input }, context) => {
      const profile = await changeUserStatus(context, actorFrom(context), {
        userId: profileId(input.userId),
        status: input.status,
      });
      return { profileId: profile.id };
    },
  }),
  offboardUser: t.field({
    type: OffboardUserPayloadRef,
    description: "The leaver flow: revokes every key the user owns, then deactivates them.",
    errors: resultUnion("OffboardUserResult"),
    args: { input: t.arg({ type: OffboardUserInput, required: true }) },
    authScopes: { roles: peopleAdminRoles },
    resolve: async (_root, { input }, context) => {
      const userId = profileId(input.userId);
      const result = await offboardProfile(context, actorFrom(context), { userId, reason: input.reason });
      return { profileId: userId, revokedKeys: result.revokedKeys };
    },
  }),
  createServiceAccount: t.field({
    type: ProfilePayloadRef,
    description: "A non-human principal that can own keys and never signs in.",
    errors: resultUnion("CreateServiceAccountResult"),
    args: { input: t.arg({ type: CreateServiceAccountInput, required: true }) },
    authScopes: { roles: peopleAdminRoles },
    resolve: async (_root, { input }, context) => {
      const profile = await addServiceAccount(context, actorFrom(context), input);
      return { profileId: profile.id };
    },
  }),
}));
