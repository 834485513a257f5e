import { describe, expect, it } from "vitest";
import type {
  ApiKeyChangedEvent,
  AuthFailureEvent,
  KeyActivityEvent,
  KeyRequestChangedEvent,
  UserChangedEvent,
} from "../events/index.ts";
import type { Permission, Role } from "../generated/prisma/enums.ts";
import type { Viewer } from "../identity/viewer.ts";
import {
  seesAuthFailure,
  seesKeyActivity,
  seesKeyChange,
  seesKeyRequestChange,
  seesUserChange,
  subscriberScopes,
} from "./subscriber-rules.ts";

const ACCOUNT = "account-a";
const OTHER_ACCOUNT = "account-b";
/** An account none of the viewers belongs to. */
const THIRD_ACCOUNT = "account-c";
const OWNER = "owner";

function session(
  role: Role,
  options: { profileId?: string; accountId?: string; mfaPending?: boolean } = {},
): Viewer {
  return {
    accountId: options.accountId ?? ACCOUNT,
    profileId: options.profileId ?? `someone-${role}`,
    role,
    via: "session",
    sessionId: "session",
    mfaVerified: true,
    mfaPending: options.mfaPending ?? false,
    key: null,
  };
}

function bearer(permissions: Permission[], ownerRole: Role = "USER", profileId = OWNER): Viewer {
  return {
    accountId: ACCOUNT,
    profileId,
    role: permissions.includes("ADMIN") ? ownerRole : "USER",
    via: "apiKey",
    sessionId: null,
    mfaVerified: false,
    mfaPending: false,
    key: {
      id: "bearer-key",
      permissions: new Set(permissions),
      scopes: [],
      environment: "DEVELOPMENT",
      expiresAt: null,
      workspaceIds: [],
    },
  };
}

const activity = (ownerId: string | null, accountId = ACCOUNT): KeyActivityEvent => ({
  accountId,
  keyId: ownerId === null ? null : "key",
  ownerId,
  presentedHint: null,
  workspaceId: null,
  module: null,
  action: "verify",
  result: "VALID",
  ip: null,
  occurredAt: new Date(0),
});

const failure = (
  kind: AuthFailureEvent["kind"],
  ownerId: string | null,
  accountId = ACCOUNT,
): AuthFailureEvent => ({
  accountId,
  kind,
  code: "REVOKED",
  keyId: kind === "SIGN_IN" ? null : "key",
  ownerId,
  presentedHint: null,
  email: kind === "SIGN_IN" ? "owner@example.test" : null,
  ip: null,
  occurredAt: new Date(0),
});

const keyChange = (accountId = ACCOUNT): ApiKeyChangedEvent => ({
  accountId,
  keyId: "key",
  ownerId: OWNER,
  status: "REVOKED",
  environment: "DEVELOPMENT",
  change: "REVOKED",
});

const requestChange = (accountId = ACCOUNT): KeyRequestChangedEvent => ({
  accountId,
  keyId: "key",
  requesterId: OWNER,
  status: "PENDING",
  change: "REQUESTED",
});

const userChange = (accountId = ACCOUNT): UserChangedEvent => ({
  accountId,
  profileId: OWNER,
  role: "USER",
  status: "INACTIVE",
  change: "OFFBOARDED",
});

// Who may read a key's metadata and usage (DESIGN §7): key auditors and the owner (session, or key with Read).
const keyReaders: Array<[string, boolean, Viewer]> = [
  ["super_admin", true, session("SUPER_ADMIN")],
  ["user_admin", true, session("USER_ADMIN")],
  ["billing_admin", true, session("BILLING_ADMIN")],
  ["model_admin", false, session("MODEL_ADMIN")],
  ["provider_admin", false, session("PROVIDER_ADMIN")],
  ["mcp_admin", false, session("MCP_ADMIN")],
  ["another user", false, session("USER")],
  ["the owner (session)", true, session("USER", { profileId: OWNER })],
  ["the owner with MFA pending", false, session("USER", { profileId: OWNER, mfaPending: true })],
  ["the owner's key with Read", true, bearer(["READ"])],
  ["the owner's key with Admin", true, bearer(["ADMIN"])],
  ["the owner's key with Execute only", false, bearer(["EXECUTE"])],
  ["a super_admin's key without Admin", false, bearer(["READ"], "SUPER_ADMIN", "admin")],
  ["a super_admin's key with Admin", true, bearer(["ADMIN"], "SUPER_ADMIN", "admin")],
  ["a super_admin of another account", false, session("SUPER_ADMIN", { accountId: OTHER_ACCOUNT })],
  [
    "a user of another account with the owner's id",
    false,
    session("USER", { profileId: OWNER, accountId: OTHER_ACCOUNT }),
  ],
];

