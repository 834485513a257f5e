import { decodeGlobalID } from "@pothos/plugin-relay";
import { DomainError } from "../../errors/index.ts";
import type { ApiKey } from "../../generated/prisma/client.ts";
import { actorFrom } from "../../graphql/actor.ts";
import { builder } from "../../graphql/builder.ts";
import type { GraphQLContext } from "../../graphql/context.ts";
import { decodeOwnGlobalId } from "../../graphql/global-ids.ts";
import { keyAuditorRoles, peopleAdminRoles } from "../../identity/roles.ts";
import { metadataReaders } from "../../keys/graphql/api-key-rules.ts";
import { ApiKeyRef } from "../../keys/graphql/api-key-type.ts";
import { EnvironmentEnum, PermissionEnum } from "../../keys/graphql/key-enums.ts";
import { type KeyCapabilityAnswer, keyCapabilities } from "../key-capabilities.ts";
import { unlockApiKey } from "../key-lock.ts";
import { type UnusedGrants, unusedGrants } from "../unused-grants.ts";

const UnusedGrantsRef = builder.objectRef<UnusedGrants>("UnusedGrants").implement({
  description: "Grants of a key that no successful verification asked for in the window.",
  fields: (t) => ({
    days: t.exposeInt("days"),
    since: t.expose("since", { type: "DateTime" }),
    permissions: t.field({ type: [PermissionEnum], resolve: (grants) => grants.permissions }),
    scopes: t.exposeStringList("scopes"),
    verifications: t.exposeInt("verifications", { description: "Successful verifications in the window." }),
  }),
});

builder.prismaObjectFields(ApiKeyRef, (t) => ({
  unusedGrants: t.field({
    select: { permissions: true, scopes: true },
    type: UnusedGrantsRef,
    nullable: true,
    description: "Permission insights: permissions and scopes granted but not used in the last `days` days.",
    args: { days: t.arg.int({ defaultValue: 30, required: true, validate: { min: 1, max: 366 } }) },
    authScopes: metadataReaders,
    resolve: (key, args, context) => unusedGrants(context.prisma, key, args.days, context.clock.now()),
  }),
  lockedAt: t.expose("lockedAt", {
    type: "DateTime",
    nullable: true,
    description: "Set when suspicious-activity detection locked the key (verification answers REVOKED).",
  }),
}));

const KeyCapabilitiesRef = builder.objectRef<KeyCapabilityAnswer>("KeyCapabilities").implement({
  description: "What a verification with these conditions would answer now (the rate limit aside).",
  fields: (t) => ({
    allowed: t.exposeBoolean("allowed"),
    code: t.exposeString("code", { description: "The verify code (VALID, FORBIDDEN, IP_DENIED, …)." }),
    reasons: t.exposeStringList("reasons"),
  }),
});

/** The key's owner (a key with READ included) or an admin who sees key metadata. */
async function capabilityReaders(keyId: { typename: string; id: string }, context: GraphQLContext) {
  const accountId = context.viewer?.accountId;
  if (!accountId || keyId.typename !== "ApiKey") return { authenticated: true };
  const key = await context.prisma.apiKey.findFirst({
    where: { id: keyId.id, accountId },
    select: { ownerId: true },
  });
  if (!key) return { authenticated: true };
  return { $any: { roles: keyAuditorRoles, self: key.ownerId } };
}

/** A workspace global id becomes its raw id; anything else is taken as an id or a slug. */
function workspaceOf(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const decoded = decodeGlobalID(value);
    if (decoded.typename === "Workspace" && decoded.id) return decoded.id;
  } catch {
    // Not a global id: an id or a slug.
  }
  return value;
}

builder.queryField("keyCapabilities", (t) =>
  t.field({
    type: KeyCapabilitiesRef,
    nullable: true,
    description:
      "What can this key do? The verifier's checks, without presenting the key (null: no such key).",
    args: {
      keyId: t.arg.globalID({ required: true }),
      permission: t.arg({ type: PermissionEnum }),
      scope: t.arg.string(),
      workspace: t.arg.string({ description: "Workspace id, global id or slug." }),
      environment: t.arg({ type: EnvironmentEnum }),
      ip: t.arg.string({ description: "Client address to check against the IP allowlist." }),
    },
    authScopes: (_root, args, context) => capabilityReaders(args.keyId, context),
    resolve: (_root, args, context) => {
      if (args.keyId.typename !== "ApiKey") return null;
      return keyCapabilities(
        context.prisma,
        actorFrom(context).accountId,
        args.keyId.id,
        {
          permission: args.permission ?? undefined,
          scope: args.scope ?? undefined,
          workspace: workspaceOf(args.workspace),
          environment: args.environment ?? undefined,
          ip: args.ip ?? undefined,
        },
        context.clock.now(),
      );
    },
  }),
);

const UnlockApiKeyInput = builder.inputType("UnlockApiKeyInput", {
  fields: (t) => ({ id: t.globalID({ required: true }) }),
});

const UnlockApiKeyPayload = builder.objectRef<{ key: ApiKey }>("UnlockApiKeyPayload").implement({
  fields: (t) => ({ apiKey: t.field({ type: ApiKeyRef, resolve: (payload) => payload.key }) }),
});

builder.mutationField("unlockApiKey", (t) =>
  t.field({
    type: UnlockApiKeyPayload,
    description: "Admin: lift an automatic lock after looking at the incident.",
    errors: { types: [DomainError], directResult: true, union: { name: "UnlockApiKeyResult" } },
    args: { input: t.arg({ type: UnlockApiKeyInput, required: true }) },
    authScopes: { roles: peopleAdminRoles },
    resolve: async (_root, { input }, context) => ({
      key: await unlockApiKey(context, actorFrom(context), decodeOwnGlobalId(input.id, "ApiKey")),
    }),
  }),
);
