import { randomUUID } from "node:crypto";
import { type ExecutionResult, isInterfaceType } from "graphql";
import { toGlobalId } from "graphql-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Profile } from "../generated/prisma/client.ts";
import type { Viewer } from "../identity/viewer.ts";
import {
  accountSnapshot,
  createSchemaHarness,
  createTestDatabase,
  type IdSlot,
  type IsolationWorld,
  idSlotsOf,
  keyViewer,
  probeDocument,
  type SchemaHarness,
  type SeededAccount,
  sampleValue,
  seedAccount,
  seedIsolationWorld,
  seedKey,
  sessionViewer,
  slotKey,
  type TestDatabase,
  testEngines,
  type WorldKind,
} from "../test-support/index.ts";
import { getSchema } from "./build-schema.ts";

// Issue #8, item 1: every id a Query or Mutation field takes, given another account's object,
// answers exactly like a missing id (no FORBIDDEN that reveals it exists) and leaves that account
// untouched; a tampered id is NOT_FOUND or VALIDATION_FAILED. The slots are found by walking the
// schema, so a new field with an id argument fails here until it is given a sample object.

interface SlotRule {
  /** The object the slot names (Node: every type implementing Node). */
  kind: WorldKind | "Node";
  /** address: the field acts on that object; filter: it narrows a list (another account's id → no rows). */
  role: "address" | "filter";
  /** How the id is written: a global id (the default for ID) or the raw database id. */
  encoding?: "global" | "raw";
  /** The slot takes a raw database id too (so a raw id is not tampering: it is probed like a global one). */
  acceptsRawId?: boolean;
}

const isolationTable: Record<string, SlotRule> = {
  // Query
  "activityLog.filter.keyId": { kind: "ApiKey", role: "filter" },
  "apiKey.id": { kind: "ApiKey", role: "address" },
  "apiKeys.filter.ownerId": { kind: "User", role: "filter" },
  "auditEvents.filter.actorId": { kind: "Admin", role: "filter" },
  "auditEvents.filter.targetId": { kind: "ServiceAccount", role: "filter", encoding: "raw" },
  "exportReceipt.id": { kind: "ExportReceipt", role: "address" },
  "keyCapabilities.keyId": { kind: "ApiKey", role: "address" },
  "node.id": { kind: "Node", role: "address" },
  "nodes.ids": { kind: "Node", role: "address" },
  "user.id": { kind: "User", role: "address" },
  "webhookDeliveries.endpointId": { kind: "WebhookEndpoint", role: "address" },
  "workspaceReadiness.workspaceId": { kind: "Workspace", role: "address" },
  // Mutation
  "approveKeyRequest.input.id": { kind: "PendingRequest", role: "address" },
  "claimApiKey.input.id": { kind: "ApprovedRequest", role: "address" },
  "completeWorkspaceBootstrap.input.workspaceId": { kind: "Workspace", role: "address" },
  "createApiKey.input.ownerId": { kind: "User", role: "address" },
  "createApiKey.input.workspaceIds": { kind: "Workspace", role: "address" },
  "deleteWebhookEndpoint.input.id": { kind: "WebhookEndpoint", role: "address" },
  "exportAuditLog.input.filter.actorId": { kind: "Admin", role: "filter" },
  "exportAuditLog.input.filter.targetId": { kind: "ServiceAccount", role: "filter", encoding: "raw" },
  "exportKeyRegistry.input.filter.ownerId": { kind: "User", role: "filter" },
  "grantKeyWorkspace.input.keyId": { kind: "ApiKey", role: "address" },
  "grantKeyWorkspace.input.workspaceId": { kind: "Workspace", role: "address" },
  "offboardUser.input.userId": { kind: "User", role: "address" },
  "regenerateApiKey.input.id": { kind: "ApiKey", role: "address" },
  "rejectKeyRequest.input.id": { kind: "PendingRequest", role: "address" },
  "requestApiKey.input.toolId": { kind: "Tool", role: "address" },
  "resolveAlert.input.id": { kind: "Alert", role: "address" },
  "revokeApiKey.input.id": { kind: "ApiKey", role: "address" },
  "revokeKeyWorkspace.input.keyId": { kind: "ApiKey", role: "address" },
  "revokeKeyWorkspace.input.workspaceId": { kind: "Workspace", role: "address" },
  "rotateApiKey.input.id": { kind: "ApiKey", role: "address" },
  "setUserRole.input.userId": { kind: "User", role: "address" },
  "setUserStatus.input.userId": { kind: "User", role: "address" },
  "unlockApiKey.input.id": { kind: "LockedKey", role: "address" },
  "updateTool.input.id": { kind: "Tool", role: "address" },
  "verifyExportFile.input.receiptId": { kind: "ExportReceipt", role: "address" },
};

