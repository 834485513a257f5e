import { randomBytes } from "node:crypto";
import {
  ago,
  alerts,
  auditTrail,
  type DemoEvent,
  type DemoKey,
  type DemoReceipt,
  events,
  hintFor,
  inDays,
  keys,
  orgPolicy,
  profiles,
  receipts,
  tools,
  usageFor,
  workspaces,
} from "./demo-data.ts";

// Root resolvers over the demo data, for the preview server. Enough behaviour to click through
// every page: filters, paging, issuing, revoking, approving, offboarding. Not an API: no auth rules.

type Args = Record<string, unknown>;
type Input = Record<string, unknown>;

export interface DemoSession {
  profileId: string | null;
  mfaPending: boolean;
  /** A TOTP code was entered in this session (sign-in or step-up). */
  mfaVerified: boolean;
}

export type Publish = (field: string, payload: unknown) => void;

const profile = (id: string | null | undefined) => profiles.find((candidate) => candidate.id === id) ?? null;
const input = (args: Args): Input => (args.input ?? {}) as Input;
const error = (code: string, message: string) => ({
  __typename: "KeywardError",
  code,
  message,
  fieldIssues: [],
});

export function keyView(demoKey: DemoKey): Record<string, unknown> {
  return {
    __typename: "ApiKey",
    ...demoKey,
    owner: () => profile(demoKey.ownerId),
    createdBy: () => profile(demoKey.createdById),
    revokedBy: () => profile(demoKey.revokedById),
    tool: () => tools.find((tool) => tool.id === demoKey.toolId) ?? null,
    workspaces: () => workspaces.filter((workspace) => demoKey.workspaceIds.includes(workspace.id)),
    rotatedFrom: () => viewOf(demoKey.rotatedFromId),
    replacedBy: () => viewOf(demoKey.replacedById),
    usageHistory: (args: Args) => usageFor([demoKey.id], Number(args.days ?? 30)),
    activity: (args: Args) =>
      events
        .filter((event) => event.keyId === demoKey.id)
        .slice(0, Number(args.last ?? 50))
        .map((event) => ({ ...event, apiKey: { __typename: "ApiKey", id: demoKey.id, name: demoKey.name } })),
    lockedAt: null,
    unusedGrants: (args: Args) => ({
      days: Number(args.days ?? 30),
      since: ago(Number(args.days ?? 30)),
      permissions: demoKey.permissions.includes("WRITE") && demoKey.traffic < 5 ? ["WRITE"] : [],
      scopes: demoKey.scopes.filter((scope) => scope !== "runs:write"),
      verifications: usageFor([demoKey.id], Number(args.days ?? 30)).reduce(
        (total, point) => total + point.valid,
        0,
      ),
    }),
  };
}

function viewOf(id: string | null): Record<string, unknown> | null {
  const found = keys.find((candidate) => candidate.id === id);
  return found ? keyView(found) : null;
}

/** A Relay connection over a list, with numeric cursors. */
function connection<Item>(items: readonly Item[], args: Args) {
  const first = Number(args.first ?? 25);
  const start = typeof args.after === "string" ? Number(args.after) + 1 : 0;
  const page = items.slice(start, start + first);
  return {
    totalCount: items.length,
    edges: page.map((node, index) => ({ cursor: String(start + index), node })),
    pageInfo: {
      hasNextPage: start + first < items.length,
      hasPreviousPage: start > 0,
      startCursor: page.length > 0 ? String(start) : null,
      endCursor: page.length > 0 ? String(start + page.length - 1) : null,
    },
  };
}

const orderings: Record<string, (left: DemoKey, right: DemoKey) => number> = {
  CREATED_AT_DESC: (left, right) => right.createdAt.localeCompare(left.createdAt),
  CREATED_AT_ASC: (left, right) => left.createdAt.localeCompare(right.createdAt),
  LAST_USED_DESC: (left, right) => (right.lastUsedAt ?? "").localeCompare(left.lastUsedAt ?? ""),
  LAST_USED_ASC: (left, right) => (left.lastUsedAt ?? "").localeCompare(right.lastUsedAt ?? ""),
  NAME_ASC: (left, right) => left.name.localeCompare(right.name),
  EXPIRES_AT_ASC: (left, right) => (left.expiresAt ?? "9").localeCompare(right.expiresAt ?? "9"),
};

