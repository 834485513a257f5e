import type { SchemaType } from "../graphql/graphql.ts";

// Words for the schema's enums. `Record<Enum, string>` makes a new enum value fail to typecheck
// until it has a label.

export type Environment = SchemaType<"Environment">;
export type KeyModule = SchemaType<"KeyModule">;
export type Permission = SchemaType<"Permission">;
export type Role = SchemaType<"Role">;
export type KeyStatus = SchemaType<"KeyStatus">;
export type RevocationCause = SchemaType<"RevocationCause">;
export type ProfileStatus = SchemaType<"ProfileStatus">;
export type ProfileKind = SchemaType<"ProfileKind">;

export const environmentLabels: Record<Environment, string> = {
  DEVELOPMENT: "Development",
  SANDBOX: "Sandbox",
  STAGING: "Staging",
  PRODUCTION: "Production",
};

export const moduleLabels: Record<KeyModule, string> = {
  AGENTS_EXECUTION: "Agents Execution",
  WORKFLOW_AUTOMATION: "Workflow Automation",
  GOVERNANCE: "Governance",
  SANDBOX: "Sandbox",
  DEMO_BUILDS: "Demo Builds",
  INTEGRATIONS: "Integrations",
  MONITORING_LOGS: "Monitoring & Logs",
};

export const permissionLabels: Record<Permission, string> = {
  READ: "Read",
  WRITE: "Write",
  EXECUTE: "Execute",
  ADMIN: "Admin",
};

/** What each permission allows (seed 001's permission matrix). */
export const permissionCapabilities: Record<Permission, string> = {
  READ: "Fetch data",
  WRITE: "Modify configuration",
  EXECUTE: "Trigger runs and workflows",
  ADMIN: "Full control",
};

export const roleLabels: Record<Role, string> = {
  SUPER_ADMIN: "Super admin",
  USER_ADMIN: "User admin",
  BILLING_ADMIN: "Billing admin",
  MODEL_ADMIN: "Model admin",
  PROVIDER_ADMIN: "Provider admin",
  MCP_ADMIN: "MCP admin",
  USER: "User",
};

export const roleDescriptions: Record<Role, string> = {
  SUPER_ADMIN: "Full platform administration",
  USER_ADMIN: "Manages users, organisation membership and every key",
  BILLING_ADMIN: "Views and manages billing and usage",
  MODEL_ADMIN: "Manages model routes and backends",
  PROVIDER_ADMIN: "Manages upstream AI providers and the tool catalogue",
  MCP_ADMIN: "Manages MCP profiles and the MCP server catalogue",
  USER: "Console only: standard developer permissions",
};

export const revocationCauseLabels: Record<RevocationCause, string> = {
  LEAKED: "Leaked or exposed",
  SUSPICIOUS_ACTIVITY: "Suspicious activity",
  LEAVER: "Owner left the organisation",
  POLICY: "Policy violation",
  MANUAL: "No longer needed",
  ROTATED: "Rotated",
  REGENERATED: "Regenerated",
};

export const profileStatusLabels: Record<ProfileStatus, string> = {
  ACTIVE: "Active",
  INACTIVE: "Inactive",
};

export const profileKindLabels: Record<ProfileKind, string> = {
  USER: "Person",
  SERVICE_ACCOUNT: "Service account",
};

export const keyStatusLabels: Record<KeyStatus, string> = {
  ACTIVE: "Active",
  PENDING: "Pending",
  APPROVED: "Approved",
  REJECTED: "Rejected",
  REVOKED: "Revoked",
  EXPIRED: "Expired",
};

/** Options for a select, in the order of the label map. */
export function optionsOf<Value extends string>(labels: Record<Value, string>) {
  return (Object.keys(labels) as Value[]).map((value) => ({ value, label: labels[value] }));
}

/** Whether a string (e.g. from the URL) is one of an enum's values. */
export function isValueOf<Value extends string>(labels: Record<Value, string>, raw: string): raw is Value {
  return Object.hasOwn(labels, raw);
}

/** An enum value from untrusted text, or "" when it is not one. */
export function parseEnum<Value extends string>(
  labels: Record<Value, string>,
  raw: string | null,
): Value | "" {
  return raw !== null && isValueOf(labels, raw) ? raw : "";
}
