// DESIGN §7 as data: every field group of ApiKey and, for each kind of caller, the groups it may
// read. The schema-level and the HTTP-level matrix tests both walk every cell of it.
export const apiKeyFieldGroups = {
  metadata: [
    "id",
    "name",
    "displayHint",
    "status",
    "environment",
    "permissions",
    "scopes",
    "module",
    "createdAt",
    "expiresAt",
    "lastUsedAt",
  ],
  ownership: ["owner { id }", "createdBy { id }"],
  details: ["ipAllowlist", "workspaces { id }", "purpose", "rateLimitPerMinute"],
  usage: ["usageHistory { bucket }", "activity { id }"],
  operator: ["revokedBy { id }"],
  causes: ["revocationCause", "rejectionReason"],
} as const;

export type ApiKeyFieldGroup = keyof typeof apiKeyFieldGroups;

const everything: ApiKeyFieldGroup[] = ["metadata", "ownership", "details", "usage", "operator", "causes"];
const ownerView: ApiKeyFieldGroup[] = ["metadata", "ownership", "details", "usage", "causes"];

/** The callers of the table, with the field groups each may read. */
export const apiKeyFieldCallers = [
  { name: "super_admin", readable: everything },
  { name: "user_admin", readable: everything },
  { name: "billing_admin", readable: ["metadata", "usage"] },
  { name: "owner (session)", readable: ownerView },
  { name: "owner's key with Read", readable: ownerView },
  { name: "owner's key without Read", readable: [] },
  { name: "another user", readable: [] },
  { name: "model_admin (not the owner)", readable: [] },
  { name: "super_admin's key without Admin", readable: [] },
] as const satisfies ReadonlyArray<{ name: string; readable: readonly ApiKeyFieldGroup[] }>;

export type ApiKeyFieldCaller = (typeof apiKeyFieldCallers)[number]["name"];

/** Every cell: caller × field, with whether it is granted. */
export const apiKeyFieldCells = apiKeyFieldCallers.flatMap((caller) =>
  everything.flatMap((group) =>
    apiKeyFieldGroups[group].map((field) => ({
      caller: caller.name as ApiKeyFieldCaller,
      group,
      field: field as string,
      granted: (caller.readable as readonly ApiKeyFieldGroup[]).includes(group),
    })),
  ),
);
