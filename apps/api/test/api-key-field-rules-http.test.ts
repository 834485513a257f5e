import { type ApiKeyFieldCaller, apiKeyFieldCells, testEngines } from "@keyward/schema/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCodes, seedPeople, signInOverHttp } from "./support/identity-fixtures.ts";
import { seedApiKey } from "./support/key-seeds.ts";
import { graphql, startTestServer, type TestServer } from "./support/test-server.ts";

// DESIGN §7 over real HTTP: every cell, with real sessions (signed in over HTTP) and real
// bearer keys, against the running server.
describe.each(testEngines())("ApiKey field rules over HTTP [%s]", (engine) => {
  let server: TestServer;
  let keyId: string;
  const credentials = new Map<ApiKeyFieldCaller, Record<string, string>>();

  beforeAll(async () => {
    server = await startTestServer(engine);
    const prisma = server.app.database.prisma;
    const account = await seedPeople(prisma, {
      admin: "SUPER_ADMIN",
      userAdmin: "USER_ADMIN",
      billing: "BILLING_ADMIN",
      modelAdmin: "MODEL_ADMIN",
      owner: "USER",
      other: "USER",
    });
    const people = account.profiles;
    const target = await seedApiKey(prisma, account, {
      ownerId: people.owner?.id ?? "",
      status: "REVOKED",
      workspaceIds: [account.workspaceId],
    });
    await prisma.apiKey.update({ where: { id: target.id }, data: { revokedById: people.admin?.id ?? null } });
    keyId = Buffer.from(`ApiKey:${target.id}`).toString("base64");
    const session = async (name: string) => {
      const signedIn = await signInOverHttp(server.url, people[name]?.email ?? "");
      expect(signedIn.cookie).not.toBe("");
      return { cookie: signedIn.cookie };
    };
    const bearer = async (ownerId: string, permissions: Array<"READ" | "WRITE" | "ADMIN">) => {
      const key = await seedApiKey(prisma, account, { ownerId, permissions });
      return { authorization: `Bearer ${key.token}` };
    };
    credentials.set("super_admin", await session("admin"));
    credentials.set("user_admin", await session("userAdmin"));
    credentials.set("billing_admin", await session("billing"));
    credentials.set("owner (session)", await session("owner"));
    credentials.set("another user", await session("other"));
    credentials.set("model_admin (not the owner)", await session("modelAdmin"));
    credentials.set("owner's key with Read", await bearer(people.owner?.id ?? "", ["READ"]));
    credentials.set("owner's key without Read", await bearer(people.owner?.id ?? "", ["WRITE"]));
    credentials.set("super_admin's key without Admin", await bearer(people.admin?.id ?? "", ["READ"]));
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(apiKeyFieldCells)("$caller → $field: granted=$granted", async ({ caller, field, granted }) => {
    const { status, body } = await graphql(
      server.url,
      `query($id: ID!) { node(id: $id) { ... on ApiKey { ${field} } } }`,
      { id: keyId },
      credentials.get(caller),
    );
    expect(status).toBe(200);
    const name = field.split(" ")[0] ?? field;
    const node = body.data?.node as Record<string, unknown> | null | undefined;
    if (granted) {
      expect(body.errors).toBeUndefined();
      expect(node).toHaveProperty(name);
    } else {
      expect(errorCodes(body)).toContain("FORBIDDEN");
      expect(node?.[name] ?? null).toBeNull();
    }
  });
});
