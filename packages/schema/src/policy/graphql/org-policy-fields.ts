import { actorOf } from "../../audit/audit-actor.ts";
import { DomainError } from "../../errors/index.ts";
import { actorFrom } from "../../graphql/actor.ts";
import { builder } from "../../graphql/builder.ts";
import { ProfileRef } from "../../identity/graphql/profile-type.ts";
import { keyAuditorRoles, peopleAdminRoles } from "../../identity/roles.ts";
import { ApiKeyRef } from "../../keys/graphql/api-key-type.ts";
import {
  applyOrgPolicy,
  type PolicyAction,
  type PolicyReport,
  type PolicyViolation,
} from "../apply-org-policy.ts";
import { type EffectiveOrgPolicy, loadOrgPolicy, updateOrgPolicy } from "../org-policy.ts";
import { AlertRef } from "./alert-fields.ts";
import { PolicyActionKindEnum, PolicyRuleEnum } from "./policy-enums.ts";

/** The organisation's security and rotation policy (DESIGN §8, seed 001 §6). */
export const OrgPolicyRef = builder.objectRef<EffectiveOrgPolicy>("OrgPolicy").implement({
  fields: (t) => ({
    maxExpiryDays: t.exposeInt("maxExpiryDays", { description: "Longest lifetime of a new key." }),
    rotationAgeDays: t.exposeInt("rotationAgeDays", {
      nullable: true,
      description: "Auto rotation: keys older than this are rotation-due (null: off).",
    }),
    rotationGraceDays: t.exposeInt("rotationGraceDays", {
      description: "Days after rotation was due before the key is expired.",
    }),
    expiryAlertDays: t.exposeInt("expiryAlertDays", {
      description: "Alert this many days before expiry (0: off).",
    }),
    usageMonitoring: t.exposeBoolean("usageMonitoring"),
    suspiciousActivityDetection: t.exposeBoolean("suspiciousActivityDetection"),
    autoLockSuspicious: t.exposeBoolean("autoLockSuspicious"),
    failedAuthBurstThreshold: t.exposeInt("failedAuthBurstThreshold"),
    failedAuthBurstWindowSecs: t.exposeInt("failedAuthBurstWindowSecs"),
    requireIpAllowlistInProduction: t.exposeBoolean("requireIpAllowlistInProduction", {
      description: "IP locking: production keys must carry an IP allowlist.",
    }),
    updatedAt: t.expose("updatedAt", { type: "DateTime", nullable: true }),
    updatedBy: t.field({
      type: ProfileRef,
      nullable: true,
      resolve: (policy, _args, context) =>
        policy.updatedById
          ? context.prisma.profile.findFirst({
              where: { id: policy.updatedById, accountId: policy.accountId },
            })
          : null,
    }),
  }),
});

const PolicyViolationRef = builder.objectRef<PolicyViolation>("PolicyViolation").implement({
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, resolve: (violation) => violation.key }),
    rules: t.field({ type: [PolicyRuleEnum], resolve: (violation) => violation.rules }),
  }),
});

const PolicyActionRef = builder.objectRef<PolicyAction>("PolicyAction").implement({
  fields: (t) => ({
    kind: t.field({ type: PolicyActionKindEnum, resolve: (action) => action.kind }),
    apiKey: t.field({ type: ApiKeyRef, resolve: (action) => action.key }),
    rule: t.field({ type: PolicyRuleEnum, nullable: true, resolve: (action) => action.rule }),
    alert: t.field({ type: AlertRef, nullable: true, resolve: (action) => action.alert }),
  }),
});

const PolicyReportRef = builder.objectRef<PolicyReport>("PolicyReport").implement({
  description: "What every active key violates, and (when acting) what was done about it.",
  fields: (t) => ({
    evaluated: t.exposeInt("evaluated", {
      description: "Active keys evaluated (expired and locked included).",
    }),
    acted: t.exposeBoolean("acted"),
    evaluatedAt: t.expose("evaluatedAt", { type: "DateTime" }),
    violations: t.field({ type: [PolicyViolationRef], resolve: (report) => report.violations }),
    actions: t.field({ type: [PolicyActionRef], resolve: (report) => report.actions }),
  }),
});

const UpdateOrgPolicyInput = builder.inputType("UpdateOrgPolicyInput", {
  description: "Omitted fields keep their value.",
  fields: (t) => ({
    maxExpiryDays: t.int({ description: "1–3650." }),
    rotationAgeDays: t.int({ description: "1–3650; null turns auto rotation off." }),
    rotationGraceDays: t.int({ description: "0–365." }),
    expiryAlertDays: t.int({ description: "0–365; 0 turns expiry alerts off." }),
    usageMonitoring: t.boolean(),
    suspiciousActivityDetection: t.boolean(),
    autoLockSuspicious: t.boolean({ description: "Needs suspiciousActivityDetection." }),
    failedAuthBurstThreshold: t.int({ description: "2–10000 failed verifications…" }),
    failedAuthBurstWindowSecs: t.int({ description: "…within 10–86400 seconds." }),
    requireIpAllowlistInProduction: t.boolean(),
  }),
});

const ApplyOrgPolicyInput = builder.inputType("ApplyOrgPolicyInput", {
  fields: (t) => ({
    act: t.boolean({
      required: true,
      description: "false: report only. true: set rotation-due dates, alert owners, expire overdue keys.",
    }),
  }),
});

const UpdateOrgPolicyPayload = builder
  .objectRef<{ policy: EffectiveOrgPolicy }>("UpdateOrgPolicyPayload")
  .implement({
    fields: (t) => ({ orgPolicy: t.field({ type: OrgPolicyRef, resolve: (payload) => payload.policy }) }),
  });

const errors = (name: string) => ({ types: [DomainError], directResult: true as const, union: { name } });

builder.queryField("orgPolicy", (t) =>
  t.field({
    type: OrgPolicyRef,
    description: "Admin: the account's security and rotation policy.",
    authScopes: { roles: keyAuditorRoles },
    resolve: (_root, _args, context) => loadOrgPolicy(context.prisma, actorFrom(context).accountId),
  }),
);

builder.mutationFields((t) => ({
  updateOrgPolicy: t.field({
    type: UpdateOrgPolicyPayload,
    errors: errors("UpdateOrgPolicyResult"),
    args: { input: t.arg({ type: UpdateOrgPolicyInput, required: true }) },
    authScopes: { roles: peopleAdminRoles },
    resolve: async (_root, { input }, context) => ({
      policy: await updateOrgPolicy(context, actorFrom(context), input),
    }),
  }),
  applyOrgPolicy: t.field({
    type: PolicyReportRef,
    errors: errors("ApplyOrgPolicyResult"),
    args: { input: t.arg({ type: ApplyOrgPolicyInput, required: true }) },
    // Reporting reads key metadata; acting changes keys.
    authScopes: (_root, { input }) => ({ roles: input.act ? peopleAdminRoles : keyAuditorRoles }),
    resolve: (_root, { input }, context) => {
      const actor = actorFrom(context);
      return applyOrgPolicy(context, actorOf(actor, actor.ip), { act: input.act });
    },
  }),
}));
