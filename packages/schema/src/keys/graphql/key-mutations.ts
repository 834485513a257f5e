import { DomainError } from "../../errors/index.ts";
import { actorFrom } from "../../graphql/actor.ts";
import { builder } from "../../graphql/builder.ts";
import { decodeOwnGlobalId } from "../../graphql/global-ids.ts";
import { peopleAdminRoles } from "../../identity/roles.ts";
import { createApiKey, type IssuedKey } from "../create-api-key.ts";
import { grantKeyWorkspace, revokeKeyWorkspace } from "../key-workspaces.ts";
import { revokeApiKey } from "../revoke-api-key.ts";
import { rotateApiKey } from "../rotate-api-key.ts";
import { ApiKeyRef } from "./api-key-type.ts";
import {
  EnvironmentEnum,
  ExpiryPresetEnum,
  KeyModuleEnum,
  PermissionEnum,
  RevocationCauseEnum,
} from "./key-enums.ts";
import { keyOwnerOrAdmin } from "./key-scopes.ts";

/** The only place a token is ever returned: the payload of create, rotate, regenerate (and claim). */
export const IssuedApiKeyRef = builder.objectRef<IssuedKey>("IssuedApiKey").implement({
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, resolve: (issued) => issued.key }),
    token: t.exposeString("token", { description: "The secret. Shown once: store it now." }),
    warnings: t.exposeStringList("warnings"),
  }),
});

const ApiKeyResultRef = builder.objectRef<{ key: IssuedKey["key"] }>("ApiKeyPayload").implement({
  fields: (t) => ({ apiKey: t.field({ type: ApiKeyRef, resolve: (payload) => payload.key }) }),
});

const CreateApiKeyInput = builder.inputType("CreateApiKeyInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    module: t.field({ type: KeyModuleEnum, required: true }),
    permissions: t.field({ type: [PermissionEnum], required: true }),
    scopes: t.stringList(),
    environment: t.field({ type: EnvironmentEnum, required: true }),
    expiresIn: t.field({ type: ExpiryPresetEnum, description: "30, 60 or 90 days (or give expiresAt)." }),
    expiresAt: t.field({ type: "DateTime" }),
    ipAllowlist: t.stringList(),
    workspaceIds: t.globalIDList(),
    rateLimitPerMinute: t.int(),
    purpose: t.string(),
    ownerId: t.globalID({ description: "Admins: issue for another profile (e.g. a service account)." }),
  }),
});

const KeyIdInput = builder.inputType("ApiKeyIdInput", {
  fields: (t) => ({ id: t.globalID({ required: true }) }),
});

const RevokeApiKeyInput = builder.inputType("RevokeApiKeyInput", {
  fields: (t) => ({
    id: t.globalID({ required: true }),
    cause: t.field({ type: RevocationCauseEnum, defaultValue: "MANUAL" }),
    note: t.string({ description: "Why: kept in the audit log." }),
  }),
});

const KeyWorkspaceInput = builder.inputType("KeyWorkspaceInput", {
  fields: (t) => ({ keyId: t.globalID({ required: true }), workspaceId: t.globalID({ required: true }) }),
});

const keyId = (id: { typename: string; id: string }) => decodeOwnGlobalId(id, "ApiKey");
const errors = (name: string) => ({ types: [DomainError], directResult: true as const, union: { name } });

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: IssuedApiKeyRef,
    errors: errors("CreateApiKeyResult"),
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    authScopes: (_root, { input }, context) =>
      input.ownerId && input.ownerId.id !== context.viewer?.profileId
        ? { roles: peopleAdminRoles }
        : { selfWrite: context.viewer?.profileId ?? "" },
    resolve: (_root, { input }, context) => {
      const { ownerId, workspaceIds, expiresIn, ...fields } = input;
      return createApiKey(
        context,
        actorFrom(context),
        {
          ...fields,
          expiresInDays: expiresIn,
          workspaceIds: (workspaceIds ?? []).map((id) => decodeOwnGlobalId(id, "Workspace")),
        },
        ownerId ? decodeOwnGlobalId(ownerId, "Profile") : undefined,
      );
    },
  }),
  rotateApiKey: t.field({
    type: IssuedApiKeyRef,
    errors: errors("RotateApiKeyResult"),
    args: { input: t.arg({ type: KeyIdInput, required: true }) },
    authScopes: (_root, { input }, context) => keyOwnerOrAdmin(input.id, context),
    resolve: (_root, { input }, context) =>
      rotateApiKey(context, actorFrom(context), keyId(input.id), "ROTATED"),
  }),
  regenerateApiKey: t.field({
    type: IssuedApiKeyRef,
    errors: errors("RegenerateApiKeyResult"),
    args: { input: t.arg({ type: KeyIdInput, required: true }) },
    authScopes: (_root, { input }, context) => keyOwnerOrAdmin(input.id, context),
    resolve: (_root, { input }, context) =>
      rotateApiKey(context, actorFrom(context), keyId(input.id), "REGENERATED"),
  }),
  revokeApiKey: t.field({
    type: ApiKeyResultRef,
    errors: errors("RevokeApiKeyResult"),
    args: { input: t.arg({ type: RevokeApiKeyInput, required: true }) },
    authScopes: (_root, { input }, context) => keyOwnerOrAdmin(input.id, context),
    resolve: async (_root, { input }, context) => ({
      key: await revokeApiKey(context, actorFrom(context), keyId(input.id), {
        cause: input.cause,
        note: input.note,
      }),
    }),
  }),
  grantKeyWorkspace: t.field({
    type: ApiKeyResultRef,
    errors: errors("GrantKeyWorkspaceResult"),
    args: { input: t.arg({ type: KeyWorkspaceInput, required: true }) },
    authScopes: { roles: peopleAdminRoles },
    resolve: async (_root, { input }, context) => ({
      key: await grantKeyWorkspace(
        context,
        actorFrom(context),
        keyId(input.keyId),
        decodeOwnGlobalId(input.workspaceId, "Workspace"),
      ),
    }),
  }),
  revokeKeyWorkspace: t.field({
    type: ApiKeyResultRef,
    errors: errors("RevokeKeyWorkspaceResult"),
    args: { input: t.arg({ type: KeyWorkspaceInput, required: true }) },
    authScopes: { roles: peopleAdminRoles },
    resolve: async (_root, { input }, context) => ({
      key: await revokeKeyWorkspace(
        context,
        actorFrom(context),
        keyId(input.keyId),
        decodeOwnGlobalId(input.workspaceId, "Workspace"),
      ),
    }),
  }),
}));
