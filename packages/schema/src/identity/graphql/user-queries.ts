import { hasControlCharacter } from "../../database/control-characters.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { builder } from "../../graphql/builder.ts";
import { peopleAdminRoles } from "../roles.ts";
import { ProfileKindEnum, ProfileStatusEnum, RoleEnum } from "./identity-enums.ts";
import { ProfileRef } from "./profile-type.ts";

export const UserOrderEnum = builder.enumType("UserOrder", {
  values: [
    "NAME_ASC",
    "NAME_DESC",
    "EMAIL_ASC",
    "LAST_SIGN_IN_DESC",
    "LAST_SIGN_IN_ASC",
    "CREATED_AT_DESC",
    "CREATED_AT_ASC",
  ] as const,
});

// Every ordering ends on the id, so pages never overlap or skip rows with equal values.
const orderings: Record<typeof UserOrderEnum.$inferType, Prisma.ProfileOrderByWithRelationInput[]> = {
  NAME_ASC: [{ displayName: "asc" }, { id: "asc" }],
  NAME_DESC: [{ displayName: "desc" }, { id: "desc" }],
  EMAIL_ASC: [{ email: { sort: "asc", nulls: "last" } }, { id: "asc" }],
  LAST_SIGN_IN_DESC: [{ lastSignInAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
  // Dormant accounts first: never signed in, then the longest ago.
  LAST_SIGN_IN_ASC: [{ lastSignInAt: { sort: "asc", nulls: "first" } }, { id: "asc" }],
  CREATED_AT_DESC: [{ createdAt: "desc" }, { id: "desc" }],
  CREATED_AT_ASC: [{ createdAt: "asc" }, { id: "asc" }],
};

export const UserFilterInput = builder.inputType("UserFilter", {
  fields: (t) => ({
    search: t.string({ description: "Matches the name or the email (case-insensitive, as typed)." }),
    role: t.field({ type: [RoleEnum] }),
    status: t.field({ type: [ProfileStatusEnum] }),
    kind: t.field({ type: ProfileKindEnum }),
  }),
});

type Filter = typeof UserFilterInput.$inferInput;

const searchMaxLength = 320;

/** The Users surface's where clause: always the caller's account, then the filters. */
export function userWhere(accountId: string, filter: Filter | null | undefined): Prisma.ProfileWhereInput {
  const and: Prisma.ProfileWhereInput[] = [{ accountId }];
  // Longer than any name or email can match: cut instead of failing a keystroke of live search.
  const search = filter?.search?.trim().slice(0, searchMaxLength);
  // No name or email holds a control character (PostgreSQL text cannot hold NUL): no match.
  if (search && hasControlCharacter(search)) and.push({ id: { in: [] } });
  else if (search) {
    and.push({
      OR: [
        { displayName: { contains: search, mode: "insensitive" } },
        { email: { contains: search, mode: "insensitive" } },
      ],
    });
  }
  if (filter?.role?.length) and.push({ role: { in: filter.role } });
  if (filter?.status?.length) and.push({ status: { in: filter.status } });
  if (filter?.kind) and.push({ kind: filter.kind });
  return { AND: and };
}

builder.queryFields((t) => ({
  users: t.prismaConnection({
    type: ProfileRef,
    cursor: "id",
    maxSize: 200,
    defaultSize: 25,
    description: "People admins: the account's users and service accounts (live search, filters).",
    authScopes: { roles: peopleAdminRoles },
    args: {
      filter: t.arg({ type: UserFilterInput }),
      orderBy: t.arg({ type: UserOrderEnum, defaultValue: "NAME_ASC", required: true }),
    },
    resolve: (query, _root, args, context) =>
      context.prisma.profile.findMany({
        ...query,
        where: userWhere(context.viewer?.accountId ?? "", args.filter),
        orderBy: orderings[args.orderBy],
      }),
    totalCount: (_root, args, context) =>
      context.prisma.profile.count({ where: userWhere(context.viewer?.accountId ?? "", args.filter) }),
  }),
  user: t.prismaField({
    type: ProfileRef,
    nullable: true,
    description: "People admins: one user or service account of the account (null elsewhere).",
    authScopes: { roles: peopleAdminRoles },
    args: { id: t.arg.globalID({ required: true }) },
    resolve: (query, _root, args, context) =>
      args.id.typename === "Profile"
        ? context.prisma.profile.findFirst({
            ...query,
            where: { id: args.id.id, accountId: context.viewer?.accountId ?? "" },
          })
        : null,
  }),
}));
