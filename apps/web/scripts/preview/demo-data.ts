// A believable organisation for the mock preview server: people, service accounts, keys across
// modules and environments, requests, usage and an audit trail. Deterministic, so screenshots are
// stable from run to run.

const dayMs = 86_400_000;
const now = Date.now();
export const ago = (days: number) => new Date(now - days * dayMs).toISOString();
export const inDays = (days: number) => new Date(now + days * dayMs).toISOString();

/** A small deterministic pseudo-random sequence (LCG). */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

export interface DemoProfile {
  __typename: "Profile";
  id: string;
  displayName: string;
  email: string | null;
  role: string;
  orgUnit: string | null;
  status: "ACTIVE" | "INACTIVE";
  kind: "USER" | "SERVICE_ACCOUNT";
  ssoManaged: boolean;
  lastSignInAt: string | null;
  createdAt: string;
  mfaEnabled: boolean;
}

const person = (
  id: string,
  displayName: string,
  email: string,
  role: string,
  orgUnit: string,
  extra: Partial<DemoProfile> = {},
): DemoProfile => ({
  __typename: "Profile",
  id,
  displayName,
  email,
  role,
  orgUnit,
  status: "ACTIVE",
  kind: "USER",
  ssoManaged: false,
  lastSignInAt: ago(1),
  createdAt: ago(300),
  mfaEnabled: true,
  ...extra,
});

const serviceAccount = (id: string, displayName: string, orgUnit: string): DemoProfile => ({
  __typename: "Profile",
  id,
  displayName,
  email: null,
  role: "USER",
  orgUnit,
  status: "ACTIVE",
  kind: "SERVICE_ACCOUNT",
  ssoManaged: false,
  lastSignInAt: null,
  createdAt: ago(120),
  mfaEnabled: false,
});

export const profiles: DemoProfile[] = [
  person("user-grace", "Grace Hopper", "grace@acme.dev", "SUPER_ADMIN", "Platform", {
    lastSignInAt: ago(0.02),
  }),
  person("user-ada", "Ada Lovelace", "ada@acme.dev", "USER", "Payments", {
    mfaEnabled: false,
    lastSignInAt: ago(0.3),
  }),
  person("user-alan", "Alan Turing", "alan@acme.dev", "USER_ADMIN", "Security", { ssoManaged: true }),
  person("user-katherine", "Katherine Johnson", "katherine@acme.dev", "BILLING_ADMIN", "Finance", {
    lastSignInAt: ago(3),
  }),
  person("user-margaret", "Margaret Hamilton", "margaret@acme.dev", "USER", "Flight software", {
    ssoManaged: true,
    lastSignInAt: ago(6),
  }),
  person("user-linus", "Linus Torvalds", "linus@acme.dev", "USER", "Infrastructure", {
    status: "INACTIVE",
    lastSignInAt: ago(64),
  }),
  person("user-barbara", "Barbara Liskov", "barbara@acme.dev", "MODEL_ADMIN", "ML platform", {
    lastSignInAt: ago(12),
  }),
  serviceAccount("sa-ci", "ci-deployer", "Infrastructure"),
  serviceAccount("sa-agents", "agent-runner", "ML platform"),
];

export const tools = [
  { __typename: "Tool", id: "tool-openai", slug: "openai", displayName: "OpenAI", requiresApproval: true },
  {
    __typename: "Tool",
    id: "tool-anthropic",
    slug: "anthropic",
    displayName: "Anthropic",
    requiresApproval: true,
  },
  {
    __typename: "Tool",
    id: "tool-github",
    slug: "github-copilot",
    displayName: "GitHub Copilot",
    requiresApproval: false,
  },
  {
    __typename: "Tool",
    id: "tool-mistral",
    slug: "mistral",
    displayName: "Mistral",
    requiresApproval: false,
  },
];

