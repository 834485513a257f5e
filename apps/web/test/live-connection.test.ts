import { CombinedError } from "@urql/core";
import { GraphQLError } from "graphql";
import { describe, expect, it, vi } from "vitest";
import { describeError, describeKeywardError, fieldErrorsOf } from "../src/graphql/describe-error.ts";
import {
  createLiveConnection,
  isAuthenticationClose,
  reconnectDelay,
} from "../src/graphql/live-connection.ts";

describe("The live connection", () => {
  it("reports reconnections only after a first connection, so pages refetch what they missed", () => {
    const live = createLiveConnection();
    const onReconnect = vi.fn();
    live.onReconnect(onReconnect);
    live.update("connecting");
    live.update("connected");
    expect(onReconnect).not.toHaveBeenCalled();
    live.update("reconnecting");
    live.update("connected");
    expect(onReconnect).toHaveBeenCalledOnce();
    expect(live.status()).toBe("connected");
  });

  it("backs off exponentially with jitter, capped at 30 seconds", () => {
    expect(reconnectDelay(0, () => 0)).toBe(500);
    expect(reconnectDelay(0, () => 1)).toBe(1000);
    expect(reconnectDelay(3, () => 1)).toBe(8000);
    expect(reconnectDelay(20, () => 1)).toBe(30_000);
    expect(reconnectDelay(20, () => 0)).toBe(15_000);
  });

  it("stops retrying when the server says the session is gone", () => {
    expect(isAuthenticationClose({ code: 4401 })).toBe(true);
    expect(isAuthenticationClose({ code: 4403 })).toBe(true);
    expect(isAuthenticationClose({ code: 1006 })).toBe(false);
    expect(isAuthenticationClose(new Error("network"))).toBe(false);
  });
});

describe("Errors in words", () => {
  it("explains error codes and falls back to the API's message", () => {
    expect(describeKeywardError({ code: "SSO_MANAGED_ROLE", message: "x" })).toContain("identity provider");
    expect(describeKeywardError({ code: "CONFLICT", message: "x" })).toContain("Reload");
    expect(
      describeKeywardError({
        code: "VALIDATION_FAILED",
        message: "Invalid input",
        fieldIssues: [{ path: "input.name", message: "Name must not be empty" }],
      }),
    ).toBe("Check the form: Name must not be empty.");
    expect(
      fieldErrorsOf({
        code: "VALIDATION_FAILED",
        message: "",
        fieldIssues: [{ path: "input.ipAllowlist.2", message: "bad" }],
      }),
    ).toEqual({ 2: "bad" });
  });

  it("turns GraphQL and network errors into sentences", () => {
    const forbidden = new CombinedError({
      graphQLErrors: [new GraphQLError("Not authorized", { extensions: { code: "FORBIDDEN" } })],
    });
    expect(describeError(forbidden)).toBe(
      "Your role does not allow this. Ask an administrator if you need it.",
    );
    const unknown = new CombinedError({ graphQLErrors: [new GraphQLError("Something odd")] });
    expect(describeError(unknown)).toBe("Something odd");
    const network = new CombinedError({ networkError: new TypeError("Failed to fetch") });
    expect(describeError(network)).toContain("could not reach its server");
  });
});
