import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { Provider } from "urql";
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "../src/app.tsx";
import { createGraphqlClient } from "../src/graphql/client.ts";
import { fixtureFetch } from "./graphql-fixtures.ts";

function withClient(fetch: typeof globalThis.fetch, children: ReactNode) {
  const client = createGraphqlClient({ url: "http://localhost/graphql", fetch });
  return <Provider value={client}>{children}</Provider>;
}

beforeEach(() => {
  window.history.replaceState(null, "", "/");
});

describe("App", () => {
  it("shows the sign-in form to anonymous callers, sending the session cookie", async () => {
    const api = fixtureFetch({ Viewer: () => ({ data: { viewer: null } }) });
    render(withClient(api.fetch, <App />));
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeTruthy();
    expect(screen.getByLabelText("Email")).toBeTruthy();
    expect(screen.getByLabelText("Password")).toBeTruthy();
    expect(api.credentials).toEqual(["include"]);
  });

  it("explains an empty form field by field", async () => {
    const user = userEvent.setup();
    const api = fixtureFetch({ Viewer: () => ({ data: { viewer: null } }) });
    render(withClient(api.fetch, <App />));
    await user.click(await screen.findByRole("button", { name: "Sign in" }));
    const email = screen.getByLabelText("Email");
    expect(email.getAttribute("aria-invalid")).toBe("true");
    const describedBy = email.getAttribute("aria-describedby") ?? "";
    expect(document.getElementById(describedBy)?.textContent).toBe("Enter your email address.");
    expect(api.operations).toEqual(["Viewer"]);
  });

  it("shows the API's error in words when sign-in fails", async () => {
    const user = userEvent.setup();
    const api = fixtureFetch({
      Viewer: () => ({ data: { viewer: null } }),
      SignIn: () => ({ errors: [{ message: 'Cannot query field "signIn" on type "Mutation".' }] }),
    });
    render(withClient(api.fetch, <App />));
    await user.type(await screen.findByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "correct horse");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      'Cannot query field "signIn" on type "Mutation".',
    );
  });

  it("shows a typed sign-in error's message", async () => {
    const user = userEvent.setup();
    const api = fixtureFetch({
      Viewer: () => ({ data: { viewer: null } }),
      SignIn: () => ({
        data: {
          signIn: { __typename: "InvalidCredentialsError", message: "Wrong email or password.", code: "X" },
        },
      }),
    });
    render(withClient(api.fetch, <App />));
    await user.type(await screen.findByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "wrong");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Wrong email or password.");
  });

  it("loads the viewer again after signing in and opens the console", async () => {
    const user = userEvent.setup();
    let signedIn = false;
    const api = fixtureFetch({
      Viewer: () => ({ data: { viewer: signedIn ? { __typename: "User", id: "U1" } : null } }),
      SignIn: (variables) => {
        expect(variables).toEqual({ input: { email: "ada@example.com", password: "correct horse" } });
        signedIn = true;
        return {
          data: { signIn: { __typename: "SignInSuccess", viewer: { __typename: "User", id: "U1" } } },
        };
      },
    });
    render(withClient(api.fetch, <App />));
    await user.type(await screen.findByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "correct horse");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("heading", { level: 1, name: "My keys" })).toBeTruthy();
    expect(api.operations).toEqual(["Viewer", "SignIn", "Viewer"]);
  });

  it("shows only the Console to a viewer without an admin role", async () => {
    const api = fixtureFetch({ Viewer: () => ({ data: { viewer: { __typename: "User", id: "U1" } } }) });
    render(withClient(api.fetch, <App />));
    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(within(nav).queryByRole("heading", { name: "Admin" })).toBeNull();
    expect(within(nav).getByRole("link", { name: "My keys" }).getAttribute("aria-current")).toBe("page");
    expect(within(nav).getByRole("link", { name: "Security/MFA" })).toBeTruthy();
  });

  it("refuses admin pages to a viewer without an admin role", async () => {
    window.history.replaceState(null, "", "/admin/audit");
    const api = fixtureFetch({ Viewer: () => ({ data: { viewer: { __typename: "User", id: "U1" } } }) });
    render(withClient(api.fetch, <App />));
    expect(await screen.findByRole("heading", { level: 1, name: "Not available" })).toBeTruthy();
  });

  it("shows the Admin group to an admin and navigates between pages", async () => {
    const user = userEvent.setup();
    const api = fixtureFetch({
      Viewer: () => ({ data: { viewer: { __typename: "User", id: "U1", role: "SUPER_ADMIN" } } }),
    });
    render(withClient(api.fetch, <App />));
    expect(await screen.findByRole("heading", { level: 1, name: "Overview" })).toBeTruthy();
    const nav = screen.getByRole("navigation", { name: "Main" });
    const adminList = within(nav).getByRole("list", { name: "Admin" });
    const adminLinks = within(adminList)
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
    ]);

    await user.click(within(nav).getByRole("link", { name: "Audit log" }));
    const heading = await screen.findByRole("heading", { level: 1, name: "Audit log" });
    expect(window.location.pathname).toBe("/admin/audit");
    expect(document.activeElement).toBe(heading);
    expect(within(nav).getByRole("link", { name: "Audit log" }).getAttribute("aria-current")).toBe("page");
  });

  it("says so in words when the API cannot be reached", async () => {
    const failing: typeof fetch = async () => {
      throw new TypeError("Failed to fetch");
    };
    render(withClient(failing, <App />));
    expect((await screen.findByRole("alert")).textContent).toContain("could not reach its server");
  });
});