export const workspaces: {
  __typename: "Workspace";
  id: string;
  name: string;
  slug: string;
  bootstrapCompletedAt: string | null;
  createdAt: string;
}[] = [
  {
    __typename: "Workspace",
    id: "ws-default",
    name: "Default",
    slug: "default",
    bootstrapCompletedAt: ago(200),
    createdAt: ago(300),
  },
  {
    __typename: "Workspace",
    id: "ws-payments",
    name: "Payments",
    slug: "payments",
    bootstrapCompletedAt: ago(90),
    createdAt: ago(150),
  },
  {
    __typename: "Workspace",
    id: "ws-research",
    name: "Research lab",
    slug: "research",
    bootstrapCompletedAt: null,
    createdAt: ago(4),
  },
];

export interface DemoKey {
  id: string;
  name: string;
  displayHint: string;
  status: string;
  environment: string;
  module: string;
  permissions: string[];
  scopes: string[];
  ownerId: string;
  createdById: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  rotationDueAt: string | null;
  description: string | null;
  purpose: string | null;
  ipAllowlist: string[];
  rateLimitPerMinute: number | null;
  toolId: string | null;
  workspaceIds: string[];
  revokedAt: string | null;
  revokedById: string | null;
  revocationCause: string | null;
  revocationNote: string | null;
  rejectionReason: string | null;
  rotatedFromId: string | null;
  replacedById: string | null;
  /** Relative traffic, for usage charts. */
  traffic: number;
}

const envPrefix: Record<string, string> = {
  DEVELOPMENT: "dev",
  SANDBOX: "sbx",
  STAGING: "stg",
  PRODUCTION: "prd",
};
const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

