import type { Prisma } from "../../generated/prisma/client.ts";
import { builder } from "../../graphql/builder.ts";
import { ViewerRef } from "../../identity/graphql/viewer-query.ts";
import { keyAuditorRoles } from "../../identity/roles.ts";
import { keyRegistryWhere } from "../key-registry-where.ts";
import { ApiKeyRef } from "./api-key-type.ts";
import { EnvironmentEnum, KeyModuleEnum, KeyStatusEnum } from "./key-enums.ts";

export const ApiKeyOrderEnum = builder.enumType("ApiKeyOrder", {
  values: [
    "CREATED_AT_DESC",
    "CREATED_AT_ASC",
    "LAST_USED_ASC",
    "LAST_USED_DESC",
    "NAME_ASC",
    "EXPIRES_AT_ASC",
  ] as const,
});

const orderings: Record<string, Prisma.ApiKeyOrderByWithRelationInput[]> = {
  CREATED_AT_DESC: [{ createdAt: "desc" }, { id: "desc" }],
  CREATED_AT_ASC: [{ createdAt: "asc" }, { id: "asc" }],
  // Stale-key hygiene: never-used keys first, then the longest unused.
  LAST_USED_ASC: [{ lastUsedAt: { sort: "asc", nulls: "first" } }, { id: "asc" }],
  LAST_USED_DESC: [{ lastUsedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
  NAME_ASC: [{ name: "asc" }, { id: "asc" }],
  EXPIRES_AT_ASC: [{ expiresAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
};

export const ApiKeyFilterInput = builder.inputType("ApiKeyFilter", {
  fields: (t) => ({
    search: t.string({ description: "Matches the name, the owner's name or email, or the key prefix." }),
    status: t.field({ type: [KeyStatusEnum] }),
    ownerId: t.globalID(),
    environment: t.field({ type: [EnvironmentEnum] }),
    module: t.field({ type: [KeyModuleEnum] }),
  }),
});

type Filter = typeof ApiKeyFilterInput.$inferInput;

/**
 * The registry's where clause: always the caller's account, then the filters. An owner id of
 * another type matches no key ("" is no profile id), exactly like a missing profile: a query has
 * no result union to carry a NOT_FOUND, and an uncoded error would be masked.
 */
export function apiKeyWhere(
  accountId: string,
  filter: Filter | null | undefined,
  now: Date,
): Prisma.ApiKeyWhereInput {
  const ownerId = filter?.ownerId;
  return keyRegistryWhere(
    accountId,
    filter && { ...filter, ownerId: ownerId ? (ownerId.typename === "Profile" ? ownerId.id : "") : null },
    now,
  );
}

builder.queryFields((t) => ({
  apiKeys: t.prismaConnection({
    type: ApiKeyRef,
    cursor: "id",
    maxSize: 200,
    defaultSize: 25,
    description: "Admin: every key of the account (search, filters, sort incl. last used).",
    authScopes: { roles: keyAuditorRoles },
    args: {
      filter: t.arg({ type: ApiKeyFilterInput }),
      orderBy: t.arg({ type: ApiKeyOrderEnum, defaultValue: "CREATED_AT_DESC", required: true }),
    },
    resolve: (query, _root, args, context) =>
      context.prisma.apiKey.findMany({
        ...query,
        where: apiKeyWhere(context.viewer?.accountId ?? "", args.filter, context.clock.now()),
        orderBy: orderings[args.orderBy],
      }),
    totalCount: (_root, args, context) =>
      context.prisma.apiKey.count({
        where: apiKeyWhere(context.viewer?.accountId ?? "", args.filter, context.clock.now()),
      }),
  }),
  apiKey: t.prismaField({
    type: ApiKeyRef,
    nullable: true,
    description: "One key of the caller's account (null when it does not exist there).",
    authScopes: { authenticated: true },
    args: { id: t.arg.globalID({ required: true }) },
    resolve: (query, _root, args, context) =>
      args.id.typename === "ApiKey"
        ? context.prisma.apiKey.findFirst({
            ...query,
            where: { id: args.id.id, accountId: context.viewer?.accountId ?? "" },
          })
        : null,
  }),
}));

builder.objectField(ViewerRef, "apiKeys", (t) =>
  t.prismaConnection({
    type: ApiKeyRef,
    cursor: "id",
    maxSize: 200,
    defaultSize: 50,
    description: "The caller's own keys (Console).",
    authScopes: (viewer) => ({ self: viewer.profileId }),
    args: {
      filter: t.arg({ type: ApiKeyFilterInput }),
      orderBy: t.arg({ type: ApiKeyOrderEnum, defaultValue: "CREATED_AT_DESC", required: true }),
    },
    resolve: (query, viewer, args, context) =>
      context.prisma.apiKey.findMany({
        ...query,
        where: {
          AND: [
            apiKeyWhere(viewer.accountId, args.filter, context.clock.now()),
            { ownerId: viewer.profileId },
          ],
        },
        orderBy: orderings[args.orderBy],
      }),
  }),
);
