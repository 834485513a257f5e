import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { UserDetailPage } from "../src/users/user-detail-page.tsx";
import { UsersPage } from "../src/users/users-page.tsx";
import { connection, keyFixture, viewerFixture } from "./support/fixtures.ts";
import { createMockApi } from "./support/mock-api.ts";
import { renderSignedIn } from "./support/render.tsx";

const admin = viewerFixture({ role: "SUPER_ADMIN" });

function person(overrides: Record<string, unknown> = {}) {
  return {
    __typename: "Profile",
    id: "u-ada",
    displayName: "Ada Lovelace",
    email: "ada@example.com",
    role: "USER",
    orgUnit: "Payments",
    lastSignInAt: "2025-03-01T10:00:00.000Z",
    status: "ACTIVE",
    kind: "USER",
    ssoManaged: false,
    createdAt: "2024-01-01T10:00:00.000Z",
    mfaEnabled: true,
    ...overrides,
  };
}

function detailApi(user: Record<string, unknown>, extra: Parameters<typeof createMockApi>[0] = {}) {
  const activity = {
    since: "2025-02-01T00:00:00.000Z",
    verifications: 1200,
    failedVerifications: 3,
    keys: [
      {
        verifications: 1200,
        failedVerifications: 3,
        apiKey: keyFixture({ id: "k-live", name: "payments-prod", environment: "PRODUCTION" }),
      },
      {
        verifications: 0,
        failedVerifications: 0,
        apiKey: keyFixture({ id: "k-old", name: "old-key", status: "REVOKED" }),
      },
    ],
    events: [
      {
        seq: 7,
        action: "key.created",
        actorKind: "USER",
        actor: { __typename: "Profile", id: user.id, displayName: user.displayName },
        targetType: "ApiKey",
        targetId: "k-live",
        cause: null,
        ip: "203.0.113.4",
        occurredAt: "2025-03-01T10:00:00.000Z",
      },
    ],
  };
  return createMockApi({
    user: (args) => {
      expect(args.id).toBe(user.id);
      return {
        ...user,
        activity: (activityArgs: Record<string, unknown>) => ({ ...activity, days: activityArgs.days }),
      };
    },
    ...extra,
  });
}

beforeEach(() => {
  window.history.replaceState(null, "", "/admin/users");
});

