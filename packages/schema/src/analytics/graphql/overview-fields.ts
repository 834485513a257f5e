import { builder } from "../../graphql/builder.ts";
import { keyAuditorRoles } from "../../identity/roles.ts";
import { KeyModuleEnum } from "../../keys/graphql/key-enums.ts";
import { type KeyOverview, keyOverview } from "../key-overview.ts";
import { type ModuleSummary, moduleSummary } from "../module-summary.ts";

const KeyOverviewRef = builder.objectRef<KeyOverview>("KeyOverview").implement({
  description: "The overview cards: the account's keys by status.",
  fields: (t) => ({
    total: t.exposeInt("total"),
    active: t.exposeInt("active"),
    expired: t.exposeInt("expired", { description: "ACTIVE keys past their expiry." }),
    revoked: t.exposeInt("revoked"),
    pending: t.exposeInt("pending", { description: "Requests waiting for review." }),
    approved: t.exposeInt("approved", { description: "Approved requests not claimed yet." }),
    rejected: t.exposeInt("rejected"),
  }),
});

const RiskLevelEnum = builder.enumType("RiskLevel", { values: ["LOW", "MEDIUM", "HIGH"] as const });

const ModuleSummaryRef = builder.objectRef<ModuleSummary>("ModuleSummary").implement({
  description: "One module of the key-scope classification.",
  fields: (t) => ({
    module: t.expose("module", { type: KeyModuleEnum }),
    keyCount: t.exposeInt("keyCount"),
    activeCount: t.exposeInt("activeCount"),
    lastExecutionAt: t.expose("lastExecutionAt", { type: "DateTime", nullable: true }),
    risk: t.expose("risk", { type: RiskLevelEnum }),
    riskReasons: t.exposeStringList("riskReasons", { description: "Why the risk is not LOW." }),
  }),
});

builder.queryFields((t) => ({
  overview: t.field({
    type: KeyOverviewRef,
    description: "Admin: counts for the overview cards.",
    authScopes: { roles: keyAuditorRoles },
    resolve: (_root, _args, context) =>
      keyOverview(context.prisma, context.viewer?.accountId ?? "", context.clock.now()),
  }),
  moduleSummary: t.field({
    type: [ModuleSummaryRef],
    description: "Admin: every module with key counts, last execution and risk.",
    authScopes: { roles: keyAuditorRoles },
    resolve: (_root, _args, context) =>
      moduleSummary(context.prisma, context.viewer?.accountId ?? "", context.clock.now()),
  }),
}));