describe("who receives which live event", () => {
  it.each(keyReaders)("key activity and key changes: %s receives them: %s", (_name, expected, viewer) => {
    const scopes = subscriberScopes(viewer);
    expect(seesKeyActivity(scopes, activity(OWNER))).toBe(expected);
    expect(seesKeyChange(scopes, keyChange())).toBe(expected);
    expect(seesAuthFailure(scopes, failure("VERIFY", OWNER))).toBe(expected);
    expect(seesAuthFailure(scopes, failure("GRAPHQL_BEARER", OWNER))).toBe(expected);
    // Another account's events never.
    expect(seesKeyActivity(scopes, activity(OWNER, THIRD_ACCOUNT))).toBe(false);
    expect(seesKeyChange(scopes, keyChange(THIRD_ACCOUNT))).toBe(false);
    expect(seesAuthFailure(scopes, failure("VERIFY", OWNER, THIRD_ACCOUNT))).toBe(false);
  });

  it("activity of a token that matched no key reaches the account's key auditors only", () => {
    expect(seesKeyActivity(subscriberScopes(session("BILLING_ADMIN")), activity(null))).toBe(true);
    expect(seesKeyActivity(subscriberScopes(session("USER", { profileId: OWNER })), activity(null))).toBe(
      false,
    );
    expect(seesAuthFailure(subscriberScopes(session("SUPER_ADMIN")), failure("VERIFY", null))).toBe(true);
    expect(seesAuthFailure(subscriberScopes(bearer(["READ"])), failure("VERIFY", null))).toBe(false);
  });

  const signInReaders: Array<[string, boolean, Viewer]> = [
    ["super_admin", true, session("SUPER_ADMIN")],
    ["user_admin", true, session("USER_ADMIN")],
    ["billing_admin", false, session("BILLING_ADMIN")],
    ["provider_admin", false, session("PROVIDER_ADMIN")],
    ["the person", true, session("USER", { profileId: OWNER })],
    ["another user", false, session("USER")],
    ["a super_admin of another account", false, session("SUPER_ADMIN", { accountId: OTHER_ACCOUNT })],
  ];
  it.each(signInReaders)("failed sign-ins: %s receives them: %s", (_name, expected, viewer) => {
    expect(seesAuthFailure(subscriberScopes(viewer), failure("SIGN_IN", OWNER))).toBe(expected);
  });

  const requestReaders: Array<[string, boolean, Viewer]> = [
    ["super_admin", true, session("SUPER_ADMIN")],
    ["user_admin", true, session("USER_ADMIN")],
    ["billing_admin", false, session("BILLING_ADMIN")],
    ["provider_admin", false, session("PROVIDER_ADMIN")],
    ["the requester", true, session("USER", { profileId: OWNER })],
    ["the requester's key with Read", true, bearer(["READ"])],
    ["the requester's key with Execute only", false, bearer(["EXECUTE"])],
    ["another user", false, session("USER")],
    ["a super_admin of another account", false, session("SUPER_ADMIN", { accountId: OTHER_ACCOUNT })],
  ];
  it.each(requestReaders)("key requests: %s receives them: %s", (_name, expected, viewer) => {
    expect(seesKeyRequestChange(subscriberScopes(viewer), requestChange())).toBe(expected);
    expect(seesKeyRequestChange(subscriberScopes(viewer), requestChange(THIRD_ACCOUNT))).toBe(false);
  });

  const peopleReaders: Array<[string, boolean, Viewer]> = [
    ["super_admin", true, session("SUPER_ADMIN")],
    ["user_admin", true, session("USER_ADMIN")],
    ["billing_admin", false, session("BILLING_ADMIN")],
    ["model_admin", false, session("MODEL_ADMIN")],
    ["the person", false, session("USER", { profileId: OWNER })],
    ["a user_admin's key without Admin", false, bearer(["READ"], "USER_ADMIN", "admin")],
    ["a user_admin's key with Admin", true, bearer(["ADMIN"], "USER_ADMIN", "admin")],
    ["a super_admin of another account", false, session("SUPER_ADMIN", { accountId: OTHER_ACCOUNT })],
  ];
  it.each(peopleReaders)("people changes: %s receives them: %s", (_name, expected, viewer) => {
    expect(seesUserChange(subscriberScopes(viewer), userChange())).toBe(expected);
    expect(seesUserChange(subscriberScopes(viewer), userChange(THIRD_ACCOUNT))).toBe(false);
  });
});
