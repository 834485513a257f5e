import { describe, expect, it } from "vitest";
import { loadContractSchema } from "../scripts/contract-schema.ts";

const printed = `
  type Query { viewer: Viewer }
  type Viewer { id: ID! }
  type KeywardError { code: String! }
  type Mutation { ping: Boolean }
`;

describe("The contract schema (schema.graphql plus the pending contract)", () => {
  it("adds what is pending", () => {
    const { schema, landed, unreferenced } = loadContractSchema(
      printed,
      `
        type SignInPayload { ok: Boolean! }
        union SignInResult = SignInPayload | KeywardError
        extend type Mutation { signIn: SignInResult! }
        extend type Viewer { role: String }
      `,
    );
    expect(Object.keys(schema.getMutationType()?.getFields() ?? {})).toEqual(["ping", "signIn"]);
    expect(Object.keys((schema.getType("Viewer") as { getFields(): object }).getFields())).toEqual([
      "id",
      "role",
    ]);
    expect(landed).toEqual([]);
    expect(unreferenced).toEqual([]);
  });

  it("lets schema.graphql win once a field lands, and reports the pending entry", () => {
    const { schema, landed } = loadContractSchema(
      `${printed} extend type Viewer { role: String! }`,
      `extend type Viewer { role: String, team: String }`,
    );
    const viewer = schema.getType("Viewer") as { getFields(): Record<string, { type: unknown }> };
    expect(String(viewer.getFields().role?.type)).toBe("String!");
    expect(Object.keys(viewer.getFields())).toEqual(["id", "role", "team"]);
    expect(landed).toEqual(["Viewer.role"]);
  });

  it("drops a guessed type that nothing references once the real field lands under another name", () => {
    const { schema, landed, unreferenced } = loadContractSchema(
      `${printed}
        type SignInSuccess { ok: Boolean! }
        union SignInOutcome = SignInSuccess | KeywardError
        extend type Mutation { signIn: SignInOutcome! }`,
      `
        type SignInPayload { ok: Boolean! }
        union SignInResult = SignInPayload | KeywardError
        extend type Mutation { signIn: SignInResult! }
      `,
    );
    expect(landed).toEqual(["Mutation.signIn"]);
    expect(unreferenced.sort()).toEqual(["SignInPayload", "SignInResult"]);
    expect(schema.getType("SignInPayload")).toBeUndefined();
  });

  it("adds the subscription root until the server has one", () => {
    const pending = `type Subscription { tick: Int! } extend schema { subscription: Subscription }`;
    expect(loadContractSchema(printed, pending).schema.getSubscriptionType()?.name).toBe("Subscription");
    const landed = loadContractSchema(`${printed} type Subscription { tick: Int! }`, pending);
    expect(landed.landed).toEqual(["Subscription.tick", "schema.subscription"]);
  });

  it("is schema.graphql itself when nothing is pending (a file of comments only)", () => {
    const { schema, landed, unreferenced } = loadContractSchema(printed, "# nothing pending\n");
    expect(Object.keys(schema.getQueryType()?.getFields() ?? {})).toEqual(["viewer"]);
    expect([landed, unreferenced]).toEqual([[], []]);
  });
});
