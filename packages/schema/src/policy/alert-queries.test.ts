import { toGlobalId } from "graphql-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../audit/audit-actor.ts";
import type { Profile } from "../generated/prisma/client.ts";
import {
  createSchemaHarness,
  createTestDatabase,
  errorCodesOf,
  keyViewer,
  type SchemaHarness,
  type SeededAccount,
  seedAccount,
  seedKey,
  sessionViewer,
  type TestDatabase,
  testEngines,
} from "../test-support/index.ts";
import { type AlertDraft, raiseAlert } from "./alerts.ts";

const listAlerts = `query($first: Int, $after: String, $unresolvedOnly: Boolean) {
  alerts(first: $first, after: $after, unresolvedOnly: $unresolvedOnly) {
    edges { cursor node { message kind severity resolved subject apiKey { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const myAlerts = `{ viewer { alerts { edges { node { message } } } } }`;
const resolve = `mutation($id: ID!) { resolveAlert(input: { id: $id }) {
  __typename
  ... on ResolveAlertPayload { alert { message resolved resolvedAt } }
  ... on KeywardError { code }
} }`;

describe.each(testEngines())("alerts [%s]", (engine) => {
  let db: TestDatabase;
  let harness: SchemaHarness;
  let seeded: SeededAccount;
  const ids = new Map<string, string>();
  const profile = (name: string) => seeded.profiles[name] as Profile;
  const messages = (result: { data?: unknown }, path: "alerts" | "viewer") => {
    const data = result.data as Record<
      string,
      { edges?: Array<{ node: { message: string } }>; alerts?: unknown }
    >;
    const connection = (path === "viewer" ? data.viewer?.alerts : data.alerts) as {
      edges: Array<{ node: { message: string } }>;
    };
    return connection.edges.map((edge) => edge.node.message);
  };

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    harness = createSchemaHarness(db);
    seeded = await seedAccount(db.prisma, {
      admin: "SUPER_ADMIN",
      billing: "BILLING_ADMIN",
      modelAdmin: "MODEL_ADMIN",
      owner: "USER",
      other: "USER",
    });
    const { key } = await seedKey(db.prisma, { accountId: seeded.accountId, ownerId: profile("owner").id });
    await db.prisma.apiKey.update({ where: { id: key.id }, data: { name: "owned" } });
    const drafts: Array<Omit<AlertDraft, "accountId">> = [
      {
        apiKeyId: key.id,
        profileId: profile("owner").id,
        kind: "NEW_IP",
        severity: "WARNING",
        message: "owner-new-ip",
        data: { subject: "198.51.100.0/24", ip: "198.51.100.20" },
        dedupeKey: "test:1",
      },
      {
        apiKeyId: null,
        profileId: null,
        kind: "FAILED_AUTH_BURST",
        severity: "WARNING",
        message: "account-burst",
        data: { subject: "192.0.2.1" },
        dedupeKey: "test:2",
      },
      {
        apiKeyId: key.id,
        profileId: profile("owner").id,
        kind: "ROTATION_DUE",
        severity: "WARNING",
        message: "owner-rotation",
        dedupeKey: "test:3",
      },
    ];
    for (const [index, draft] of drafts.entries()) {
      const alert = await db.prisma.$transaction((tx) =>
        raiseAlert(
          tx,
          { ...draft, accountId: seeded.accountId },
          systemActor(seeded.accountId),
          "POLICY",
          new Date(Date.UTC(2026, 0, 1, 0, index)),
        ),
      );
      if (!alert) throw new Error("not raised");
      ids.set(draft.message, toGlobalId("Alert", alert.id));
    }
  });
  afterAll(async () => {
    await db.close();
  });

  it("lists every alert of the account to key auditors, newest first, with pages", async () => {
    for (const name of ["admin", "billing"]) {
      const result = await harness.run(listAlerts, sessionViewer(profile(name)));
      expect(result.errors).toBeUndefined();
      expect(messages(result, "alerts")).toEqual(["owner-rotation", "account-burst", "owner-new-ip"]);
    }
    const page = await harness.run(listAlerts, sessionViewer(profile("admin")), { first: 2 });
    const connection = (page.data as { alerts: { pageInfo: { hasNextPage: boolean; endCursor: string } } })
      .alerts;
    expect(connection.pageInfo.hasNextPage).toBe(true);
    const rest = await harness.run(listAlerts, sessionViewer(profile("admin")), {
      first: 2,
      after: connection.pageInfo.endCursor,
    });
    expect(messages(rest, "alerts")).toEqual(["owner-new-ip"]);
    const detail = await harness.run(listAlerts, sessionViewer(profile("admin")), { first: 1, after: null });
    expect(
      (detail.data as { alerts: { edges: Array<{ node: unknown }> } }).alerts.edges[0]?.node,
    ).toMatchObject({
      kind: "ROTATION_DUE",
      apiKey: { name: "owned" },
      resolved: false,
    });
  });

  it("refuses the admin list to users, other admins and keys without Admin", async () => {
    const { key } = await seedKey(db.prisma, { accountId: seeded.accountId, ownerId: profile("admin").id });
    for (const viewer of [
      sessionViewer(profile("owner")),
      sessionViewer(profile("modelAdmin")),
      keyViewer(profile("admin"), key),
    ]) {
      expect(errorCodesOf(await harness.run(listAlerts, viewer))).toEqual(["FORBIDDEN"]);
    }
    expect(errorCodesOf(await harness.run(listAlerts, null))).toEqual(["UNAUTHENTICATED"]);
  });

  it("shows owners the alerts about their own keys only", async () => {
    const own = await harness.run(myAlerts, sessionViewer(profile("owner")));
    expect(messages(own, "viewer")).toEqual(["owner-rotation", "owner-new-ip"]);
    expect(messages(await harness.run(myAlerts, sessionViewer(profile("other"))), "viewer")).toEqual([]);
    const node = await harness.run(
      `query($id: ID!) { node(id: $id) { ... on Alert { message subject } } }`,
      sessionViewer(profile("owner")),
      {
        id: ids.get("owner-new-ip"),
      },
    );
    expect(node.data?.node).toEqual({ message: "owner-new-ip", subject: "198.51.100.0/24" });
    const denied = await harness.run(
      `query($id: ID!) { node(id: $id) { ... on Alert { message } } }`,
      sessionViewer(profile("other")),
      {
        id: ids.get("owner-new-ip"),
      },
    );
    expect(errorCodesOf(denied)).toContain("FORBIDDEN");
  });

  it("filters unresolved alerts, and lets the owner resolve their own (audited)", async () => {
    const refused = await harness.run(resolve, sessionViewer(profile("other")), {
      id: ids.get("owner-new-ip"),
    });
    expect(errorCodesOf(refused)).toEqual(["FORBIDDEN"]);
    const result = await harness.run(resolve, sessionViewer(profile("owner")), {
      id: ids.get("owner-new-ip"),
    });
    expect(result.data?.resolveAlert).toMatchObject({
      __typename: "ResolveAlertPayload",
      alert: { message: "owner-new-ip", resolved: true },
    });
    const audit = await db.prisma.auditEvent.findFirstOrThrow({
      where: { accountId: seeded.accountId, action: "alert.resolved" },
    });
    expect(audit.actorId).toBe(profile("owner").id);
    const open = await harness.run(listAlerts, sessionViewer(profile("admin")), { unresolvedOnly: true });
    expect(messages(open, "alerts")).toEqual(["owner-rotation", "account-burst"]);
  });

  it("lets a key with READ and WRITE resolve its owner's alert, not a key with READ only", async () => {
    const readOnly = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: profile("owner").id,
      permissions: ["READ"],
    });
    const refused = await harness.run(resolve, keyViewer(profile("owner"), readOnly.key), {
      id: ids.get("owner-rotation"),
    });
    expect(errorCodesOf(refused)).toEqual(["FORBIDDEN"]);
    const writer = await seedKey(db.prisma, {
      accountId: seeded.accountId,
      ownerId: profile("owner").id,
      permissions: ["READ", "WRITE"],
    });
    const result = await harness.run(resolve, keyViewer(profile("owner"), writer.key), {
      id: ids.get("owner-rotation"),
    });
    expect(result.data?.resolveAlert).toMatchObject({ alert: { resolved: true } });
  });

  it("leaves account-wide alerts to people admins", async () => {
    for (const name of ["billing", "owner"]) {
      const refused = await harness.run(resolve, sessionViewer(profile(name)), {
        id: ids.get("account-burst"),
      });
      expect(errorCodesOf(refused)).toEqual(["FORBIDDEN"]);
    }
    const result = await harness.run(resolve, sessionViewer(profile("admin")), {
      id: ids.get("account-burst"),
    });
    expect(result.data?.resolveAlert).toMatchObject({ alert: { resolved: true } });
  });

  it("answers another account's alert as not found", async () => {
    const foreign = await seedAccount(db.prisma, { admin: "SUPER_ADMIN" });
    const viewer = sessionViewer(foreign.profiles.admin as Profile);
    const node = await harness.run(`query($id: ID!) { node(id: $id) { id } }`, viewer, {
      id: ids.get("owner-rotation"),
    });
    expect(node).toEqual({ data: { node: null } });
    const result = await harness.run(resolve, viewer, { id: ids.get("owner-rotation") });
    expect(result.data?.resolveAlert).toEqual({ __typename: "KeywardError", code: "NOT_FOUND" });
    expect(messages(await harness.run(listAlerts, viewer), "alerts")).toEqual([]);
  });
});
