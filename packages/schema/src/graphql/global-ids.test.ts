import { GraphQLError } from "graphql";
import { toGlobalId } from "graphql-relay";
import { describe, expect, it } from "vitest";
import { decodeKeywardGlobalId } from "./global-ids.ts";

const codeOf = (globalId: string) => {
  try {
    decodeKeywardGlobalId(globalId);
    return "decoded";
  } catch (error) {
    return error instanceof GraphQLError ? String(error.extensions.code) : "uncoded";
  }
};

describe("decodeKeywardGlobalId", () => {
  it("decodes a global id", () => {
    const id = "01900000-0000-7000-8000-000000000000";
    expect(decodeKeywardGlobalId(toGlobalId("ApiKey", id))).toEqual({ typename: "ApiKey", id });
  });

  it.each([
    ["not base64", "not-a-global-id!!"],
    ["empty", ""],
    ["no type", Buffer.from("01900000-0000-7000-8000-000000000000").toString("base64")],
    ["a NUL byte (PostgreSQL text cannot hold it)", toGlobalId("ApiKey", "0190\u0000")],
    ["a control character", toGlobalId("ApiKey", "0190\n")],
    ["an id longer than any Keyward issues", toGlobalId("ApiKey", "x".repeat(101))],
  ])("refuses %s as VALIDATION_FAILED", (_what, globalId) => {
    expect(codeOf(globalId)).toBe("VALIDATION_FAILED");
  });
});
