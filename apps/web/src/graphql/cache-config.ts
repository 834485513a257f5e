import {
  type Cache,
  type CacheExchangeOpts,
  cacheExchange,
  type Data,
  type KeyingConfig,
  type UpdateResolver,
} from "@urql/exchange-graphcache";
import cacheSchema from "./cache-schema.json";
import type { SchemaType } from "./graphql.ts";
import type { introspection } from "./graphql-env.d.ts";

// Graphcache's configuration, in one file: entity keys, and what each mutation or subscription
// changes beyond the entities it returns (lists, counts). Updaters are keyed by the schema's own
// field names and typed with its input types, so a renamed field or input fails to typecheck.

const schema = cacheSchema as CacheExchangeOpts["schema"];

interface SchemaTypeEntry {
  kind: string;
  name: string;
  fields?: readonly { name: string }[];
}

/** Objects without an `id` (payloads, connections, edges, reports) are embedded in their parent. */
function embeddedTypeKeys(types: readonly SchemaTypeEntry[]): KeyingConfig {
  const keys: KeyingConfig = {};
  for (const type of types) {
    if (type.kind !== "OBJECT" || type.fields?.some((field) => field.name === "id")) continue;
    keys[type.name] = () => null;
  }
  return keys;
}

type Fields<TypeName extends keyof introspection["types"]> = introspection["types"][TypeName] extends {
  fields: infer FieldMap;
}
  ? keyof FieldMap
  : never;

type Input<Name extends string> = { input: SchemaType<Name> };
type NoArgs = Record<string, never>;

/** Invalidates every cached variant (all arguments) of a field, e.g. each page of a list. */
function invalidateField(cache: Cache, entity: string, fieldName: string) {
  for (const field of cache.inspectFields(entity)) {
    if (field.fieldName === fieldName) cache.invalidate(entity, field.fieldName, field.arguments);
  }
}

function invalidateViewerField(cache: Cache, fieldName: string) {
  const viewer = cache.resolve("Query", "viewer");
  if (typeof viewer === "string") invalidateField(cache, viewer, fieldName);
}

/** The `__typename` of a mutation's payload, to tell success from a `KeywardError`. */
function payloadType(parent: Data, fieldName: string): string | undefined {
  const payload = parent[fieldName];
  if (payload && typeof payload === "object" && !Array.isArray(payload) && "__typename" in payload) {
    return typeof payload.__typename === "string" ? payload.__typename : undefined;
  }
  return undefined;
}

const succeeded = (parent: Data, fieldName: string) => {
  const type = payloadType(parent, fieldName);
  return type !== undefined && type !== "KeywardError";
};

/** Counts that change whenever a key changes state (the key itself updates in place). */
function keyCountsChanged(cache: Cache) {
  invalidateField(cache, "Query", "overview");
  invalidateField(cache, "Query", "moduleSummary");
}

/** A key was added: lists reload to include it. */
function keyRegistryChanged(cache: Cache) {
  keyCountsChanged(cache);
  invalidateField(cache, "Query", "apiKeys");
  invalidateViewerField(cache, "apiKeys");
}

function keyRequestsChanged(cache: Cache) {
  invalidateField(cache, "Query", "keyRequests");
  invalidateField(cache, "Query", "overview");
  invalidateViewerField(cache, "keyRequests");
  invalidateViewerField(cache, "availableTools");
}

function auditTrailChanged(cache: Cache) {
  invalidateField(cache, "Query", "auditEvents");
  invalidateField(cache, "Query", "auditChainStatus");
}

type MutationUpdaters = { [Field in Fields<"Mutation">]?: UpdateResolver<Data, never> };

