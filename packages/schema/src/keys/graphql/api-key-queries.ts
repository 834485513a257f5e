import type { Prisma } from "../../generated/prisma/client.ts";
import { builder } from "../../graphql/builder.ts";
import { decodeOwnGlobalId } from "../../graphql/global-ids.ts";
import { ViewerRef } from "../../identity/graphql/viewer-query.ts";
import { keyAuditorRoles } from "../../identity/roles.ts";
import { ApiKeyRef } from "./api-key-type.ts";
import { EnvironmentEnum, KeyModuleEnum, KeyStatusEnum, type KeyStatusView } from "./key-enums.ts";

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

function statusWhere(statuses: readonly KeyStatusView[], now: Date): Prisma.ApiKeyWhereInput {
  return {
    OR: statuses.map((status): Prisma.ApiKeyWhereInput => {
      if (status === "EXPIRED") return { status: "ACTIVE", expiresAt: { lte: now } };
      if (status === "ACTIVE")
        return { status: "ACTIVE", OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
      return { status };
    }),
  };
}

/** The registry's where clause: always the caller's account, then the filters. */
export function apiKeyWhere(
  accountId: string,
  filter: Filter | null | undefined,
  now: Date,
): Prisma.ApiKeyWhereInput {
  const and: Prisma.ApiKeyWhereInput[] = [{ accountId }];
  const search = filter?.search?.trim();
  if (search) {
    and.push({
      OR: [
        { name: { contains: search, mode: "insensitive" } },
        { displayHint: { startsWith: search } },
        { owner: { email: { contains: search, mode: "insensitive" } } },
        { owner: { displayName: { contains: search, mode: "insensitive" } } },
      ],
    });
  }
  if (filter?.status?.length) and.push(statusWhere(filter.status, now));
  if (filter?.ownerId) and.push({ ownerId: decodeOwnGlobalId(filter.ownerId, "Profile") });
  if (filter?.environment?.length) and.push({ environment: { in: filter.environment } });
  if (filter?.module?.length) and.push({ module: { in: filter.module } });
  return { AND: and };
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
