import { describe, expect, it } from "vitest";
import { createManualClock } from "../runtime/clock.ts";
import { type KeyRecordRow, toKeyRecord } from "./key-record.ts";
import { createKeyRecordCache } from "./key-record-cache.ts";

function record(id: string, overrides: Partial<KeyRecordRow> = {}) {
  return toKeyRecord({
    id,
    accountId: "account-1",
    ownerId: "owner-1",
    status: "ACTIVE",
    environment: "PRODUCTION",
    permissions: ["READ"],
    scopes: [],
    module: "INTEGRATIONS",
    expiresAt: null,
    locked: false,
    ipAllowlist: [],
    rateLimitPerMinute: null,
    workspaces: [],
    ...overrides,
  });
}

describe("key record cache", () => {
  it("keeps found keys for the positive TTL and misses for the negative TTL", () => {
    const clock = createManualClock();
    const cache = createKeyRecordCache({ clock, positiveTtlMs: 60_000, negativeTtlMs: 5_000 });
    const key = record("key-1");
    cache.set("hash-1", key);
    cache.set("hash-unknown", null);
    expect(cache.get("hash-1")).toBe(key);
    expect(cache.get("hash-unknown")).toBeNull();
    expect(cache.get("hash-never-seen")).toBeUndefined();
    clock.advance(5_001);
    expect(cache.get("hash-unknown")).toBeUndefined();
    expect(cache.get("hash-1")).toBe(key);
    clock.advance(55_000);
    expect(cache.get("hash-1")).toBeUndefined();
  });

  it("invalidates by key id", () => {
    const cache = createKeyRecordCache();
    cache.set("hash-1", record("key-1"));
    cache.set("hash-2", record("key-2"));
    expect(cache.invalidate(["key-1", "key-unknown"])).toBe(1);
    expect(cache.get("hash-1")).toBeUndefined();
    expect(cache.get("hash-2")).toBeDefined();
    expect(cache.invalidate(["key-1"])).toBe(0);
  });

  it("ignores a result looked up before an invalidation", () => {
    const cache = createKeyRecordCache();
    const before = cache.version;
    cache.invalidate(["key-1"]);
    cache.set("hash-1", record("key-1"), before);
    expect(cache.get("hash-1")).toBeUndefined();
    cache.set("hash-1", record("key-1"), cache.version);
    expect(cache.get("hash-1")).toBeDefined();
  });

  it("stays bounded and keeps its id index consistent on eviction", () => {
    const cache = createKeyRecordCache({ maxEntries: 2, maxNegativeEntries: 2 });
    cache.set("hash-1", record("key-1"));
    cache.set("hash-2", record("key-2"));
    cache.set("hash-3", record("key-3"));
    expect(cache.get("hash-1")).toBeUndefined();
    expect(cache.invalidate(["key-1"])).toBe(0);
    for (let index = 0; index < 10; index++) cache.set(`miss-${index}`, null);
    // Misses never evict real keys.
    expect(cache.get("hash-2")).toBeDefined();
    expect(cache.get("hash-3")).toBeDefined();
    expect(cache.size).toBe(4);
    expect(cache.invalidate(["key-2", "key-3"])).toBe(2);
  });

  it("replaces a remembered miss by the record and drops a key's previous hash", () => {
    const cache = createKeyRecordCache();
    cache.set("hash-1", null);
    cache.set("hash-1", record("key-1"));
    expect(cache.get("hash-1")).toMatchObject({ id: "key-1" });
    cache.set("hash-1b", record("key-1"));
    expect(cache.get("hash-1")).toBeUndefined();
    expect(cache.invalidate(["key-1"])).toBe(1);
    expect(cache.get("hash-1b")).toBeUndefined();
  });

  it("clear() empties everything", () => {
    const cache = createKeyRecordCache();
    cache.set("hash-1", record("key-1"));
    cache.set("hash-2", null);
    const version = cache.version;
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.get("hash-1")).toBeUndefined();
    expect(cache.get("hash-2")).toBeUndefined();
    expect(cache.version).not.toBe(version);
  });

  it("precomputes what requests check", () => {
    const key = record("key-1", {
      permissions: ["ADMIN"],
      scopes: ["runs:write"],
      workspaces: JSON.stringify([{ id: "w-1", slug: "alpha" }]),
      expiresAt: "2026-05-01T00:00:00Z",
      ipAllowlist: ["10.0.0.0/8"],
    });
    expect([...key.grantedPermissions].sort()).toEqual(["ADMIN", "EXECUTE", "READ", "WRITE"]);
    expect(key.scopes.has("runs:write")).toBe(true);
    expect(key.workspaces.get("alpha")).toEqual({ id: "w-1", slug: "alpha" });
    expect(key.workspaces.get("w-1")).toEqual({ id: "w-1", slug: "alpha" });
    expect(key.ipAllowlist?.allows("10.2.3.4")).toBe(true);
    expect(key.validResult).toEqual({
      valid: true,
      code: "VALID",
      keyId: "key-1",
      ownerId: "owner-1",
      environment: "PRODUCTION",
      permissions: ["ADMIN"],
      scopes: ["runs:write"],
      workspaces: [{ id: "w-1", slug: "alpha" }],
      expiresAt: "2026-05-01T00:00:00.000Z",
    });
    expect(Object.isFrozen(key.validResult)).toBe(true);
  });
});