function filterKeys(filter: Input | undefined | null): DemoKey[] {
  const search = typeof filter?.search === "string" ? filter.search.toLowerCase() : "";
  const list = (value: unknown) => (Array.isArray(value) ? value : value ? [value] : []);
  const statuses = list(filter?.status);
  const environments = list(filter?.environment);
  const modules = list(filter?.module);
  return keys.filter((candidate) => {
    const owner = profile(candidate.ownerId);
    if (
      search &&
      !candidate.name.toLowerCase().includes(search) &&
      !candidate.displayHint.toLowerCase().startsWith(search) &&
      !owner?.displayName.toLowerCase().includes(search) &&
      !owner?.email?.toLowerCase().includes(search)
    ) {
      return false;
    }
    if (statuses.length > 0 && !statuses.includes(candidate.status)) return false;
    if (filter?.ownerId && candidate.ownerId !== filter.ownerId) return false;
    if (environments.length > 0 && !environments.includes(candidate.environment)) return false;
    if (modules.length > 0 && !modules.includes(candidate.module)) return false;
    return true;
  });
}

function issue(demoKey: DemoKey) {
  const prefix = demoKey.displayHint.slice(0, 7);
  return {
    __typename: "IssuedApiKey",
    token: `${prefix}${randomBytes(24).toString("base64url")}`,
    warnings: [] as string[],
    apiKey: keyView(demoKey),
  };
}

let created = 100;
function newKey(
  fields: Partial<DemoKey> & Pick<DemoKey, "name" | "environment" | "module" | "ownerId">,
): DemoKey {
  created += 1;
  const demoKey: DemoKey = {
    id: `key-${created}`,
    displayHint: hintFor(fields.environment, created),
    status: "ACTIVE",
    permissions: ["READ"],
    scopes: [],
    createdById: fields.ownerId,
    createdAt: new Date().toISOString(),
    expiresAt: inDays(90),
    lastUsedAt: null,
    rotationDueAt: null,
    description: null,
    purpose: null,
    ipAllowlist: [],
    rateLimitPerMinute: null,
    toolId: null,
    workspaceIds: [],
    revokedAt: null,
    revokedById: null,
    revocationCause: null,
    revocationNote: null,
    rejectionReason: null,
    rotatedFromId: null,
    replacedById: null,
    traffic: 0,
    ...fields,
  };
  keys.unshift(demoKey);
  return demoKey;
}

function profileActivity(profileId: string, days: number) {
  const owned = keys.filter((candidate) => candidate.ownerId === profileId);
  const usage = owned.map((candidate) => {
    const points = usageFor([candidate.id], days);
    return {
      apiKey: keyView(candidate),
      verifications: points.reduce((total, point) => total + point.valid, 0),
      failedVerifications: points.reduce((total, point) => total + point.failed, 0),
    };
  });
  return {
    since: ago(days - 1),
    verifications: usage.reduce((total, entry) => total + entry.verifications, 0),
    failedVerifications: usage.reduce((total, entry) => total + entry.failedVerifications, 0),
    keys: usage,
    events: (args: Args) =>
      [...auditTrail]
        .reverse()
        .filter((event) => event.actorId === profileId || event.targetId === profileId)
        .slice(0, Number(args.first ?? 20))
        .map((event) => ({ ...event, actor: profile(event.actorId) })),
  };
}

function receiptView(receipt: DemoReceipt) {
  return {
    ...receipt,
    byteSize: receipt.rowCount * 212,
    availableUntil: null,
    downloadUrl: `/exports/${receipt.filename}`,
    createdBy: profile(receipt.createdById),
  };
}