/** Object references that are neither typed ID nor named …Id (the walk cannot see them). */
const untypedSlots: Record<string, SlotRule & { path: string[] }> = {
  // A condition of the check (which workspace to test the key against), not the object looked up.
  "keyCapabilities.workspace": {
    kind: "Workspace",
    role: "filter",
    encoding: "global",
    acceptsRawId: true,
    path: ["workspace"],
  },
};

/** Which world object stands for each type implementing Node. */
const nodeKinds: Record<string, WorldKind> = {
  Alert: "Alert",
  ApiKey: "ApiKey",
  ExportReceipt: "ExportReceipt",
  Profile: "User",
  Tool: "Tool",
  WebhookDelivery: "WebhookDelivery",
  WebhookEndpoint: "WebhookEndpoint",
  Workspace: "Workspace",
};

/** Values that make a call act on its object (the generic samples would stop earlier or change nothing). */
const valueOverrides: Record<string, Record<string, unknown>> = {
  setUserStatus: { input: { status: "INACTIVE" } },
  setUserRole: { input: { role: "BILLING_ADMIN" } },
  verifyExportFile: { input: { sha256: "a".repeat(64) } },
  createApiKey: { input: { permissions: ["READ"], scopes: ["runs:write"] } },
  keyCapabilities: { permission: "READ" },
};

/** Answer details that differ between two calls for reasons other than the id (fresh rows, time). */
const volatileKeys = new Set([
  "id",
  "cursor",
  "startCursor",
  "endCursor",
  "createdAt",
  "filename",
  "downloadUrl",
  "downloadExpiresAt",
  "sha256",
  "filters",
  "byteSize",
  "token",
  "evaluatedAt",
  "since",
]);

/** The answer without volatile details; the probed id (raw or global) echoed anywhere becomes "<id>". */
const normalize = (result: ExecutionResult, probed: string[] = []): unknown =>
  JSON.parse(
    JSON.stringify(
      {
        data: result.data ?? null,
        errors: (result.errors ?? []).map((error) => ({
          message: error.message,
          code: error.extensions.code,
        })),
      },
      (key, value) => {
        if (volatileKeys.has(key)) return undefined;
        if (typeof value !== "string") return value;
        return probed.filter(Boolean).reduce((text, id) => text.split(id).join("<id>"), value);
      },
    ),
  );

const rawOf = (value: string) => {
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon > 0 ? decoded.slice(colon + 1) : value;
};

interface Probe {
  key: string;
  operation: "query" | "mutation";
  field: IdSlot["field"];
  path: string[];
  list: boolean;
  rule: SlotRule;
  /** For node/nodes: the Node type probed. */
  nodeType?: string;
}

function encode(rule: SlotRule, scalar: string, typename: string, id: string): string {
  const encoding = rule.encoding ?? (scalar === "ID" ? "global" : "raw");
  return encoding === "global" ? toGlobalId(typename, id) : id;
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const next = (target[head] ?? {}) as Record<string, unknown>;
  target[head] = next;
  setAt(next, rest, value);
}

function merge(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const next = (target[key] ?? {}) as Record<string, unknown>;
      target[key] = next;
      merge(next, value as Record<string, unknown>);
    } else {
      target[key] = value;
    }
  }
}

const allSlots = () => {
  const schema = getSchema();
  const found = idSlotsOf(schema).map((slot) => ({ ...slot, key: slotKey(slot) }));
  const extra = Object.entries(untypedSlots).map(([key, rule]) => {
    const [fieldName] = key.split(".");
    const field = schema.getQueryType()?.getFields()[fieldName ?? ""];
    if (!field) throw new Error(`no query field for ${key}`);
    return { operation: "query" as const, field, path: rule.path, list: false, scalar: "String", key };
  });
  return [...found, ...extra];
};

/** One probe per slot, one per Node type for node/nodes. Unknown slots throw: no silent skip. */
function probes(): Probe[] {
  const schema = getSchema();
  const node = schema.getType("Node");
  const nodeTypes =
    node && isInterfaceType(node) ? schema.getPossibleTypes(node).map((type) => type.name) : [];
  return allSlots().flatMap((slot) => {
    const rule = isolationTable[slot.key] ?? untypedSlots[slot.key];
    if (!rule) return [];
    const base = { ...slot, rule };
    if (rule.kind !== "Node") return [base];
    return nodeTypes.map((nodeType) => ({ ...base, key: `${slot.key} (${nodeType})`, nodeType }));
  });
}

