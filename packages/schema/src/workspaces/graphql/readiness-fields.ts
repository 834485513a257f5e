import type { UsagePressure } from "../../analytics/usage-pressure.ts";
import { DomainError } from "../../errors/index.ts";
import type { Workspace } from "../../generated/prisma/client.ts";
import { actorFrom } from "../../graphql/actor.ts";
import { builder } from "../../graphql/builder.ts";
import type { GraphQLContext } from "../../graphql/context.ts";
import { decodeOwnGlobalId } from "../../graphql/global-ids.ts";
import { adminRoles, peopleAdminRoles } from "../../identity/roles.ts";
import { completeWorkspaceBootstrap } from "../complete-bootstrap.ts";
import { readinessBlockers, type WorkspaceReadiness, workspaceReadiness } from "../workspace-readiness.ts";
import { WorkspaceRef } from "./workspace-type.ts";

const ReadinessBlockerEnum = builder.enumType("ReadinessBlocker", { values: readinessBlockers });

const UsagePressureRef = builder.objectRef<UsagePressure>("UsagePressure").implement({
  description: "This calendar month's verifications against the plan limit.",
  fields: (t) => ({
    used: t.exposeInt("used"),
    limit: t.exposeInt("limit"),
    ratio: t.exposeFloat("ratio"),
    high: t.exposeBoolean("high", { description: "80 % or more used: a non-blocking checkpoint." }),
  }),
});

// latestExportReceipt (seed 000) joins this type when audit exports land.
const WorkspaceReadinessRef = builder.objectRef<WorkspaceReadiness>("WorkspaceReadiness").implement({
  description: "Onboarding readiness of a workspace (the admin readiness view).",
  fields: (t) => ({
    workspace: t.field({ type: WorkspaceRef, resolve: (readiness) => readiness.workspace }),
    ready: t.boolean({ resolve: (readiness) => readiness.blockers.length === 0 }),
    blockers: t.field({ type: [ReadinessBlockerEnum], resolve: (readiness) => readiness.blockers }),
    serviceAccountCount: t.exposeInt("serviceAccountCount"),
    activeKeyCount: t.exposeInt("activeKeyCount"),
    recommendedScopes: t.stringList({
      description:
        "runs:write for the first key; then runs:manage, approvals:write, a2a:write, mcp:call as needed.",
      resolve: (readiness) => readiness.recommendedScopes,
    }),
    usagePressure: t.field({ type: UsagePressureRef, resolve: (readiness) => readiness.usagePressure }),
  }),
});

async function loadReadiness(ids: readonly string[], context: GraphQLContext) {
  const byId = await workspaceReadiness(
    context.prisma,
    context.viewer?.accountId ?? "",
    ids,
    context.clock.now(),
  );
  return ids.map((id) => byId.get(id) ?? null);
}

builder.objectField(WorkspaceRef, "readiness", (t) =>
  t.loadable({
    type: WorkspaceReadinessRef,
    nullable: true,
    description: "Admin: onboarding blockers, usage pressure and recommended scopes.",
    authScopes: { roles: adminRoles },
    load: loadReadiness,
    resolve: (workspace) => workspace.id,
  }),
);

builder.queryField("workspaceReadiness", (t) =>
  t.field({
    type: WorkspaceReadinessRef,
    nullable: true,
    description: "Admin: the readiness of one workspace of the account (null when it does not exist there).",
    authScopes: { roles: adminRoles },
    args: { workspaceId: t.arg.globalID({ required: true }) },
    resolve: async (_root, args, context) => {
      if (args.workspaceId.typename !== "Workspace") return null;
      const [readiness] = await loadReadiness([args.workspaceId.id], context);
      return readiness ?? null;
    },
  }),
);

const WorkspacePayloadRef = builder.objectRef<{ workspace: Workspace }>("WorkspacePayload").implement({
  fields: (t) => ({ workspace: t.field({ type: WorkspaceRef, resolve: (payload) => payload.workspace }) }),
});

const WorkspaceIdInput = builder.inputType("CompleteWorkspaceBootstrapInput", {
  fields: (t) => ({ workspaceId: t.globalID({ required: true }) }),
});

builder.mutationField("completeWorkspaceBootstrap", (t) =>
  t.field({
    type: WorkspacePayloadRef,
    description: "Admin: the workspace's baseline bootstrap is done (clears BOOTSTRAP_INCOMPLETE).",
    errors: { types: [DomainError], directResult: true, union: { name: "CompleteWorkspaceBootstrapResult" } },
    args: { input: t.arg({ type: WorkspaceIdInput, required: true }) },
    authScopes: { roles: peopleAdminRoles },
    resolve: async (_root, { input }, context) => ({
      workspace: await completeWorkspaceBootstrap(
        context,
        actorFrom(context),
        decodeOwnGlobalId(input.workspaceId, "Workspace"),
      ),
    }),
  }),
);