describe("Users", () => {
  it("searches live and filters by role, status and kind", async () => {
    const user = userEvent.setup();
    const api = createMockApi({ users: () => connection([person()]) });
    renderSignedIn(<UsersPage />, api, admin);
    await screen.findByText("Ada Lovelace");
    await user.type(screen.getByRole("searchbox", { name: "Search" }), "ada");
    await user.selectOptions(screen.getByLabelText("Role"), "USER_ADMIN");
    await user.selectOptions(screen.getByLabelText("Status"), "INACTIVE");
    await user.selectOptions(screen.getByLabelText("Kind"), "SERVICE_ACCOUNT");
    await waitFor(() =>
      expect(api.sent.at(-1)?.variables.filter).toEqual({
        search: "ada",
        role: ["USER_ADMIN"],
        status: ["INACTIVE"],
        kind: "SERVICE_ACCOUNT",
      }),
    );
    expect(Object.fromEntries(new URLSearchParams(window.location.search))).toEqual({
      q: "ada",
      role: "USER_ADMIN",
      status: "INACTIVE",
      kind: "SERVICE_ACCOUNT",
    });
  });

  it("edits a role and says when it applies", async () => {
    const user = userEvent.setup();
    let sent: unknown;
    const api = detailApi(person(), {
      setUserRole: ({ input }) => {
        sent = input;
        return { __typename: "ProfilePayload", profile: person({ role: "USER_ADMIN" }) };
      },
    });
    renderSignedIn(<UserDetailPage id="u-ada" />, api, admin);
    const role = await screen.findByRole("combobox", { name: "Role" });
    expect(screen.getByText(/the identity provider's role mapping wins at every sign-in/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Save role" })).toHaveProperty("disabled", true);
    await user.selectOptions(role, "USER_ADMIN");
    await user.click(screen.getByRole("button", { name: "Save role" }));
    expect((await screen.findByRole("status", { name: "" })).textContent).toContain("is now User admin");
    expect(sent).toEqual({ userId: "u-ada", role: "USER_ADMIN" });
  });

  it("explains the SSO rule and does not offer a manual edit for an SSO-managed user", async () => {
    const api = detailApi(person({ ssoManaged: true, role: "USER_ADMIN" }));
    renderSignedIn(<UserDetailPage id="u-ada" />, api, admin);
    expect(await screen.findByText("Role managed by single sign-on")).toBeTruthy();
    expect(screen.getByText(/set again at every sign-in, so manual edits would not last/)).toBeTruthy();
    expect(screen.getByRole("combobox", { name: "Role" })).toHaveProperty("disabled", true);
    expect(api.operationNames()).not.toContain("SetUserRole");
  });

  it("offboards as one guided action: the keys to revoke, a required reason, then the outcome", async () => {
    const user = userEvent.setup();
    let sent: unknown;
    const api = detailApi(person(), {
      offboardUser: ({ input }) => {
        sent = input;
        return {
          __typename: "OffboardUserPayload",
          profile: person({ status: "INACTIVE" }),
          revokedKeys: [keyFixture({ id: "k-live", status: "REVOKED", revocationCause: "LEAVER" })],
        };
      },
    });
    renderSignedIn(<UserDetailPage id="u-ada" />, api, admin);
    await user.click(await screen.findByRole("button", { name: "Offboard…" }));
    const dialog = screen.getByRole("dialog", { name: "Offboard Ada Lovelace" });
    const steps = within(dialog)
      .getAllByRole("listitem")
      .map((item) => item.textContent ?? "");
    expect(steps[0]).toContain("Revoke every key they own");
    expect(within(dialog).getByText("payments-prod")).toBeTruthy();
    expect(within(dialog).queryByText("old-key")).toBeNull();

    await user.click(within(dialog).getByRole("button", { name: "Revoke keys and deactivate" }));
    expect(within(dialog).getByLabelText("Reason").getAttribute("aria-invalid")).toBe("true");
    await user.type(within(dialog).getByLabelText("Reason"), "Left on 3 March");
    await user.click(within(dialog).getByRole("button", { name: "Revoke keys and deactivate" }));

    expect(await within(dialog).findByText("Ada Lovelace is offboarded")).toBeTruthy();
    expect(dialog.textContent).toContain("1 key was revoked");
    expect(sent).toEqual({ userId: "u-ada", reason: "Left on 3 March" });
  });

  it("does not let admins offboard or deactivate themselves", async () => {
    const self = person({ id: admin.id });
    const api = detailApi(self);
    renderSignedIn(<UserDetailPage id={admin.id} />, api, admin);
    expect(await screen.findByRole("button", { name: "Offboard…" })).toHaveProperty("disabled", true);
    expect(screen.getByRole("button", { name: "Deactivate" })).toHaveProperty("disabled", true);
  });
});

describe("A user's activity", () => {
  it("summarises key usage and lists recent actions", async () => {
    const user = userEvent.setup();
    const api = detailApi(person());
    renderSignedIn(<UserDetailPage id="u-ada" />, api, admin);
    expect(await screen.findByText("1,200", { selector: ".kw-stat__value" })).toBeTruthy();
    const keys = screen.getByRole("table", { name: "Keys owned by Ada Lovelace" });
    expect(within(keys).getByText("payments-prod")).toBeTruthy();
    await user.click(screen.getByRole("tab", { name: "Activity" }));
    const actions = screen.getByRole("table", { name: "Recent actions by or about Ada Lovelace" });
    expect(within(actions).getByText("Key created")).toBeTruthy();
    expect(within(actions).getByRole("link", { name: "k-live" }).getAttribute("href")).toBe(
      "/admin/keys/k-live",
    );
  });
});
