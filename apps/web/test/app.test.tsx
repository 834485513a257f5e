import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "../src/app.tsx";
import { authConfigFixture, connection, viewerFixture } from "./support/fixtures.ts";
import { createMockApi, ExpectedError } from "./support/mock-api.ts";
import { renderWithApi } from "./support/render.tsx";

beforeEach(() => {
  window.history.replaceState(null, "", "/");
});

const myKeys = () => ({ ...viewerFixture(), apiKeys: connection([]) });
/** The sign-in page also asks how people sign in (password only here; SSO in sign-in-sso.test.tsx). */
const authConfig = () => authConfigFixture();

describe("App", () => {
  it("shows the sign-in form to anonymous callers, sending the session cookie", async () => {
    const api = createMockApi({ viewer: () => null, authConfig });
    renderWithApi(<App />, api);
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeTruthy();
    expect(screen.getByLabelText("Email")).toBeTruthy();
    expect(screen.getByLabelText("Password")).toBeTruthy();
    await waitFor(() => expect(api.operationNames()).toEqual(["Viewer", "AuthConfig"]));
    expect(api.sent.map((operation) => operation.credentials)).toEqual(["include", "include"]);
  });

  it("explains an empty form field by field without calling the API", async () => {
    const user = userEvent.setup();
    const api = createMockApi({ viewer: () => null, authConfig });
    renderWithApi(<App />, api);
    await user.click(await screen.findByRole("button", { name: "Sign in" }));
    const email = screen.getByLabelText("Email");
    expect(email.getAttribute("aria-invalid")).toBe("true");
    const describedBy = email.getAttribute("aria-describedby") ?? "";
    expect(document.getElementById(describedBy)?.textContent).toBe("Enter your email address.");
    expect(api.operationNames()).toEqual(["Viewer", "AuthConfig"]);
  });

  it("says what a typed sign-in error means", async () => {
    const user = userEvent.setup();
    const api = createMockApi({
      viewer: () => null,
      authConfig,
      signIn: () => ({
        __typename: "KeywardError",
        code: "INVALID_CREDENTIALS",
        message: "bad",
        fieldIssues: [],
      }),
    });
    renderWithApi(<App />, api);
    await user.type(await screen.findByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "wrong");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "That email and password do not match an account.",
    );
  });

  it("signs in, starts a fresh session and opens the console", async () => {
    const user = userEvent.setup();
    let signedIn = false;
    const api = createMockApi({
      viewer: () => (signedIn ? myKeys() : null),
      authConfig,
      signIn: ({ input }) => {
        expect(input).toEqual({ email: "ada@example.com", password: "correct horse" });
        signedIn = true;
        return { __typename: "SignInPayload", mfaRequired: false, viewer: viewerFixture() };
      },
    });
    renderWithApi(<App />, api);
    await user.type(await screen.findByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "correct horse");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("heading", { level: 1, name: "My keys" })).toBeTruthy();
    // (The sign-in page's AuthConfig query is left out: it runs again when the session is replaced.)
    const sessionOperations = api.operationNames().filter((name) => name !== "AuthConfig");
    expect(sessionOperations.slice(0, 3)).toEqual(["Viewer", "SignIn", "Viewer"]);
  });

  it("asks for the TOTP code when the account has MFA, and accepts a recovery code", async () => {
    const user = userEvent.setup();
    let verified = false;
    const api = createMockApi({
      viewer: () => (verified ? myKeys() : null),
      authConfig,
      signIn: () => ({
        __typename: "SignInPayload",
        mfaRequired: true,
        viewer: viewerFixture({ mfaPending: true }),
      }),
      verifyTotp: ({ input }) => {
        if ((input as { code: string }).code !== "abcd-efgh-1234") {
          return { __typename: "KeywardError", code: "MFA_INVALID_CODE", message: "no", fieldIssues: [] };
        }
        verified = true;
        return { __typename: "VerifyTotpPayload", recoveryCodesRemaining: 7, viewer: viewerFixture() };
      },
    });
    renderWithApi(<App />, api);
    await user.type(await screen.findByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "correct horse");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    const code = await screen.findByLabelText("Authentication code");
    await user.type(code, "12345");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect(screen.getByText("Enter the 6-digit code from your authenticator app.")).toBeTruthy();

    await user.click(screen.getByRole("button", { name: "Use a recovery code" }));
    await user.type(screen.getByLabelText("Recovery code"), "wrong-code-1");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect((await screen.findByRole("alert")).textContent).toContain("That code is not valid");

    await user.clear(screen.getByLabelText("Recovery code"));
    await user.type(screen.getByLabelText("Recovery code"), "abcd-efgh-1234");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByRole("heading", { level: 1, name: "My keys" })).toBeTruthy();
  });

  it("shows the TOTP step when a reloaded session still waits for its code", async () => {
    const api = createMockApi({ viewer: () => viewerFixture({ mfaPending: true }) });
    renderWithApi(<App />, api);
    expect(await screen.findByRole("heading", { name: "Two-factor authentication" })).toBeTruthy();
    expect(screen.queryByRole("navigation")).toBeNull();
  });

  it("shows only the Console to a viewer with the user role", async () => {
    const api = createMockApi({ viewer: myKeys });
    renderWithApi(<App />, api);
    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(within(nav).queryByRole("heading", { name: "Admin" })).toBeNull();
    // "/" redirects to the Console's first page after the navigation renders: wait for it.
    const current = await within(nav).findByRole("link", { name: "My keys", current: "page" });
    expect(current.getAttribute("aria-current")).toBe("page");
    expect(
      within(nav)
        .getAllByRole("link")
        .map((link) => link.textContent),
    ).toEqual(["My keys", "My AI keys", "Security"]);
  });

  it("refuses admin pages to a viewer with the user role", async () => {
    window.history.replaceState(null, "", "/admin/audit");
    const api = createMockApi({ viewer: myKeys });
    renderWithApi(<App />, api);
    expect(await screen.findByRole("heading", { level: 1, name: "Not available" })).toBeTruthy();
    expect(api.operationNames()).toEqual(["Viewer"]);
  });

  it("shows the Admin group to an admin and moves focus to the page heading on navigation", async () => {
    const user = userEvent.setup();
    const api = createMockApi({
      viewer: () => viewerFixture({ role: "SUPER_ADMIN" }),
      overview: () => ({ total: 3, active: 2, expired: 0, revoked: 1, pending: 0, approved: 0, rejected: 0 }),
      moduleSummary: () => [],
      alerts: () => connection([]),
      workspaces: () => [],
    });
    renderWithApi(<App />, api);
    expect(await screen.findByRole("heading", { level: 1, name: "Overview" })).toBeTruthy();
    const nav = screen.getByRole("navigation", { name: "Main" });
    const adminLinks = within(within(nav).getByRole("list", { name: "Admin" }))
      .getAllByRole("link")
      .map((link) => link.textContent);
    expect(adminLinks).toEqual([
      "Overview",
      "API keys",
      "Users",
      "Pending requests",
      "Policies",
      "Usage",
      "Activity",
      "Audit log",
      "Readiness",
      "Webhooks",
    ]);

    await user.click(within(nav).getByRole("link", { name: "Readiness" }));
    const heading = await screen.findByRole("heading", { level: 1, name: "Readiness" });
    expect(window.location.pathname).toBe("/admin/readiness");
    expect(document.activeElement).toBe(heading);
    expect(within(nav).getByRole("link", { name: "Readiness" }).getAttribute("aria-current")).toBe("page");
  });

  it("signs out and drops the session's data", async () => {
    const user = userEvent.setup();
    let signedIn = true;
    const api = createMockApi({
      viewer: () => (signedIn ? myKeys() : null),
      authConfig,
      signOut: () => {
        signedIn = false;
        return { __typename: "SignOutPayload", signedOut: true };
      },
    });
    renderWithApi(<App />, api);
    await user.click(await screen.findByRole("button", { name: "Sign out" }));
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeTruthy();
  });

  it("says so in words when the API cannot be reached", async () => {
    const api = createMockApi({});
    const failing: typeof fetch = async () => {
      throw new TypeError("Failed to fetch");
    };
    renderWithApi(<App />, { ...api, fetch: failing });
    expect((await screen.findByRole("alert")).textContent).toContain("could not reach its server");
  });

  it("explains an authorisation error by its code", async () => {
    window.history.replaceState(null, "", "/admin/keys");
    const api = createMockApi({
      viewer: () => viewerFixture({ role: "MODEL_ADMIN" }),
      apiKeys: () => {
        throw new ExpectedError("Not authorized", "FORBIDDEN");
      },
    });
    renderWithApi(<App />, api);
    await act(async () => {});
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Your role does not allow this. Ask an administrator if you need it.",
    );
  });
});