export function hintFor(environment: string, seed: number): string {
  const next = random(seed * 7919);
  const pick = (count: number) =>
    Array.from({ length: count }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
  return `kw_${envPrefix[environment] ?? "dev"}_${pick(4)}…${pick(6)}`;
}

let keySeed = 0;
function key(
  fields: Partial<DemoKey> & Pick<DemoKey, "name" | "environment" | "module" | "ownerId">,
): DemoKey {
  keySeed += 1;
  return {
    id: `key-${keySeed}`,
    displayHint: hintFor(fields.environment, keySeed),
    status: "ACTIVE",
    permissions: ["READ", "WRITE"],
    scopes: ["runs:write"],
    createdById: fields.ownerId,
    createdAt: ago(60),
    expiresAt: inDays(30),
    lastUsedAt: ago(0.01),
    rotationDueAt: null,
    description: null,
    purpose: null,
    ipAllowlist: [],
    rateLimitPerMinute: null,
    toolId: null,
    workspaceIds: ["ws-default"],
    revokedAt: null,
    revokedById: null,
    revocationCause: null,
    revocationNote: null,
    rejectionReason: null,
    rotatedFromId: null,
    replacedById: null,
    traffic: 1,
    ...fields,
  };
}

export const keys: DemoKey[] = [
  key({
    name: "checkout-service-prod",
    environment: "PRODUCTION",
    module: "WORKFLOW_AUTOMATION",
    ownerId: "user-ada",
    permissions: ["READ", "WRITE", "EXECUTE"],
    scopes: ["runs:write", "runs:manage"],
    ipAllowlist: ["203.0.113.0/24"],
    workspaceIds: ["ws-payments"],
    description: "Queues settlement runs from the checkout service.",
    traffic: 9,
    createdAt: ago(80),
    expiresAt: inDays(10),
  }),
  key({
    name: "agents-pipeline-executor",
    environment: "SANDBOX",
    module: "AGENTS_EXECUTION",
    ownerId: "sa-agents",
    createdById: "user-grace",
    permissions: ["READ", "EXECUTE"],
    scopes: ["runs:write", "a2a:write", "mcp:call"],
    traffic: 12,
    createdAt: ago(45),
    expiresAt: inDays(15),
  }),
  key({
    name: "workflow-trigger",
    environment: "STAGING",
    module: "WORKFLOW_AUTOMATION",
    ownerId: "user-margaret",
    traffic: 5,
    createdAt: ago(30),
  }),
  key({
    name: "sandbox-runner",
    environment: "SANDBOX",
    module: "SANDBOX",
    ownerId: "user-ada",
    traffic: 3,
    createdAt: ago(20),
    lastUsedAt: ago(0.2),
  }),
  key({
    name: "github-sync",
    environment: "PRODUCTION",
    module: "INTEGRATIONS",
    ownerId: "sa-ci",
    createdById: "user-grace",
    status: "EXPIRED",
    expiresAt: ago(4),
    lastUsedAt: ago(4.2),
    traffic: 0,
    createdAt: ago(94),
  }),
  key({
    name: "demo-build",
    environment: "DEVELOPMENT",
    module: "DEMO_BUILDS",
    ownerId: "user-ada",
    traffic: 2,
    createdAt: ago(12),
    expiresAt: null,
  }),
  key({
    name: "rag-experiment-staging",
    environment: "STAGING",
    module: "AGENTS_EXECUTION",
    ownerId: "user-barbara",
    traffic: 4,
    createdAt: ago(150),
    rotationDueAt: ago(60),
    lastUsedAt: ago(2),
    expiresAt: inDays(25),
  }),
  key({
    name: "cursor-local-ada",
    environment: "DEVELOPMENT",
    module: "INTEGRATIONS",
    ownerId: "user-ada",
    permissions: ["READ"],
    traffic: 1,
    createdAt: ago(8),
    lastUsedAt: ago(1),
  }),
  key({
    name: "metrics-ingest",
    environment: "PRODUCTION",
    module: "MONITORING_LOGS",
    ownerId: "sa-ci",
    createdById: "user-grace",
    permissions: ["WRITE"],
    scopes: [],
    traffic: 7,
    createdAt: ago(70),
    expiresAt: inDays(20),
    ipAllowlist: ["198.51.100.7"],
  }),
  key({
    name: "gateway-verifier",
    environment: "PRODUCTION",
    module: "GOVERNANCE",
    ownerId: "sa-ci",
    createdById: "user-grace",
    permissions: ["READ"],
    scopes: ["keys:verify"],
    traffic: 2,
    createdAt: ago(200),
    expiresAt: inDays(85),
  }),
  key({
    name: "billing-export",
    environment: "PRODUCTION",
    module: "INTEGRATIONS",
    ownerId: "user-linus",
    status: "REVOKED",
    revokedAt: ago(40),
    revokedById: "user-grace",
    revocationCause: "LEAVER",
    revocationNote: "Linus left the company; offboarded.",
    lastUsedAt: ago(41),
    traffic: 0,
    createdAt: ago(180),
  }),
  key({
    name: "old-ci-key",
    environment: "STAGING",
    module: "INTEGRATIONS",
    ownerId: "sa-ci",
    status: "REVOKED",
    revokedAt: ago(9),
    revokedById: "user-alan",
    revocationCause: "LEAKED",
    revocationNote: "Found in a public CI log.",
    lastUsedAt: ago(9.1),
    traffic: 0,
    createdAt: ago(100),
  }),
  key({
    name: "OpenAI — Ada",
    environment: "PRODUCTION",
    module: "AGENTS_EXECUTION",
    ownerId: "user-ada",
    status: "PENDING",
    toolId: "tool-openai",
    purpose: "Nightly summarisation of the support inbox",
    lastUsedAt: null,
    traffic: 0,
    createdAt: ago(0.1),
    expiresAt: inDays(90),
  }),
  key({
    name: "Anthropic — Margaret",
    environment: "PRODUCTION",
    module: "AGENTS_EXECUTION",
    ownerId: "user-margaret",
    status: "PENDING",
    toolId: "tool-anthropic",
    purpose: "Flight-log anomaly triage agent",
    lastUsedAt: null,
    traffic: 0,
    createdAt: ago(0.4),
    expiresAt: inDays(90),
  }),
  key({
    name: "GitHub Copilot — Ada",
    environment: "DEVELOPMENT",
    module: "INTEGRATIONS",
    ownerId: "user-ada",
    toolId: "tool-github",
    purpose: "Code completion in my editor",
    traffic: 2,
    createdAt: ago(14),
  }),
  key({
    name: "Mistral — Ada",
    environment: "STAGING",
    module: "AGENTS_EXECUTION",
    ownerId: "user-ada",
    toolId: "tool-mistral",
    status: "REJECTED",
    purpose: "Try Mistral for ticket tagging",
    rejectionReason: "Use the approved OpenAI key for staging experiments.",
    lastUsedAt: null,
    traffic: 0,
    createdAt: ago(5),
  }),
];

const actions = ["verify", "runs.create", "runs.list", "approvals.answer", "mcp.call"];
const failures = ["REVOKED", "EXPIRED", "IP_DENIED", "NOT_FOUND", "ENVIRONMENT_MISMATCH", "RATE_LIMITED"];
const ips = ["203.0.113.14", "203.0.113.52", "198.51.100.7", "192.0.2.44", "10.20.0.8"];

export interface DemoEvent {
  __typename: "KeyEvent";
  id: string;
  keyId: string | null;
  action: string;
  result: string;
  success: boolean;
  ip: string | null;
  module: string | null;
  occurredAt: string;
  presentedHint: string | null;
  workspaceId: string | null;
}

let eventSeed = 0;
export function makeEvent(minutesAgo: number, next: () => number): DemoEvent {
  const live = keys.filter((candidate) => candidate.traffic > 0);
  const chosen = live[Math.floor(next() * live.length)] ?? keys[0];
  const failed = next() < 0.12;
  const unknown = failed && next() < 0.3;
  eventSeed += 1;
  return {
    __typename: "KeyEvent",
    id: `event-${eventSeed}`,
    keyId: unknown ? null : (chosen?.id ?? null),
    action: actions[Math.floor(next() * actions.length)] ?? "verify",
    result: failed ? (failures[Math.floor(next() * failures.length)] ?? "REVOKED") : "VALID",
    success: !failed,
    ip: ips[Math.floor(next() * ips.length)] ?? null,
    module: chosen?.module ?? null,
    occurredAt: new Date(now - minutesAgo * 60_000).toISOString(),
    presentedHint: unknown ? "kw_prd_Zz9q…000000" : (chosen?.displayHint ?? null),
    workspaceId: "ws-default",
  };
}

const eventRandom = random(42);
export const events: DemoEvent[] = Array.from({ length: 120 }, (_, index) =>
  makeEvent(index * 7 + 1, eventRandom),
);

/** Daily usage for one key (or all), shaped like UsagePoint. */
export function usageFor(keyIds: readonly string[], days: number) {
  const points = [];
  for (let offset = days - 1; offset >= 0; offset--) {
    let valid = 0;
    let failed = 0;
    for (const id of keyIds) {
      const demoKey = keys.find((candidate) => candidate.id === id);
      if (!demoKey || demoKey.traffic === 0) continue;
      const next = random(offset * 131 + Number(id.replace(/\D/g, "")) * 17);
      const weekday = new Date(now - offset * dayMs).getUTCDay();
      const weekend = weekday === 0 || weekday === 6 ? 0.45 : 1;
      valid += Math.round(demoKey.traffic * 140 * weekend * (0.7 + next() * 0.6));
      failed += Math.round(demoKey.traffic * 4 * next() * (next() < 0.15 ? 6 : 1));
    }
    const day = new Date(now - offset * dayMs);
    day.setUTCHours(0, 0, 0, 0);
    points.push({ __typename: "UsagePoint", bucket: day.toISOString(), valid, failed });
  }
  return points;
}

export const auditTrail = [
  ["key.created", "user-ada", "ApiKey", "key-1", null, 80],
  ["key.created", "user-grace", "ApiKey", "key-2", null, 45],
  ["user.role_changed", "user-grace", "Profile", "user-barbara", "Moved to the ML platform team", 40],
  ["user.offboarded", "user-grace", "Profile", "user-linus", "Left the company", 40],
  ["key.revoked", "user-grace", "ApiKey", "key-11", "LEAVER", 40],
  ["policy.updated", "user-grace", "OrgPolicy", null, null, 30],
  ["key.created", "user-margaret", "ApiKey", "key-3", null, 30],
  ["key.created", "user-ada", "ApiKey", "key-4", null, 20],
  ["key.requested", "user-ada", "ApiKey", "key-15", null, 14],
  ["key.approved", "user-alan", "ApiKey", "key-15", null, 14],
  ["key.created", "user-ada", "ApiKey", "key-6", null, 12],
  ["key.revoked", "user-alan", "ApiKey", "key-12", "LEAKED", 9],
  ["export.created", "user-grace", "ExportReceipt", "receipt-1", null, 7],
  ["key.created", "user-ada", "ApiKey", "key-8", null, 8],
  ["key.rejected", "user-alan", "ApiKey", "key-16", "Use the approved OpenAI key", 5],
  ["key.requested", "user-margaret", "ApiKey", "key-14", null, 0.4],
  ["key.requested", "user-ada", "ApiKey", "key-13", null, 0.1],
].map(([action, actorId, targetType, targetId, cause, daysAgo], index) => ({
  __typename: "AuditEvent",
  id: `audit-${index + 1}`,
  seq: index + 1,
  action: String(action),
  actorId: String(actorId),
  actorKind: "USER",
  targetType: String(targetType),
  targetId: targetId === null ? null : String(targetId),
  cause: cause === null ? null : String(cause),
  ip: "203.0.113.14",
  occurredAt: ago(Number(daysAgo)),
  hash: Array.from(
    { length: 64 },
    (_, position) => "0123456789abcdef"[(position * 7 + index * 13) % 16],
  ).join(""),
}));

export interface DemoReceipt {
  __typename: "ExportReceipt";
  id: string;
  kind: string;
  format: string;
  filename: string;
  filters: string;
  rowCount: number;
  sha256: string;
  createdAt: string;
  createdById: string;
}

export const receipts: DemoReceipt[] = [
  {
    __typename: "ExportReceipt",
    id: "receipt-1",
    kind: "AUDIT_LOG",
    format: "CSV",
    filename: "keyward-audit-log-2025-week-08.csv",
    filters: JSON.stringify({ since: ago(30).slice(0, 10), until: ago(0).slice(0, 10) }),
    rowCount: 1284,
    sha256: "9f2c4e1ab07d55c3e8a1f6b4d2c9e7a05b3d8f1c6e4a2b9d7c5e3f1a8b6d4c2e",
    createdAt: ago(7),
    createdById: "user-grace",
  },
];

export const alerts: {
  __typename: "Alert";
  id: string;
  kind: string;
  severity: string;
  message: string;
  subject: string | null;
  createdAt: string;
  resolvedAt: string | null;
  keyId: string;
}[] = [
  {
    __typename: "Alert",
    id: "alert-1",
    kind: "ROTATION_DUE",
    severity: "WARNING",
    message: "rag-experiment-staging is past the 90-day rotation age.",
    createdAt: ago(2),
    resolvedAt: null,
    subject: null,
    keyId: "key-7",
  },
  {
    __typename: "Alert",
    id: "alert-2",
    kind: "EXPIRED",
    severity: "WARNING",
    message: "github-sync expired 4 days ago and is still presented by CI.",
    createdAt: ago(4),
    resolvedAt: null,
    subject: null,
    keyId: "key-5",
  },
  {
    __typename: "Alert",
    id: "alert-3",
    kind: "NEW_IP",
    severity: "INFO",
    message: "checkout-service-prod was used from a new IP address, 203.0.113.52.",
    createdAt: ago(0.3),
    resolvedAt: null,
    subject: "203.0.113.52",
    keyId: "key-1",
  },
];

export const orgPolicy = {
  maxExpiryDays: 365,
  rotationAgeDays: 90,
  rotationGraceDays: 14,
  expiryAlertDays: 14,
  usageMonitoring: true,
  suspiciousActivityDetection: true,
  autoLockSuspicious: false,
  failedAuthBurstThreshold: 20,
  failedAuthBurstWindowSecs: 60,
  requireIpAllowlistInProduction: true,
  updatedAt: ago(30),
};