describe("object isolation: the slot table", () => {
  it("names every id argument of every root field (and nothing that is gone)", () => {
    const found = allSlots().map((slot) => slot.key);
    const unmapped = found.filter((key) => !(key in isolationTable) && !(key in untypedSlots));
    expect(unmapped, "id arguments without a sample object: add them to isolationTable").toEqual([]);
    const stale = Object.keys(isolationTable).filter((key) => !found.includes(key));
    expect(stale, "isolationTable names slots the schema no longer has").toEqual([]);
    expect(found.length).toBeGreaterThan(30);
  });

  it("has a sample object for every type implementing Node", () => {
    const schema = getSchema();
    const node = schema.getType("Node");
    if (!node || !isInterfaceType(node)) throw new Error("the schema has no Node interface");
    const types = schema.getPossibleTypes(node).map((type) => type.name);
    expect(types.filter((type) => !(type in nodeKinds))).toEqual([]);
    expect(types.length).toBeGreaterThanOrEqual(8);
  });
});

describe.each(testEngines())("object isolation [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let accountA: SeededAccount;
  let accountB: SeededAccount;
  let worldB: IsolationWorld;
  let callers: Array<{ name: string; viewer: Viewer }>;

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db);
    accountA = await seedAccount(db.prisma, { admin: "SUPER_ADMIN", second: "SUPER_ADMIN" });
    accountB = await seedAccount(db.prisma, { admin: "SUPER_ADMIN", second: "SUPER_ADMIN" });
    worldB = await seedIsolationWorld(db.prisma, harness, accountB);
    const adminA = accountA.profiles.admin as Profile;
    const { key } = await seedKey(db.prisma, {
      accountId: accountA.accountId,
      ownerId: adminA.id,
      permissions: ["READ", "WRITE", "EXECUTE", "ADMIN"],
      environment: "DEVELOPMENT",
    });
    callers = [
      { name: "super_admin session", viewer: sessionViewer(adminA) },
      { name: "super_admin key with ADMIN", viewer: keyViewer(adminA, key, [accountA.workspaceId]) },
    ];
  });
  afterAll(async () => {
    await db.close();
  });

  /** Variables for one call: samples, overrides, every id slot of the field on the caller's own objects. */
  function variablesFor(probe: Probe, own: IsolationWorld, slotValue: string): Record<string, unknown> {
    const variables: Record<string, unknown> = {};
    for (const arg of probe.field.args) {
      if (arg.type.toString().endsWith("!") && arg.defaultValue === undefined) {
        variables[arg.name] = sampleValue(arg.type, "unused");
      }
    }
    merge(variables, valueOverrides[probe.field.name] ?? {});
    for (const slot of allSlots().filter((candidate) => candidate.field === probe.field)) {
      const rule = isolationTable[slot.key] ?? untypedSlots[slot.key];
      if (!rule || rule.kind === "Node") continue;
      const object = own[rule.kind];
      const value = encode(rule, slot.scalar, object.typename, object.id);
      setAt(variables, slot.path, slot.list ? [value] : value);
    }
    setAt(variables, probe.path, probe.list ? [slotValue] : slotValue);
    return variables;
  }

  const scalarOf = (probe: Probe) =>
    allSlots().find((slot) => slot.field === probe.field && slotKey(slot) === slotKey(probe))?.scalar ??
    "String";

  const codesOf = (result: ExecutionResult, field: string): string[] => {
    const codes = (result.errors ?? []).map((error) => String(error.extensions.code ?? "(no code)"));
    const value = result.data?.[field] as { __typename?: string; code?: string } | null | undefined;
    if (value?.__typename === "KeywardError") codes.push(String(value.code));
    return codes;
  };

  /** An address slot's missing id: a NOT_FOUND code, or null where the field answers null. */
  const answersNotFound = (result: ExecutionResult, field: string) => {
    const codes = codesOf(result, field);
    if (codes.length > 0) return codes.every((code) => code === "NOT_FOUND");
    const value = result.data?.[field];
    return value === null || (Array.isArray(value) && value.every((item) => item === null));
  };

  describe.each(["super_admin session", "super_admin key with ADMIN"])("as A's %s", (callerName) => {
    it.each(probes().map((probe) => [probe.key, probe] as const))("%s", async (_key, probe) => {
      const caller = callers.find((candidate) => candidate.name === callerName)?.viewer;
      if (!caller) throw new Error(`no caller ${callerName}`);
      const own = await seedIsolationWorld(db.prisma, harness, accountA);
      const kind =
        probe.rule.kind === "Node" ? (nodeKinds[probe.nodeType ?? ""] as WorldKind) : probe.rule.kind;
      const ownObject = own[kind];
      const foreignObject = worldB[kind];
      const scalar = scalarOf(probe);
      const id = (typename: string, raw: string) => encode(probe.rule, scalar, typename, raw);
      const call = async (value: string) => {
        const variables = variablesFor(probe, own, value);
        return harness.run(probeDocument(probe.operation, probe.field, variables), caller, variables);
      };
      const name = probe.field.name;
      const before = await accountSnapshot(db.prisma, accountB.accountId);

      const missingId = id(ownObject.typename, randomUUID());
      const foreignId = id(foreignObject.typename, foreignObject.id);
      const missing = await call(missingId);
      if (probe.rule.role === "address") {
        expect(answersNotFound(missing, name), `missing id: ${JSON.stringify(missing)}`).toBe(true);
      }

      // (a) another account's object answers exactly like the missing id.
      const foreign = await call(foreignId);
      expect(
        normalize(foreign, [foreignId, rawOf(foreignId)]),
        "another account's id must answer like a missing id",
      ).toEqual(normalize(missing, [missingId, rawOf(missingId)]));
      if (probe.rule.acceptsRawId) {
        const missingRaw = randomUUID();
        expect(normalize(await call(foreignObject.id), [foreignObject.id])).toEqual(
          normalize(await call(missingRaw), [missingRaw]),
        );
      }

      // (c) tampered ids: never an answer about a real object, never an uncoded error.
      const ownId = id(ownObject.typename, ownObject.id);
      const raw = (probe.rule.encoding ?? (scalar === "ID" ? "global" : "raw")) === "raw";
      const otherType = ownObject.typename === "Workspace" ? "ApiKey" : "Workspace";
      const flip = (value: string, at: number) =>
        value.slice(0, at) + (value[at] === "A" ? "B" : "A") + value.slice(at + 1);
      // A flipped character must name something else: base64 decoders ignore the padding bits of
      // the last character, so some flips there decode to the very same id.
      const renamesObject = (value: string) =>
        raw
          ? value !== ownId
          : Buffer.from(value, "base64").toString() !== Buffer.from(ownId, "base64").toString();
      const tampered = [
        ...[1, Math.floor(ownId.length / 2), ownId.length - 3, ownId.length - 1]
          .map((at) => flip(ownId, at))
          .filter(renamesObject),
        ...(raw ? [] : [id(otherType, ownObject.id)]),
        ...(raw || probe.rule.acceptsRawId ? [] : [ownObject.id]),
        id(ownObject.typename, `${ownObject.id}\u0000`),
        id(ownObject.typename, `${ownObject.id}' OR '1'='1`),
        id(ownObject.typename, "x".repeat(2_000)),
        "not-a-global-id!!",
        // An empty optional condition (keyCapabilities' workspace) is no condition at all.
        ...(probe.rule.role === "filter" && probe.rule.acceptsRawId ? [] : [""]),
      ];
      expect(tampered.length).toBeGreaterThanOrEqual(7);
      for (const value of tampered) {
        const result = await call(value);
        const codes = codesOf(result, name);
        const acceptable =
          JSON.stringify(normalize(result, [value, rawOf(value)])) ===
            JSON.stringify(normalize(missing, [missingId, rawOf(missingId)])) ||
          (codes.length > 0 && codes.every((code) => code === "NOT_FOUND" || code === "VALIDATION_FAILED")) ||
          (probe.rule.role === "address" && answersNotFound(result, name));
        expect(acceptable, `tampered ${JSON.stringify(value)} → ${JSON.stringify(normalize(result))}`).toBe(
          true,
        );
      }

      expect(await accountSnapshot(db.prisma, accountB.accountId), "account B changed").toEqual(before);

      // The caller's own object is found (not the missing answer): the slot is really looked up.
      const ownResult = await call(ownId);
      expect(normalize(ownResult), `own object: ${JSON.stringify(ownResult)}`).not.toEqual(
        normalize(missing),
      );
    });
  });
});
