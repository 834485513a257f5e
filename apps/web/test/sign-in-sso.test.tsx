import { act, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "../src/app.tsx";
import { authConfigFixture } from "./support/fixtures.ts";
import { createMockApi } from "./support/mock-api.ts";
import { renderWithApi } from "./support/render.tsx";

beforeEach(() => {
  window.history.replaceState(null, "", "/");
});

/** Renders the app for an anonymous caller and waits until the sign-in page knows the config. */
async function renderSignIn(ssoStartUrl: string | null) {
  const api = createMockApi({ viewer: () => null, authConfig: () => authConfigFixture(ssoStartUrl) });
  renderWithApi(<App />, api);
  await screen.findByRole("heading", { name: "Sign in" });
  await waitFor(() => expect(api.operationNames()).toContain("AuthConfig"));
  // Let the answer render.
  await act(async () => {});
  return api;
}

describe("Sign-in with SSO", () => {
  it("offers “Sign in with SSO” as a link to the API's start URL when SSO is configured", async () => {
    await renderSignIn("/auth/oidc/start");
    const link = await screen.findByRole("link", { name: "Sign in with SSO" });
    // A full-page navigation (the provider round trip ends with the session cookie), not a fetch.
    expect(link.getAttribute("href")).toBe("/auth/oidc/start");
    // Password sign-in stays available (the break-glass admin).
    expect(screen.getByLabelText("Email")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Sign in" })).toBeTruthy();
  });

  it("shows no SSO option when the API has none", async () => {
    await renderSignIn(null);
    expect(screen.getByLabelText("Password")).toBeTruthy();
    expect(screen.queryByRole("link", { name: "Sign in with SSO" })).toBeNull();
    expect(screen.queryByText("or with your email")).toBeNull();
  });

  it("explains in words why an SSO attempt came back refused", async () => {
    window.history.replaceState(null, "", "/sign-in?error=SSO_ACCOUNT_CONFLICT");
    await renderSignIn("/auth/oidc/start");
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Your email already belongs to a Keyward account that does not use single sign-on. Ask your administrator.",
    );
    expect(screen.getByRole("link", { name: "Sign in with SSO" })).toBeTruthy();
  });

  it("ignores an error parameter that is not a known code", async () => {
    window.history.replaceState(null, "", "/sign-in?error=%3Cscript%3E");
    await renderSignIn(null);
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
