import { builder } from "../../graphql/builder.ts";
import { ProfileRef } from "../../identity/graphql/profile-type.ts";
import { WorkspaceRef } from "../../workspaces/graphql/workspace-type.ts";
import { keyUsageHistory } from "../key-usage.ts";
import { detailReaders, metadataReaders, operatorReaders } from "./api-key-rules.ts";
import {
  EnvironmentEnum,
  KeyModuleEnum,
  KeyStatusEnum,
  keyStatusView,
  PermissionEnum,
  RevocationCauseEnum,
} from "./key-enums.ts";
import { KeyEventRef, UsagePointRef } from "./key-event-type.ts";

const DAY = 86_400_000;

/** An API key. There is no token field and no hash field: the secret is never readable. */
export const ApiKeyRef = builder.prismaNode("ApiKey", {
  id: { field: "id" },
  // Another account's id loads as null: "not found", exactly like a missing one.
  nullable: true,
  findUnique: (id, context) => ({ id, accountId: context.viewer?.accountId ?? "" }),
  // Select mode: a query reads only the columns its fields need (never the hash), plus what the
  // authorisation rules of every field read, plus the short columns nearly every view shows (name,
  // status, environment, dates). Those come with the row: a field with a select of its own costs a
  // selection lookup per row at resolve time, which made up most of a registry page's CPU.
  select: {
    id: true,
    accountId: true,
    ownerId: true,
    name: true,
    status: true,
    environment: true,
    createdAt: true,
    expiresAt: true,
    lastUsedAt: true,
  },
  authScopes: (key) => metadataReaders(key),
  fields: (t) => ({
    name: t.string({ resolve: (key) => key.name }),
    displayHint: t.exposeString("displayHint", { nullable: true }),
    status: t.field({
      type: KeyStatusEnum,
      resolve: (key, _args, context) => keyStatusView(key, context.clock.now()),
    }),
    environment: t.field({ type: EnvironmentEnum, resolve: (key) => key.environment }),
    permissions: t.expose("permissions", { type: [PermissionEnum] }),
    scopes: t.exposeStringList("scopes"),
    module: t.expose("module", { type: KeyModuleEnum }),
    createdAt: t.field({ type: "DateTime", resolve: (key) => key.createdAt }),
    expiresAt: t.field({ type: "DateTime", nullable: true, resolve: (key) => key.expiresAt }),
    lastUsedAt: t.field({ type: "DateTime", nullable: true, resolve: (key) => key.lastUsedAt }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true }),
    rotationDueAt: t.expose("rotationDueAt", { type: "DateTime", nullable: true }),
    tool: t.relation("tool", { nullable: true }),

    description: t.exposeString("description", { nullable: true, authScopes: detailReaders }),
    owner: t.relation("owner", { type: ProfileRef, authScopes: detailReaders, skipTypeScopes: true }),
    createdBy: t.relation("createdBy", {
      type: ProfileRef,
      nullable: true,
      authScopes: detailReaders,
      skipTypeScopes: true,
    }),
    ipAllowlist: t.exposeStringList("ipAllowlist", { nullable: true, authScopes: detailReaders }),
    purpose: t.exposeString("purpose", { nullable: true, authScopes: detailReaders }),
    rateLimitPerMinute: t.exposeInt("rateLimitPerMinute", { nullable: true, authScopes: detailReaders }),
    workspaces: t.prismaField({
      type: [WorkspaceRef],
      nullable: true,
      authScopes: detailReaders,
      skipTypeScopes: true,
      select: (_args, _context, nestedSelection) => ({
        workspaces: { select: { workspace: nestedSelection() } },
      }),
      resolve: (_query, key) => key.workspaces.map((grant) => grant.workspace),
    }),
    revocationCause: t.expose("revocationCause", {
      type: RevocationCauseEnum,
      nullable: true,
      authScopes: detailReaders,
    }),
    revocationNote: t.exposeString("revocationNote", { nullable: true, authScopes: detailReaders }),
    rejectionReason: t.string({
      nullable: true,
      authScopes: detailReaders,
      select: { status: true, reviewReason: true },
      resolve: (key) => (key.status === "REJECTED" ? key.reviewReason : null),
    }),
    rotatedFrom: t.relation("rotatedFrom", { nullable: true, authScopes: detailReaders }),
    replacedBy: t.relation("replacedBy", { nullable: true, authScopes: detailReaders }),

    revokedBy: t.relation("revokedBy", {
      type: ProfileRef,
      nullable: true,
      authScopes: operatorReaders,
      skipTypeScopes: true,
    }),

    usageHistory: t.field({
      type: [UsagePointRef],
      nullable: true,
      args: { days: t.arg.int({ defaultValue: 30, required: true, validate: { min: 1, max: 366 } }) },
      authScopes: metadataReaders,
      resolve: (key, args, context) =>
        keyUsageHistory(context.prisma, key.id, new Date(context.clock.now().getTime() - args.days * DAY)),
    }),
    activity: t.field({
      type: [KeyEventRef],
      nullable: true,
      args: { last: t.arg.int({ defaultValue: 50, required: true, validate: { min: 1, max: 500 } }) },
      authScopes: metadataReaders,
      resolve: (key, args, context) =>
        context.prisma.keyEvent.findMany({
          where: { apiKeyId: key.id },
          orderBy: { occurredAt: "desc" },
          take: args.last,
        }),
    }),
  }),
});