function eventView(event: DemoEvent) {
  return { ...event, apiKey: () => viewOf(event.keyId) };
}

function workspaceView(workspace: (typeof workspaces)[number]) {
  const activeKeyCount = keys.filter(
    (candidate) => candidate.workspaceIds.includes(workspace.id) && candidate.status === "ACTIVE",
  ).length;
  const serviceAccountCount = workspace.id === "ws-research" ? 0 : 1;
  const blockers = [
    ...(workspace.bootstrapCompletedAt ? [] : ["BOOTSTRAP_INCOMPLETE"]),
    ...(serviceAccountCount === 0 ? ["SERVICE_ACCOUNT_MISSING"] : []),
    ...(activeKeyCount === 0 ? ["API_KEY_MISSING"] : []),
  ];
  const readiness = {
    ready: blockers.length === 0,
    blockers,
    activeKeyCount,
    serviceAccountCount,
    recommendedScopes:
      activeKeyCount === 0 ? ["runs:write"] : ["runs:write", "runs:manage", "approvals:write"],
    usagePressure: { used: 84_210, limit: 100_000, ratio: 0.8421, high: true },
    workspace: () => workspaceView(workspace),
  };
  return { ...workspace, readiness };
}

export function demoRoot(session: DemoSession, publish: Publish): Record<string, (args: Args) => unknown> {
  const me = () => profile(session.profileId);
  const find = (id: unknown) => keys.find((candidate) => candidate.id === id);
  const changed = (demoKey: DemoKey) => {
    const update = {
      change: demoKey.status.toLowerCase(),
      status: demoKey.status,
      keyId: demoKey.id,
      key: keyView(demoKey),
    };
    publish("apiKeyUpdates", { ...update, environment: demoKey.environment });
    if (demoKey.toolId) publish("keyRequestUpdates", update);
  };

  return {
    // The demo has no identity provider: password sign-in only.
    authConfig: () => ({
      __typename: "AuthConfig",
      passwordSignIn: true,
      ssoEnabled: false,
      ssoStartUrl: null,
    }),
    viewer: () => {
      const current = me();
      if (!current) return null;
      return {
        __typename: "Viewer",
        id: current.id,
        role: current.role,
        authenticatedVia: "SESSION",
        mfaVerified: session.mfaVerified,
        mfaPending: session.mfaPending,
        profile: current,
        alerts: (args: Args) =>
          connection(
            alerts
              .filter(
                (alert) => keys.find((candidate) => candidate.id === alert.keyId)?.ownerId === current.id,
              )
              .filter((alert) => !args.unresolvedOnly || !alert.resolvedAt)
              .map((alert) => ({
                ...alert,
                resolved: alert.resolvedAt !== null,
                apiKey: () => viewOf(alert.keyId),
              })),
            args,
          ),
        apiKeys: (args: Args) =>
          connection(keys.filter((candidate) => candidate.ownerId === current.id).map(keyView), args),
        keyRequests: (args: Args) =>
          connection(
            keys.filter((candidate) => candidate.ownerId === current.id && candidate.toolId).map(keyView),
            args,
          ),
        availableTools: () =>
          tools.filter(
            (tool) =>
              !keys.some(
                (candidate) =>
                  candidate.ownerId === current.id &&
                  candidate.toolId === tool.id &&
                  ["ACTIVE", "PENDING", "APPROVED"].includes(candidate.status),
              ),
          ),
      };
    },
    apiKeys: (args) => {
      const order = orderings[String(args.orderBy ?? "CREATED_AT_DESC")] ?? orderings.CREATED_AT_DESC;
      return connection(
        filterKeys(args.filter as Input)
          .sort(order)
          .map(keyView),
        args,
      );
    },
    apiKey: (args) => viewOf(String(args.id)),
    workspaces: () => workspaces.map(workspaceView),
    users: (args) => {
      const filter = (args.filter ?? {}) as Input;
      const search = typeof filter.search === "string" ? filter.search.toLowerCase() : "";
      return connection(
        profiles.filter(
          (candidate) =>
            (!search ||
              candidate.displayName.toLowerCase().includes(search) ||
              candidate.email?.toLowerCase().includes(search)) &&
            (!Array.isArray(filter.role) || filter.role.includes(candidate.role)) &&
            (!Array.isArray(filter.status) || filter.status.includes(candidate.status)) &&
            (!filter.kind || candidate.kind === filter.kind),
        ),
        args,
      );
    },
    user: (args) => {
      const found = profile(String(args.id));
      return found
        ? { ...found, activity: (inner: Args) => profileActivity(found.id, Number(inner.days ?? 30)) }
        : null;
    },
    tools: () => tools,
    // The demo sends no webhooks.
    webhookEndpoints: (args) => connection([], args),
    webhookDeliveries: () => null,
    keyRequests: (args) => {
      const statuses = Array.isArray(args.status) ? args.status : ["PENDING"];
      return connection(
        keys.filter((candidate) => candidate.toolId && statuses.includes(candidate.status)).map(keyView),
        args,
      );
    },
    overview: () => ({
      total: keys.length,
      active: keys.filter((candidate) => candidate.status === "ACTIVE").length,
      expired: keys.filter((candidate) => candidate.status === "EXPIRED").length,
      revoked: keys.filter((candidate) => candidate.status === "REVOKED").length,
      pending: keys.filter((candidate) => candidate.status === "PENDING").length,
      approved: keys.filter((candidate) => candidate.status === "APPROVED").length,
      rejected: keys.filter((candidate) => candidate.status === "REJECTED").length,
    }),
    moduleSummary: () => {
      const modules = [...new Set(keys.map((candidate) => candidate.module))];
      return modules.map((module) => {
        const inModule = keys.filter((candidate) => candidate.module === module);
        const lastExecutionAt =
          inModule
            .map((candidate) => candidate.lastUsedAt)
            .filter(Boolean)
            .sort()
            .at(-1) ?? null;
        const production = inModule.filter((candidate) => candidate.environment === "PRODUCTION").length;
        const risk =
          module === "AGENTS_EXECUTION" || production >= 3 ? "HIGH" : production > 0 ? "MEDIUM" : "LOW";
        const riskReasons = [
          ...(module === "AGENTS_EXECUTION" ? ["Agents act autonomously with these keys"] : []),
          ...(production > 0 ? [`${production} production ${production === 1 ? "key" : "keys"}`] : []),
        ];
        const activeCount = inModule.filter((candidate) => candidate.status === "ACTIVE").length;
        return { module, keyCount: inModule.length, activeCount, lastExecutionAt, risk, riskReasons };
      });
    },
    usage: (args) => {
      const days = Number(args.days ?? 30);
      const live = keys.filter((candidate) => candidate.traffic > 0);
      const perKey = live
        .map((candidate) => {
          const points = usageFor([candidate.id], days);
          const valid = points.reduce((total, point) => total + point.valid, 0);
          const failed = points.reduce((total, point) => total + point.failed, 0);
          return { apiKey: keyView(candidate), valid, all: valid + failed };
        })
        .sort((left, right) => right.valid - left.valid);
      const agents = usageFor(
        live.filter((candidate) => candidate.module === "AGENTS_EXECUTION").map((candidate) => candidate.id),
        days,
      );
      return {
        since: ago(days - 1),
        failedAuthOverTime: usageFor(
          live.map((candidate) => candidate.id),
          days,
        ).map((point) => ({ bucket: point.bucket, count: point.failed })),
        agentTriggeredCalls: agents.map((point) => ({ bucket: point.bucket, count: point.valid })),
        executionsPerKey: (inner: Args) =>
          perKey
            .slice(0, Number(inner.first ?? 50))
            .map((entry) => ({ apiKey: entry.apiKey, count: entry.valid })),
        mostUsedKeys: (inner: Args) =>
          [...perKey]
            .sort((left, right) => right.all - left.all)
            .slice(0, Number(inner.first ?? 5))
            .map((entry) => ({ apiKey: entry.apiKey, count: entry.all })),
      };
    },
    activityLog: (args) => {
      const filter = (args.filter ?? {}) as Input;
      return connection(
        events
          .filter((event) => (typeof filter.failed === "boolean" ? event.success !== filter.failed : true))
          .filter((event) => !filter.module || event.module === filter.module)
          .map(eventView),
        args,
      );
    },
    authFailures: (args) =>
      events
        .filter((event) => !event.success)
        .slice(0, Number(args.first ?? 50))
        .map(eventView),
    orgPolicy: () => ({ ...orgPolicy, updatedBy: profile("user-grace") }),
    alerts: (args) =>
      connection(
        alerts
          .filter((alert) => !args.unresolvedOnly || !alert.resolvedAt)
          .map((alert) => ({
            ...alert,
            resolved: alert.resolvedAt !== null,
            apiKey: () => viewOf(alert.keyId),
          })),
        args,
      ),
    auditEvents: (args) => {
      const filter = (args.filter ?? {}) as Input;
      const list = [...auditTrail]
        .reverse()
        .filter((event) => !filter.actorId || event.actorId === filter.actorId)
        .map((event) => ({ ...event, actor: profile(event.actorId) }));
      return connection(list, args);
    },
    auditChainStatus: () => ({
      valid: true,
      events: auditTrail.length,
      brokenAtSeq: null,
      reason: null,
      lastHash: auditTrail.at(-1)?.hash ?? null,
    }),
    exportReceipts: (args) => connection(receipts.map(receiptView), args),
    exportReceipt: (args) => {
      const found = receipts.find((receipt) => receipt.id === args.id);
      return found ? receiptView(found) : null;
    },
    latestExportReceipt: (args) => {
      const latest = receipts.find((receipt) => !args.kind || receipt.kind === args.kind);
      return latest ? receiptView(latest) : null;
    },

    signIn: (args) => {
      const email = String(input(args).email ?? "").toLowerCase();
      const found = profiles.find((candidate) => candidate.email === email && candidate.status === "ACTIVE");
      if (!found || String(input(args).password ?? "").length < 4) {
        return error("INVALID_CREDENTIALS", "Invalid email or password");
      }
      session.profileId = found.id;
      session.mfaPending = found.mfaEnabled;
      session.mfaVerified = false;
      return {
        __typename: "SignInPayload",
        mfaRequired: found.mfaEnabled,
        viewer: demoRoot(session, publish).viewer?.({}),
      };
    },
    signOut: () => {
      session.profileId = null;
      session.mfaPending = false;
      session.mfaVerified = false;
      return { __typename: "SignOutPayload", endedSessionCount: 1 };
    },
    verifyTotp: (args) => {
      if (!/^\d{6}$|^[a-z0-9-]{8,}$/i.test(String(input(args).code ?? ""))) {
        return error("MFA_INVALID_CODE", "Invalid code");
      }
      session.mfaPending = false;
      session.mfaVerified = true;
      return {
        __typename: "VerifyTotpPayload",
        recoveryCodesRemaining: 8,
        viewer: demoRoot(session, publish).viewer?.({}),
      };
    },
    beginTotpEnrollment: () => ({
      __typename: "TotpEnrollment",
      secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
      otpauthUri: `otpauth://totp/Keyward:${me()?.email ?? "you"}?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Keyward`,
    }),
    confirmTotpEnrollment: () => {
      const current = me();
      if (current) current.mfaEnabled = true;
      return {
        __typename: "ConfirmTotpEnrollmentPayload",
        viewer: demoRoot(session, publish).viewer?.({}),
        recoveryCodes: [
          "k7q2-9dmx",
          "p4wz-h8rt",
          "c3nv-62bj",
          "t9yf-kq4e",
          "m2sa-7xuw",
          "r8ld-3gpz",
          "h6ce-wn5v",
          "x5tb-j9qm",
        ],
      };
    },
    createApiKey: (args) => {
      const fields = input(args);
      const permissions = (fields.permissions as string[]) ?? ["READ"];
      if ((permissions.includes("EXECUTE") || permissions.includes("ADMIN")) && !session.mfaVerified) {
        return error("MFA_REQUIRED", "Confirm with your second factor");
      }
      const demoKey = newKey({
        name: String(fields.name),
        environment: String(fields.environment),
        module: String(fields.module),
        ownerId: String(fields.ownerId ?? session.profileId),
        createdById: String(session.profileId),
        permissions,
        scopes: (fields.scopes as string[]) ?? [],
        description: (fields.description as string | null) ?? null,
        ipAllowlist: (fields.ipAllowlist as string[]) ?? [],
        workspaceIds: (fields.workspaceIds as string[]) ?? [],
        expiresAt:
          (fields.expiresAt as string | null) ??
          ({ DAYS_30: inDays(30), DAYS_60: inDays(60), DAYS_90: inDays(90) } as Record<string, string>)[
            String(fields.expiresIn)
          ] ??
          null,
      });
      changed(demoKey);
      const issued = issue(demoKey);
      issued.warnings.push(
        "The organisation has used 84% of this month's verifications. Confirm the billing lane before widening access.",
      );
      return issued;
    },
    revokeApiKey: (args) => {
      const demoKey = find(input(args).id);
      if (!demoKey) return error("NOT_FOUND", "Not found");
      if (demoKey.status === "REVOKED") return error("KEY_REVOKED", "Already revoked");
      Object.assign(demoKey, {
        status: "REVOKED",
        revokedAt: new Date().toISOString(),
        revokedById: session.profileId,
        revocationCause: input(args).cause ?? "MANUAL",
        revocationNote: input(args).note ?? null,
      });
      changed(demoKey);
      return { __typename: "ApiKeyPayload", apiKey: keyView(demoKey) };
    },
    rotateApiKey: (args) => replace(args, "ROTATED"),
    regenerateApiKey: (args) => replace(args, "REGENERATED"),
    requestApiKey: (args) => {
      const fields = input(args);
      const tool = tools.find((candidate) => candidate.id === fields.toolId);
      const owner = me();
      if (!tool || !owner) return error("NOT_FOUND", "Unknown tool");
      const pending = tool.requiresApproval && fields.environment === "PRODUCTION";
      const demoKey = newKey({
        name: `${tool.displayName} — ${owner.displayName.split(" ")[0]}`,
        environment: String(fields.environment),
        module: "AGENTS_EXECUTION",
        ownerId: owner.id,
        toolId: tool.id,
        purpose: String(fields.purpose),
        status: pending ? "PENDING" : "ACTIVE",
      });
      changed(demoKey);
      const issued = pending ? null : issue(demoKey);
      return {
        __typename: "KeyRequestPayload",
        issued: !pending,
        token: issued?.token ?? null,
        warnings: [],
        apiKey: keyView(demoKey),
      };
    },
    approveKeyRequest: (args) => decide(args, "APPROVED"),
    completeWorkspaceBootstrap: (args) => {
      const workspace = workspaces.find((candidate) => candidate.id === input(args).workspaceId);
      if (!workspace) return error("NOT_FOUND", "Not found");
      workspace.bootstrapCompletedAt = new Date().toISOString();
      return { __typename: "WorkspacePayload", workspace: workspaceView(workspace) };
    },
    rejectKeyRequest: (args) => decide(args, "REJECTED"),
    claimApiKey: (args) => {
      const demoKey = find(input(args).id);
      if (demoKey?.status !== "APPROVED") return error("ALREADY_CLAIMED", "Not claimable");
      demoKey.status = "ACTIVE";
      changed(demoKey);
      return issue(demoKey);
    },
    setUserRole: (args) => {
      const user = profile(String(input(args).userId));
      if (!user) return error("NOT_FOUND", "Not found");
      if (user.ssoManaged) return error("SSO_MANAGED_ROLE", "Managed by SSO");
      user.role = String(input(args).role);
      publish("userUpdates", {
        change: "updated",
        profileId: user.id,
        role: user.role,
        status: user.status,
        profile: user,
      });
      return { __typename: "ProfilePayload", profile: user };
    },
    setUserStatus: (args) => {
      const user = profile(String(input(args).userId));
      if (!user) return error("NOT_FOUND", "Not found");
      user.status = input(args).status === "INACTIVE" ? "INACTIVE" : "ACTIVE";
      publish("userUpdates", {
        change: "updated",
        profileId: user.id,
        role: user.role,
        status: user.status,
        profile: user,
      });
      return { __typename: "ProfilePayload", profile: user };
    },
    offboardUser: (args) => {
      const user = profile(String(input(args).userId));
      if (!user) return error("NOT_FOUND", "Not found");
      if (user.id === session.profileId) return error("SELF_LOCKOUT", "Not yourself");
      const revoked = keys.filter(
        (candidate) =>
          candidate.ownerId === user.id &&
          ["ACTIVE", "APPROVED", "PENDING", "EXPIRED"].includes(candidate.status),
      );
      for (const demoKey of revoked) {
        Object.assign(demoKey, {
          status: "REVOKED",
          revokedAt: new Date().toISOString(),
          revokedById: session.profileId,
          revocationCause: "LEAVER",
          revocationNote: String(input(args).reason),
        });
      }
      user.status = "INACTIVE";
      publish("userUpdates", {
        change: "updated",
        profileId: user.id,
        role: user.role,
        status: user.status,
        profile: user,
      });
      return { __typename: "OffboardUserPayload", profile: user, revokedKeys: revoked.map(keyView) };
    },
    createServiceAccount: (args) => {
      const created = {
        __typename: "Profile" as const,
        id: `sa-${profiles.length + 1}`,
        displayName: String(input(args).displayName),
        email: null,
        role: "USER",
        orgUnit: (input(args).orgUnit as string | null) ?? null,
        status: "ACTIVE" as const,
        kind: "SERVICE_ACCOUNT" as const,
        ssoManaged: false,
        lastSignInAt: null,
        createdAt: new Date().toISOString(),
        mfaEnabled: false,
      };
      profiles.push(created);
      return { __typename: "ProfilePayload", profile: created };
    },
    updateOrgPolicy: (args) => {
      Object.assign(orgPolicy, input(args), { updatedAt: new Date().toISOString() });
      return {
        __typename: "UpdateOrgPolicyPayload",
        orgPolicy: { ...orgPolicy, updatedBy: profile(session.profileId) },
      };
    },
    applyOrgPolicy: (args) => {
      const act = Boolean(input(args).act);
      const violations = [
        { apiKey: viewOf("key-7"), rules: ["ROTATION_DUE"] },
        { apiKey: viewOf("key-5"), rules: ["EXPIRED", "ROTATION_OVERDUE"] },
        { apiKey: viewOf("key-10"), rules: ["MISSING_IP_ALLOWLIST_IN_PRODUCTION"] },
      ];
      return {
        __typename: "PolicyReport",
        acted: act,
        evaluated: keys.filter((candidate) => candidate.status === "ACTIVE" || candidate.status === "EXPIRED")
          .length,
        evaluatedAt: new Date().toISOString(),
        violations,
        actions: act
          ? [
              { kind: "ROTATION_DUE_SET", rule: "ROTATION_DUE", apiKey: viewOf("key-7"), alert: null },
              { kind: "ALERT_RAISED", rule: "ROTATION_DUE", apiKey: viewOf("key-7"), alert: null },
              { kind: "KEY_EXPIRED", rule: "ROTATION_OVERDUE", apiKey: viewOf("key-5"), alert: null },
            ]
          : [],
      };
    },
    createTool: (args) => {
      const fields = input(args);
      const tool = {
        __typename: "Tool",
        id: `tool-${String(fields.slug)}`,
        slug: String(fields.slug),
        displayName: String(fields.displayName),
        requiresApproval: Boolean(fields.requiresApproval),
      };
      if (tools.some((candidate) => candidate.slug === tool.slug)) return error("CONFLICT", "Slug taken");
      tools.push(tool);
      return { __typename: "ToolPayload", tool };
    },
    updateTool: (args) => {
      const tool = tools.find((candidate) => candidate.id === input(args).id);
      if (!tool) return error("NOT_FOUND", "Not found");
      if (typeof input(args).requiresApproval === "boolean")
        tool.requiresApproval = Boolean(input(args).requiresApproval);
      return { __typename: "ToolPayload", tool };
    },
    signOutEverywhere: () => {
      session.profileId = null;
      session.mfaPending = false;
      session.mfaVerified = false;
      return { __typename: "SignOutPayload", endedSessionCount: 3 };
    },
    resolveAlert: (args) => {
      const alert = alerts.find((candidate) => candidate.id === input(args).id);
      if (!alert) return error("NOT_FOUND", "Not found");
      alert.resolvedAt = new Date().toISOString();
      return {
        __typename: "ResolveAlertPayload",
        alert: { ...alert, resolved: true, apiKey: () => viewOf(alert.keyId) },
      };
    },
    verifyExportFile: (args) => {
      const receipt = receipts.find((candidate) => candidate.id === input(args).receiptId);
      if (!receipt) return error("NOT_FOUND", "Not found");
      return {
        __typename: "VerifyExportFilePayload",
        matches: receipt.sha256 === String(input(args).sha256),
        receipt: receiptView(receipt),
      };
    },
    exportAuditLog: (args) => exportFile("AUDIT_LOG", args),
    exportKeyRegistry: (args) => exportFile("KEY_REGISTRY", args),
  };

  function replace(args: Args, cause: "ROTATED" | "REGENERATED") {
    const previous = find(input(args).id);
    if (!previous) return error("NOT_FOUND", "Not found");
    if (previous.status === "REVOKED") return error("KEY_REVOKED", "Revoked");
    const replacement = newKey({
      ...previous,
      id: "",
      rotatedFromId: previous.id,
      replacedById: null,
      traffic: 0,
      lastUsedAt: null,
    });
    replacement.id = `key-r${created}`;
    replacement.displayHint = hintFor(previous.environment, created);
    Object.assign(previous, {
      status: "REVOKED",
      revokedAt: new Date().toISOString(),
      revocationCause: cause,
      replacedById: replacement.id,
    });
    changed(previous);
    return issue(replacement);
  }

  function decide(args: Args, status: "APPROVED" | "REJECTED") {
    const demoKey = find(input(args).id);
    if (demoKey?.status !== "PENDING") return error("INVALID_STATE", "Not pending");
    demoKey.status = status;
    if (status === "REJECTED") demoKey.rejectionReason = String(input(args).reason ?? "");
    changed(demoKey);
    return { __typename: "KeyRequestReviewPayload", apiKey: keyView(demoKey) };
  }

  function exportFile(kind: "AUDIT_LOG" | "KEY_REGISTRY", args: Args) {
    const format = String(input(args).format ?? "CSV");
    const receipt: DemoReceipt = {
      __typename: "ExportReceipt",
      id: `receipt-${receipts.length + 1}`,
      kind,
      format,
      filename: `keyward-${kind === "AUDIT_LOG" ? "audit-log" : "key-registry"}-${ago(0).slice(0, 10)}.${format.toLowerCase()}`,
      filters: JSON.stringify(input(args).filter ?? {}),
      rowCount: kind === "AUDIT_LOG" ? auditTrail.length : keys.length,
      sha256: randomBytes(32).toString("hex"),
      createdAt: new Date().toISOString(),
      createdById: session.profileId ?? "user-grace",
    };
    receipts.unshift(receipt);
    return {
      __typename: "ExportPayload",
      downloadUrl: `/exports/${receipt.filename}`,
      downloadExpiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
      receipt: receiptView(receipt),
    };
  }
}
