import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../errors/index.ts";
import { createInProcessEventBus } from "../events/index.ts";
import type { Actor } from "../identity/viewer.ts";
import { createManualClock } from "../runtime/clock.ts";
import {
  createTestDatabase,
  keyViewer,
  type SeededAccount,
  seedAccount,
  seedKey,
  sessionViewer,
  type TestDatabase,
  testEngines,
} from "../test-support/index.ts";
import { createApiKey } from "./create-api-key.ts";
import type { KeyDependencies } from "./key-dependencies.ts";
import { offboardUser } from "./offboard-user.ts";
import { revokeApiKey } from "./revoke-api-key.ts";
import { rotateApiKey } from "./rotate-api-key.ts";
import { hashToken } from "./token-format.ts";

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
};

const baseInput = {
  name: "ci deploy",
  module: "WORKFLOW_AUTOMATION",
  permissions: ["READ", "WRITE"],
  environment: "DEVELOPMENT",
};

describe.each(testEngines())("key lifecycle [%s]", (engine) => {
  let db: TestDatabase;
  let deps: KeyDependencies;
  let seeded: SeededAccount;
  let owner: Actor;
  let admin: Actor;

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    deps = { prisma: db.prisma, clock: createManualClock(new Date()), events: createInProcessEventBus() };
    seeded = await seedAccount(db.prisma, { admin: "SUPER_ADMIN", owner: "USER", leaver: "USER" });
    owner = { ...sessionViewer(seeded.profiles.owner!), ip: "127.0.0.1" };
    admin = { ...sessionViewer(seeded.profiles.admin!), ip: "127.0.0.1" };
  });
  afterAll(async () => {
    await db.close();
  });

  it("issues a token of the documented format that is stored only as its hash", async () => {
    const issued = await createApiKey(deps, owner, baseInput);
    expect(issued.token).toMatch(/^kw_dev_[0-9A-Za-z]{36}$/);
    const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: issued.key.id } });
    expect(row.hash).toBe(hashToken(issued.token));
    expect(JSON.stringify(row)).not.toContain(issued.token);
    expect(row.displayHint).toMatch(/^kw_dev_[0-9A-Za-z]{4}…[0-9A-Za-z]{6}$/);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({
      where: { targetId: row.id, action: "apiKey.created" },
    });
    expect(JSON.stringify({ ...audit, id: audit.id.toString() })).not.toContain(issued.token);
  });

  it.each([
    [{ ...baseInput, environment: "PRODUCTION" }, "EXPIRY_REQUIRED"],
    [{ ...baseInput, permissions: ["EXECUTE"] }, "OK"],
    [{ ...baseInput, name: "   " }, "VALIDATION_FAILED"],
    [{ ...baseInput, name: "x".repeat(101) }, "VALIDATION_FAILED"],
    [{ ...baseInput, ipAllowlist: ["10.0.0.0/33"] }, "VALIDATION_FAILED"],
    [{ ...baseInput, ipAllowlist: ["not-an-ip"] }, "VALIDATION_FAILED"],
    [{ ...baseInput, scopes: ["root:everything"] }, "VALIDATION_FAILED"],
    [{ ...baseInput, permissions: [] }, "VALIDATION_FAILED"],
    [{ ...baseInput, expiresAt: new Date(Date.now() + 400 * 86_400_000) }, "EXPIRY_TOO_LONG"],
    [{ ...baseInput, expiresAt: new Date(Date.now() - 1000) }, "VALIDATION_FAILED"],
    [{ ...baseInput, environment: "PRODUCTION", expiresInDays: "DAYS_60" }, "OK"],
    [{ ...baseInput, module: "NOT_A_MODULE" }, "VALIDATION_FAILED"],
  ])("validates %o → %s (MFA-verified session)", async (input, expected) => {
    expect(await codeOf(createApiKey(deps, owner, input))).toBe(expected);
  });

  it("refuses Execute and Admin keys without an MFA-verified session", async () => {
    const unverified = { ...owner, mfaVerified: false };
    expect(await codeOf(createApiKey(deps, unverified, { ...baseInput, permissions: ["EXECUTE"] }))).toBe(
      "MFA_REQUIRED",
    );
    expect(await codeOf(createApiKey(deps, unverified, { ...baseInput, permissions: ["ADMIN"] }))).toBe(
      "MFA_REQUIRED",
    );
    expect(await codeOf(createApiKey(deps, unverified, baseInput))).toBe("OK");
  });

  it("refuses a key minting a key with more power than itself", async () => {
    const { key } = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: seeded.profiles.owner!.id,
    });
    const asKey = { ...keyViewer(seeded.profiles.owner!, key), ip: null };
    expect(await codeOf(createApiKey(deps, asKey, { ...baseInput, permissions: ["ADMIN"] }))).toBe(
      "PRIVILEGE_ESCALATION",
    );
    expect(await codeOf(createApiKey(deps, asKey, { ...baseInput, scopes: ["mcp:call"] }))).toBe(
      "PRIVILEGE_ESCALATION",
    );
    expect(await codeOf(createApiKey(deps, asKey, { ...baseInput, environment: "STAGING" }))).toBe(
      "PRIVILEGE_ESCALATION",
    );
    expect(
      await codeOf(
        createApiKey(deps, asKey, { ...baseInput, permissions: ["READ"], scopes: ["runs:write"] }),
      ),
    ).toBe("OK");
  });

  it("leaves exactly one active successor when two rotations race", async () => {
    const issued = await createApiKey(deps, owner, baseInput);
    const outcomes = await Promise.all([
      codeOf(rotateApiKey(deps, owner, issued.key.id)),
      codeOf(rotateApiKey(deps, owner, issued.key.id)),
    ]);
    expect(outcomes.filter((outcome) => outcome === "OK")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== "OK")[0]).toMatch(
      /KEY_REVOKED|KEY_ALREADY_ROTATED|KEY_NOT_ACTIVE/,
    );
    const successors = await db.prisma.apiKey.findMany({ where: { rotatedFromId: issued.key.id } });
    expect(successors).toHaveLength(1);
    expect(successors[0]?.status).toBe("ACTIVE");
    const previous = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: issued.key.id } });
    expect(previous).toMatchObject({ status: "REVOKED", revocationCause: "ROTATED" });
  });

  it("keeps revoked keys revoked on every path", async () => {
    const issued = await createApiKey(deps, owner, baseInput);
    await revokeApiKey(deps, admin, issued.key.id, { cause: "LEAKED", note: "found in a public repo" });
    expect(await codeOf(revokeApiKey(deps, admin, issued.key.id, {}))).toBe("KEY_REVOKED");
    expect(await codeOf(rotateApiKey(deps, owner, issued.key.id))).toBe("KEY_REVOKED");
    expect(await codeOf(rotateApiKey(deps, owner, issued.key.id, "REGENERATED"))).toBe("KEY_REVOKED");
    await expect(
      db.prisma.apiKey.update({ where: { id: issued.key.id }, data: { status: "ACTIVE" } }),
    ).rejects.toThrow();
    const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: issued.key.id } });
    expect(row).toMatchObject({ status: "REVOKED", revokedById: admin.profileId, revocationCause: "LEAKED" });
  });

  it("answers another account's key as not found", async () => {
    const foreign = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
    const issued = await createApiKey(deps, owner, baseInput);
    const stranger = { ...sessionViewer(foreign.profiles.admin!), ip: null };
    expect(await codeOf(revokeApiKey(deps, stranger, issued.key.id, {}))).toBe("NOT_FOUND");
    expect(await codeOf(rotateApiKey(deps, stranger, issued.key.id))).toBe("NOT_FOUND");
    expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id: issued.key.id } })).status).toBe(
      "ACTIVE",
    );
  });

  it("offboards a leaver: keys revoked first, then deactivated, sessions ended, all audited in order", async () => {
    const leaver = { ...sessionViewer(seeded.profiles.leaver!), ip: null };
    const first = await createApiKey(deps, leaver, baseInput);
    const second = await createApiKey(deps, leaver, { ...baseInput, name: "second" });
    await db.prisma.session.create({
      data: { id: "a".repeat(64), profileId: leaver.profileId, expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const result = await offboardUser(deps, admin, leaver.profileId, "left the company");
    expect(result.revokedKeys.map((key) => key.id).sort()).toEqual([first.key.id, second.key.id].sort());
    expect(result.endedSessionIds).toEqual(["a".repeat(64)]);
    const profile = await db.prisma.profile.findUniqueOrThrow({ where: { id: leaver.profileId } });
    expect(profile.status).toBe("INACTIVE");
    expect(await db.prisma.session.count({ where: { profileId: leaver.profileId } })).toBe(0);
    const trail = await db.prisma.auditEvent.findMany({
      where: { accountId: seeded.accountId, action: { in: ["apiKey.revoked", "user.offboarded"] } },
      orderBy: { seq: "asc" },
    });
    const relevant = trail.filter(
      (event) =>
        event.targetId === leaver.profileId || [first.key.id, second.key.id].includes(event.targetId ?? ""),
    );
    expect(relevant.map((event) => event.action)).toEqual([
      "apiKey.revoked",
      "apiKey.revoked",
      "user.offboarded",
    ]);
    expect(await codeOf(offboardUser(deps, admin, admin.profileId, null))).toBe("SELF_LOCKOUT");
  });
});
