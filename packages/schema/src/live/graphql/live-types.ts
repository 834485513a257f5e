import type {
  ApiKeyChangedEvent,
  AuthFailureEvent,
  KeyActivityEvent,
  KeyRequestChangedEvent,
  UserChangedEvent,
} from "../../events/index.ts";
import { builder } from "../../graphql/builder.ts";
import type { GraphQLContext } from "../../graphql/context.ts";
import { ProfileStatusEnum, RoleEnum } from "../../identity/graphql/identity-enums.ts";
import { ProfileRef } from "../../identity/graphql/profile-type.ts";
import { peopleAdminRoles } from "../../identity/roles.ts";
import { ApiKeyRef } from "../../keys/graphql/api-key-type.ts";
import { EnvironmentEnum, KeyModuleEnum, KeyStatusEnum } from "../../keys/graphql/key-enums.ts";
import { WorkspaceRef } from "../../workspaces/graphql/workspace-type.ts";

// Payloads carry what the event knows; the objects themselves (key, profile, workspace) load on
// demand, scoped to the caller's account and guarded by their own type rules.
const accountOf = (context: GraphQLContext) => context.viewer?.accountId ?? "";

// `query` is the selection of the fields asked for (the types are in Prisma select mode).
const loadKey = (query: { select?: object; include?: object }, context: GraphQLContext, id: string | null) =>
  id === null
    ? null
    : context.prisma.apiKey.findUnique({ ...query, where: { id, accountId: accountOf(context) } });

const keyGlobalId = (id: string | null) => (id === null ? null : { type: "ApiKey", id });

export const KeyActivityRef = builder.objectRef<KeyActivityEvent>("KeyActivity").implement({
  description: "One authentication or use of a key, as it happens.",
  fields: (t) => ({
    keyId: t.globalID({ nullable: true, resolve: (event) => keyGlobalId(event.keyId) }),
    key: t.prismaField({
      type: ApiKeyRef,
      nullable: true,
      description: "The key now (null for a token that matched no key of the account).",
      resolve: (query, event, _args, context) => loadKey(query, context, event.keyId),
    }),
    presentedHint: t.exposeString("presentedHint", { nullable: true }),
    workspaceId: t.globalID({
      nullable: true,
      resolve: (event) => (event.workspaceId === null ? null : { type: "Workspace", id: event.workspaceId }),
    }),
    workspace: t.prismaField({
      type: WorkspaceRef,
      nullable: true,
      resolve: (query, event, _args, context) =>
        event.workspaceId === null
          ? null
          : context.prisma.workspace.findUnique({
              ...query,
              where: { id: event.workspaceId, accountId: accountOf(context) },
            }),
    }),
    module: t.expose("module", { type: KeyModuleEnum, nullable: true }),
    action: t.exposeString("action"),
    result: t.exposeString("result", { description: "The verification code (VALID, REVOKED, …)." }),
    success: t.boolean({ resolve: (event) => event.result === "VALID" }),
    ip: t.exposeString("ip", { nullable: true }),
    occurredAt: t.expose("occurredAt", { type: "DateTime" }),
  }),
});

export const AuthFailureKindEnum = builder.enumType("AuthFailureKind", {
  values: ["VERIFY", "SIGN_IN", "GRAPHQL_BEARER"] as const,
});

export const AuthFailureRef = builder.objectRef<AuthFailureEvent>("AuthFailure").implement({
  description: "A refused authentication: a key at the wire or as a bearer, or a password sign-in.",
  fields: (t) => ({
    kind: t.expose("kind", { type: AuthFailureKindEnum }),
    code: t.exposeString("code"),
    keyId: t.globalID({ nullable: true, resolve: (event) => keyGlobalId(event.keyId) }),
    key: t.prismaField({
      type: ApiKeyRef,
      nullable: true,
      resolve: (query, event, _args, context) => loadKey(query, context, event.keyId),
    }),
    presentedHint: t.exposeString("presentedHint", { nullable: true }),
    email: t.exposeString("email", {
      nullable: true,
      description: "The email tried (sign-in failures only).",
      // The readers of a person's details: people admins and the person.
      authScopes: (event) =>
        event.email === null ? true : { $any: { roles: peopleAdminRoles, self: event.ownerId ?? "" } },
    }),
    ip: t.exposeString("ip", { nullable: true }),
    occurredAt: t.expose("occurredAt", { type: "DateTime" }),
  }),
});

export const ApiKeyUpdateRef = builder.objectRef<ApiKeyChangedEvent>("ApiKeyUpdate").implement({
  description: "A key was created, rotated, regenerated, revoked or re-granted.",
  fields: (t) => ({
    change: t.exposeString("change"),
    status: t.expose("status", { type: KeyStatusEnum, description: "The stored status after the change." }),
    environment: t.expose("environment", { type: EnvironmentEnum }),
    keyId: t.globalID({ resolve: (event) => ({ type: "ApiKey", id: event.keyId }) }),
    key: t.prismaField({
      type: ApiKeyRef,
      nullable: true,
      resolve: (query, event, _args, context) => loadKey(query, context, event.keyId),
    }),
  }),
});

export const KeyRequestUpdateRef = builder.objectRef<KeyRequestChangedEvent>("KeyRequestUpdate").implement({
  description: "A key request was submitted, approved, rejected or claimed.",
  fields: (t) => ({
    change: t.exposeString("change"),
    status: t.expose("status", { type: KeyStatusEnum }),
    keyId: t.globalID({ resolve: (event) => ({ type: "ApiKey", id: event.keyId }) }),
    key: t.prismaField({
      type: ApiKeyRef,
      nullable: true,
      resolve: (query, event, _args, context) => loadKey(query, context, event.keyId),
    }),
  }),
});

export const UserUpdateRef = builder.objectRef<UserChangedEvent>("UserUpdate").implement({
  description: "A person's role or status changed.",
  fields: (t) => ({
    change: t.exposeString("change"),
    role: t.expose("role", { type: RoleEnum }),
    status: t.expose("status", { type: ProfileStatusEnum }),
    profileId: t.globalID({ resolve: (event) => ({ type: "Profile", id: event.profileId }) }),
    profile: t.prismaField({
      type: ProfileRef,
      nullable: true,
      resolve: (query, event, _args, context) =>
        context.prisma.profile.findUnique({
          ...query,
          where: { id: event.profileId, accountId: accountOf(context) },
        }),
    }),
  }),
});
