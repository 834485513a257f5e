import { describe, expect, it } from "vitest";
import { ssoIdentityFromClaims } from "./sso-claims.ts";
import { parseSsoRoleMap, resolveSsoRole, roleClaimValues } from "./sso-role-map.ts";

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("parseSsoRoleMap", () => {
  it("parses claim-value=ROLE entries in order, roles in any case, spaces ignored", () => {
    const map = parseSsoRoleMap(" platform-admins=SUPER_ADMIN , billing=billing_admin,cn=ops=user");
    expect(map.entries).toEqual([
      { claimValue: "platform-admins", role: "SUPER_ADMIN" },
      { claimValue: "billing", role: "BILLING_ADMIN" },
      { claimValue: "cn=ops", role: "USER" },
    ]);
  });

  it("reads an empty text as an empty map", () => {
    expect(parseSsoRoleMap("").entries).toEqual([]);
    expect(parseSsoRoleMap("   ").entries).toEqual([]);
  });

  it("keeps a repeated entry once when it agrees", () => {
    expect(parseSsoRoleMap("a=USER_ADMIN,a=user_admin").entries).toEqual([
      { claimValue: "a", role: "USER_ADMIN" },
    ]);
  });

  it.each([
    ["admins", /entry 1 "admins" has no "="/],
    ["admins=SUPER_ADMIN,", /entry 2 is empty/],
    ["=SUPER_ADMIN", /no claim value/],
    ["admins=ROOT", /unknown role "ROOT" \(use one of SUPER_ADMIN, .*USER\)/],
    ["admins=", /unknown role ""/],
    [
      "a=USER_ADMIN,a=SUPER_ADMIN",
      /entry 2 maps "a" to SUPER_ADMIN but an earlier entry maps it to USER_ADMIN/,
    ],
  ])("refuses %j with a message that says what is wrong", (text, message) => {
    expect(() => parseSsoRoleMap(text)).toThrow(message);
  });
});

describe("resolveSsoRole", () => {
  const map = parseSsoRoleMap("platform-admins=SUPER_ADMIN,billing=BILLING_ADMIN,people=USER_ADMIN");

  it("maps a single value", () => {
    expect(resolveSsoRole(map, ["billing"])).toBe("BILLING_ADMIN");
  });

  it("lets the entry listed first win when several values are mapped", () => {
    expect(resolveSsoRole(map, ["people", "billing", "platform-admins"])).toBe("SUPER_ADMIN");
    expect(resolveSsoRole(map, ["people", "billing"])).toBe("BILLING_ADMIN");
  });

  it("gives USER to unmapped or missing values, and compares exactly", () => {
    expect(resolveSsoRole(map, ["engineering"])).toBe("USER");
    expect(resolveSsoRole(map, [])).toBe("USER");
    expect(resolveSsoRole(map, ["Billing"])).toBe("USER");
    expect(resolveSsoRole(parseSsoRoleMap(""), ["platform-admins"])).toBe("USER");
  });
});

describe("roleClaimValues", () => {
  it("reads a string or the strings of an array", () => {
    expect(roleClaimValues({ role: "billing" }, "role")).toEqual(["billing"]);
    expect(roleClaimValues({ groups: ["a", 3, "b", null] }, "groups")).toEqual(["a", "b"]);
  });

  it("prefers a claim whose name contains dots, else follows a dotted path", () => {
    expect(roleClaimValues({ "https://acme.test/roles": ["x"] }, "https://acme.test/roles")).toEqual(["x"]);
    expect(roleClaimValues({ realm_access: { roles: ["ops"] } }, "realm_access.roles")).toEqual(["ops"]);
    expect(roleClaimValues({ realm_access: ["ops"] }, "realm_access.roles")).toEqual([]);
  });

  it("gives nothing for a missing or non-string claim", () => {
    expect(roleClaimValues({}, "groups")).toEqual([]);
    expect(roleClaimValues({ groups: { admin: true } }, "groups")).toEqual([]);
    expect(roleClaimValues({ groups: 1 }, "groups")).toEqual([]);
  });
});

describe("ssoIdentityFromClaims", () => {
  const claims = { sub: "user-1", email: " Ada@Example.TEST ", name: "Ada Lovelace", groups: ["billing"] };

  it("reads subject, normalised email, display name and role claim values", () => {
    expect(ssoIdentityFromClaims(claims, "groups")).toEqual({
      subject: "user-1",
      email: "ada@example.test",
      displayName: "Ada Lovelace",
      roleClaimValues: ["billing"],
    });
  });

  it("falls back to given and family name, then preferred_username, then email for the name", () => {
    const { name: _name, ...unnamed } = claims;
    expect(
      ssoIdentityFromClaims({ ...unnamed, given_name: "Ada", family_name: "L" }, "groups").displayName,
    ).toBe("Ada L");
    expect(ssoIdentityFromClaims({ ...unnamed, preferred_username: "ada" }, "groups").displayName).toBe(
      "ada",
    );
    expect(ssoIdentityFromClaims(unnamed, "groups").displayName).toBe("ada@example.test");
  });

  it.each([
    [{ ...claims, sub: "" }, /subject/],
    [{ ...claims, sub: 42 }, /subject/],
    [{ ...claims, email: undefined }, /email claim/],
    [{ ...claims, email: "not-an-email" }, /email claim/],
    [{ ...claims, email_verified: false }, /unverified/],
  ])("refuses unusable claims with SSO_CLAIMS_INVALID (%#)", (bad, message) => {
    expect(thrownBy(() => ssoIdentityFromClaims(bad, "groups"))).toMatchObject({
      code: "SSO_CLAIMS_INVALID",
      message: expect.stringMatching(message),
    });
  });

  it("accepts an email the provider marks verified or does not mention", () => {
    expect(ssoIdentityFromClaims({ ...claims, email_verified: true }, "groups").email).toBe(
      "ada@example.test",
    );
  });
});