const mutationUpdates = {
  createApiKey: ((parent, _args: Input<"CreateApiKeyInput">, cache) => {
    if (succeeded(parent, "createApiKey")) keyRegistryChanged(cache);
  }) satisfies UpdateResolver<Data, Input<"CreateApiKeyInput">>,
  rotateApiKey: ((parent, args: Input<"ApiKeyIdInput">, cache) => {
    if (!succeeded(parent, "rotateApiKey")) return;
    // The previous key is now revoked and linked to its replacement: load it afresh.
    cache.invalidate({ __typename: "ApiKey", id: args.input.id });
    keyRegistryChanged(cache);
  }) satisfies UpdateResolver<Data, Input<"ApiKeyIdInput">>,
  regenerateApiKey: ((parent, args: Input<"ApiKeyIdInput">, cache) => {
    if (!succeeded(parent, "regenerateApiKey")) return;
    cache.invalidate({ __typename: "ApiKey", id: args.input.id });
    keyRegistryChanged(cache);
  }) satisfies UpdateResolver<Data, Input<"ApiKeyIdInput">>,
  revokeApiKey: ((parent, _args: Input<"RevokeApiKeyInput">, cache) => {
    // The payload carries the key's new status, so every list shows it at once; only counts reload.
    if (succeeded(parent, "revokeApiKey")) keyCountsChanged(cache);
  }) satisfies UpdateResolver<Data, Input<"RevokeApiKeyInput">>,
  requestApiKey: ((parent, _args: Input<"RequestApiKeyInput">, cache) => {
    if (!succeeded(parent, "requestApiKey")) return;
    keyRequestsChanged(cache);
    keyRegistryChanged(cache);
  }) satisfies UpdateResolver<Data, Input<"RequestApiKeyInput">>,
  approveKeyRequest: ((parent, _args: Input<"KeyRequestIdInput">, cache) => {
    if (succeeded(parent, "approveKeyRequest")) keyRequestsChanged(cache);
  }) satisfies UpdateResolver<Data, Input<"KeyRequestIdInput">>,
  rejectKeyRequest: ((parent, _args: Input<"RejectKeyRequestInput">, cache) => {
    if (succeeded(parent, "rejectKeyRequest")) keyRequestsChanged(cache);
  }) satisfies UpdateResolver<Data, Input<"RejectKeyRequestInput">>,
  claimApiKey: ((parent, _args: Input<"ApiKeyIdInput">, cache) => {
    if (succeeded(parent, "claimApiKey")) keyCountsChanged(cache);
  }) satisfies UpdateResolver<Data, Input<"ApiKeyIdInput">>,
  setUserRole: ((parent, _args: Input<"SetUserRoleInput">, cache) => {
    // The profile updates itself; filtered lists may no longer match it.
    if (succeeded(parent, "setUserRole")) invalidateField(cache, "Query", "users");
  }) satisfies UpdateResolver<Data, Input<"SetUserRoleInput">>,
  setUserStatus: ((parent, _args: Input<"SetUserStatusInput">, cache) => {
    if (succeeded(parent, "setUserStatus")) invalidateField(cache, "Query", "users");
  }) satisfies UpdateResolver<Data, Input<"SetUserStatusInput">>,
  offboardUser: ((parent, _args: Input<"OffboardUserInput">, cache) => {
    if (!succeeded(parent, "offboardUser")) return;
    invalidateField(cache, "Query", "users");
    keyRegistryChanged(cache);
    keyRequestsChanged(cache);
  }) satisfies UpdateResolver<Data, Input<"OffboardUserInput">>,
  createServiceAccount: ((parent, _args: Input<"CreateServiceAccountInput">, cache) => {
    if (succeeded(parent, "createServiceAccount")) invalidateField(cache, "Query", "users");
  }) satisfies UpdateResolver<Data, Input<"CreateServiceAccountInput">>,
  updateOrgPolicy: ((parent, _args: Input<"UpdateOrgPolicyInput">, cache) => {
    // The policy has no id: it is embedded under Query.orgPolicy, so reload it from there.
    if (succeeded(parent, "updateOrgPolicy")) invalidateField(cache, "Query", "orgPolicy");
  }) satisfies UpdateResolver<Data, Input<"UpdateOrgPolicyInput">>,
  applyOrgPolicy: ((parent, args: Input<"ApplyOrgPolicyInput">, cache) => {
    if (!succeeded(parent, "applyOrgPolicy") || !args.input.act) return;
    keyRegistryChanged(cache);
    invalidateField(cache, "Query", "alerts");
  }) satisfies UpdateResolver<Data, Input<"ApplyOrgPolicyInput">>,
  exportAuditLog: ((parent, _args: Input<"ExportAuditLogInput">, cache) => {
    if (!succeeded(parent, "exportAuditLog")) return;
    invalidateField(cache, "Query", "exportReceipts");
    invalidateField(cache, "Query", "latestExportReceipt");
    auditTrailChanged(cache);
  }) satisfies UpdateResolver<Data, Input<"ExportAuditLogInput">>,
  exportKeyRegistry: ((parent, _args: Input<"ExportKeyRegistryInput">, cache) => {
    if (!succeeded(parent, "exportKeyRegistry")) return;
    invalidateField(cache, "Query", "exportReceipts");
    invalidateField(cache, "Query", "latestExportReceipt");
    auditTrailChanged(cache);
  }) satisfies UpdateResolver<Data, Input<"ExportKeyRegistryInput">>,
  createTool: ((parent, _args: Input<"CreateToolInput">, cache) => {
    if (!succeeded(parent, "createTool")) return;
    invalidateField(cache, "Query", "tools");
    invalidateViewerField(cache, "availableTools");
  }) satisfies UpdateResolver<Data, Input<"CreateToolInput">>,
  updateTool: ((parent, _args: Input<"UpdateToolInput">, cache) => {
    // A tool that stops or starts requiring approval changes the request rule shown to requesters.
    if (succeeded(parent, "updateTool")) invalidateViewerField(cache, "availableTools");
  }) satisfies UpdateResolver<Data, Input<"UpdateToolInput">>,
} satisfies MutationUpdaters;

type SubscriptionUpdaters = { [Field in Fields<"Subscription">]?: UpdateResolver<Data, NoArgs> };

const subscriptionUpdates = {
  // The key itself is normalised from the event; the admin queue and counts follow it.
  keyRequestUpdates: ((_parent, _args, cache) => {
    invalidateField(cache, "Query", "keyRequests");
    invalidateField(cache, "Query", "overview");
  }) satisfies UpdateResolver<Data, NoArgs>,
  apiKeyUpdates: ((_parent, _args, cache) => keyCountsChanged(cache)) satisfies UpdateResolver<Data, NoArgs>,
} satisfies SubscriptionUpdaters;

export function createCacheExchange() {
  return cacheExchange({
    schema,
    keys: embeddedTypeKeys(cacheSchema.__schema.types),
    updates: {
      Mutation: mutationUpdates,
      Subscription: subscriptionUpdates,
    },
  });
}
