import type { Prisma } from "../../generated/prisma/client.ts";
import { actorFrom } from "../../graphql/actor.ts";
import { builder } from "../../graphql/builder.ts";
import { decodeOwnGlobalId } from "../../graphql/global-ids.ts";
import { ProfileRef } from "../../identity/graphql/profile-type.ts";
import { ViewerRef } from "../../identity/graphql/viewer-query.ts";
import { peopleAdminRoles } from "../../identity/roles.ts";
import { apiKeyWhere } from "../../keys/graphql/api-key-queries.ts";
import { detailReaders } from "../../keys/graphql/api-key-rules.ts";
import { ApiKeyRef } from "../../keys/graphql/api-key-type.ts";
import { EnvironmentEnum, KeyStatusEnum, type KeyStatusView } from "../../keys/graphql/key-enums.ts";
import { IssuedApiKeyRef } from "../../keys/graphql/key-mutations.ts";
import { claimApiKey } from "../claim-api-key.ts";
import { type KeyRequestResult, requestApiKey } from "../request-api-key.ts";
import { approveKeyRequest, rejectKeyRequest } from "../review-key-request.ts";
import { requestOwner } from "./request-scopes.ts";
import { given, resultErrors } from "./result-errors.ts";

builder.prismaObjectFields(ApiKeyRef, (t) => ({
  reviewedAt: t.expose("reviewedAt", { type: "DateTime", nullable: true, authScopes: detailReaders }),
  reviewedBy: t.relation("reviewedBy", {
    type: ProfileRef,
    nullable: true,
    authScopes: detailReaders,
    skipTypeScopes: true,
  }),
  claimedAt: t.expose("claimedAt", { type: "DateTime", nullable: true, authScopes: detailReaders }),
}));

const KeyRequestPayloadRef = builder.objectRef<KeyRequestResult>("KeyRequestPayload").implement({
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, resolve: (result) => result.key }),
    issued: t.exposeBoolean("issued", {
      description: "True: issued at once (the token is here). False: PENDING until an admin reviews it.",
    }),
    token: t.exposeString("token", {
      nullable: true,
      description: "The secret of an issued key. Shown once: store it now.",
    }),
    warnings: t.exposeStringList("warnings"),
  }),
});

const KeyRequestReviewPayloadRef = builder
  .objectRef<{ key: typeof ApiKeyRef.$inferType }>("KeyRequestReviewPayload")
  .implement({
    fields: (t) => ({ apiKey: t.field({ type: ApiKeyRef, resolve: (payload) => payload.key }) }),
  });

const RequestApiKeyInput = builder.inputType("RequestApiKeyInput", {
  fields: (t) => ({
    toolId: t.globalID({ required: true }),
    environment: t.field({ type: EnvironmentEnum, required: true }),
    purpose: t.string({ required: true, description: "Why the key is needed (1–300 characters, one line)." }),
    name: t.string({ description: "Defaults to the tool's name and the environment." }),
    ipAllowlist: t.stringList({ description: "Needed when the policy requires it on production keys." }),
  }),
});

const KeyRequestIdInput = builder.inputType("KeyRequestIdInput", {
  fields: (t) => ({ id: t.globalID({ required: true }) }),
});

const RejectKeyRequestInput = builder.inputType("RejectKeyRequestInput", {
  fields: (t) => ({
    id: t.globalID({ required: true }),
    reason: t.string({ required: true, description: "Shown to the requester on their row." }),
  }),
});

const keyId = (id: { typename: string; id: string }) => decodeOwnGlobalId(id, "ApiKey");

builder.mutationFields((t) => ({
  requestApiKey: t.field({
    type: KeyRequestPayloadRef,
    errors: resultErrors("RequestApiKeyResult"),
    args: { input: t.arg({ type: RequestApiKeyInput, required: true }) },
    authScopes: (_root, _args, context) => ({ selfWrite: context.viewer?.profileId ?? "" }),
    resolve: (_root, { input }, context) =>
      requestApiKey(context, actorFrom(context), {
        toolId: decodeOwnGlobalId(input.toolId, "Tool"),
        environment: input.environment,
        purpose: input.purpose,
        name: given(input.name),
        ipAllowlist: given(input.ipAllowlist),
      }),
  }),
  approveKeyRequest: t.field({
    type: KeyRequestReviewPayloadRef,
    errors: resultErrors("ApproveKeyRequestResult"),
    args: { input: t.arg({ type: KeyRequestIdInput, required: true }) },
    authScopes: { roles: peopleAdminRoles },
    resolve: async (_root, { input }, context) => ({
      key: await approveKeyRequest(context, actorFrom(context), keyId(input.id)),
    }),
  }),
  rejectKeyRequest: t.field({
    type: KeyRequestReviewPayloadRef,
    errors: resultErrors("RejectKeyRequestResult"),
    args: { input: t.arg({ type: RejectKeyRequestInput, required: true }) },
    authScopes: { roles: peopleAdminRoles },
    resolve: async (_root, { input }, context) => ({
      key: await rejectKeyRequest(context, actorFrom(context), keyId(input.id), { reason: input.reason }),
    }),
  }),
  claimApiKey: t.field({
    type: IssuedApiKeyRef,
    errors: resultErrors("ClaimApiKeyResult"),
    args: { input: t.arg({ type: KeyRequestIdInput, required: true }) },
    authScopes: (_root, { input }, context) => requestOwner(input.id, context),
    resolve: (_root, { input }, context) => claimApiKey(context, actorFrom(context), keyId(input.id)),
  }),
}));

/** Key requests: keys that came from the catalogue (rotated successors are plain keys). */
function keyRequestWhere(
  accountId: string,
  status: readonly KeyStatusView[] | null | undefined,
  now: Date,
): Prisma.ApiKeyWhereInput {
  return {
    AND: [
      apiKeyWhere(accountId, { status: status ? [...status] : null }, now),
      { toolId: { not: null }, rotatedFromId: null },
    ],
  };
}

builder.queryField("keyRequests", (t) =>
  t.prismaConnection({
    type: ApiKeyRef,
    cursor: "id",
    maxSize: 200,
    defaultSize: 25,
    description: "Admin: the pending queue (oldest first), or requests in other states.",
    authScopes: { roles: peopleAdminRoles },
    args: { status: t.arg({ type: [KeyStatusEnum], defaultValue: ["PENDING"] }) },
    resolve: (query, _root, args, context) =>
      context.prisma.apiKey.findMany({
        ...query,
        where: keyRequestWhere(context.viewer?.accountId ?? "", args.status, context.clock.now()),
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      }),
    totalCount: (_root, args, context) =>
      context.prisma.apiKey.count({
        where: keyRequestWhere(context.viewer?.accountId ?? "", args.status, context.clock.now()),
      }),
  }),
);

builder.objectField(ViewerRef, "keyRequests", (t) =>
  t.prismaConnection({
    type: ApiKeyRef,
    cursor: "id",
    maxSize: 200,
    defaultSize: 50,
    description: "The caller's own requests, newest first (every state unless filtered).",
    authScopes: (viewer) => ({ self: viewer.profileId }),
    args: { status: t.arg({ type: [KeyStatusEnum] }) },
    resolve: (query, viewer, args, context) =>
      context.prisma.apiKey.findMany({
        ...query,
        where: {
          AND: [
            keyRequestWhere(viewer.accountId, args.status, context.clock.now()),
            { ownerId: viewer.profileId },
          ],
        },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      }),
  }),
);
