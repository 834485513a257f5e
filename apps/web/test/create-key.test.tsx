import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { MyKeysPage } from "../src/keys/my-keys-page.tsx";
import { fakeToken } from "./support/fake-token.ts";
import { connection, keyFixture, viewerFixture } from "./support/fixtures.ts";
import { createMockApi } from "./support/mock-api.ts";
import { renderSignedIn } from "./support/render.tsx";

const viewer = viewerFixture();
const token = fakeToken("prd");
const workspaces = [
  {
    __typename: "Workspace",
    id: "ws-1",
    name: "Default",
    slug: "default",
    createdAt: "2025-01-01T00:00:00.000Z",
  },
];

function myKeysApi(extra: Parameters<typeof createMockApi>[0] = {}) {
  const keys = [keyFixture({ id: "existing", name: "ci-deploy" })];
  return createMockApi({
    viewer: () => ({ ...viewer, apiKeys: () => connection(keys) }),
    workspaces: () => workspaces,
    ...extra,
  });
}

const issued = (input: Record<string, unknown>) => ({
  __typename: "IssuedApiKey",
  token,
  warnings: ["The organisation has used 84% of this month's verifications."],
  apiKey: keyFixture({
    id: "new-key",
    name: input.name,
    environment: input.environment,
    displayHint: "kw_prd_4f9T…xY7zQ1",
  }),
});

async function fillRequiredFields(user: ReturnType<typeof userEvent.setup>) {
  const drawer = await screen.findByRole("dialog", { name: "Create API key" });
  await user.type(within(drawer).getByLabelText("Name"), "invoice-worker-prod");
  await user.selectOptions(within(drawer).getByLabelText("Module"), "WORKFLOW_AUTOMATION");
  await user.selectOptions(within(drawer).getByLabelText("Environment"), "PRODUCTION");
  return drawer;
}

describe("Create key", () => {
  it("sends every field of the form and reveals the secret once, with the API's warnings", async () => {
    const user = userEvent.setup();
    let sent: Record<string, unknown> = {};
    const api = myKeysApi({
      createApiKey: ({ input }) => {
        sent = input as Record<string, unknown>;
        return issued(sent);
      },
    });
    renderSignedIn(<MyKeysPage />, api, viewer);
    await user.click(await screen.findByRole("button", { name: "Create key" }));
    const drawer = await fillRequiredFields(user);
    await user.type(within(drawer).getByLabelText("Description (optional)"), "Posts invoices");
    await user.click(within(drawer).getByLabelText(/^Write/));
    await user.click(within(drawer).getByRole("radio", { name: "60 days" }));
    await user.click(within(drawer).getByLabelText(/^runs:write/));
    await user.click(await within(drawer).findByLabelText("Default"));
    await user.type(
      within(drawer).getByLabelText("IP allowlist (optional)"),
      "203.0.113.10{enter}198.51.100.0/24",
    );
    await user.click(within(drawer).getByRole("button", { name: "Create key" }));

    const reveal = await screen.findByRole("dialog", { name: "Your new API key" });
    expect(sent).toEqual({
      name: "invoice-worker-prod",
      description: "Posts invoices",
      module: "WORKFLOW_AUTOMATION",
      environment: "PRODUCTION",
      permissions: ["READ", "WRITE"],
      expiresIn: "DAYS_60",
      expiresAt: null,
      scopes: ["runs:write"],
      workspaceIds: ["ws-1"],
      ipAllowlist: ["203.0.113.10", "198.51.100.0/24"],
      ownerId: null,
    });
    expect(reveal.textContent).toContain(token);
    expect(reveal.textContent).toContain("84% of this month's verifications");

    await user.click(within(reveal).getByRole("checkbox", { name: "I have stored it somewhere safe" }));
    await user.click(within(reveal).getByRole("button", { name: "Done" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(document.body.textContent).not.toContain(token);
  });

  it("explains field by field what is missing, without calling the API", async () => {
    const user = userEvent.setup();
    const api = myKeysApi();
    renderSignedIn(<MyKeysPage />, api, viewer);
    await user.click(await screen.findByRole("button", { name: "Create key" }));
    const drawer = await screen.findByRole("dialog", { name: "Create API key" });
    await user.type(within(drawer).getByLabelText("IP allowlist (optional)"), "10.0.0.300");
    await user.click(within(drawer).getByRole("button", { name: "Create key" }));

    expect(within(drawer).getByRole("alert").textContent).toBe("Some fields need your attention.");
    expect(within(drawer).getByLabelText("Name").getAttribute("aria-invalid")).toBe("true");
    expect(within(drawer).getByLabelText("Module").getAttribute("aria-invalid")).toBe("true");
    expect(within(drawer).getByText("Not an IP address or CIDR range: 10.0.0.300.")).toBeTruthy();
    expect(api.operationNames()).not.toContain("CreateApiKey");
  });

  it("does not offer “No expiry” for production keys", async () => {
    const user = userEvent.setup();
    renderSignedIn(<MyKeysPage />, myKeysApi(), viewer);
    await user.click(await screen.findByRole("button", { name: "Create key" }));
    const drawer = await screen.findByRole("dialog", { name: "Create API key" });
    await user.click(within(drawer).getByRole("radio", { name: "No expiry" }));
    await user.selectOptions(within(drawer).getByLabelText("Environment"), "PRODUCTION");
    expect(within(drawer).getByRole("radio", { name: "No expiry" })).toHaveProperty("disabled", true);
    expect(within(drawer).getByRole("radio", { name: "90 days" })).toHaveProperty("checked", true);
  });

  it("asks for a TOTP step-up when the API answers MFA_REQUIRED, then retries", async () => {
    const user = userEvent.setup();
    let stepUp = false;
    const api = myKeysApi({
      createApiKey: ({ input }) =>
        stepUp
          ? issued(input as Record<string, unknown>)
          : { __typename: "KeywardError", code: "MFA_REQUIRED", message: "step up", fieldIssues: [] },
      verifyTotp: ({ input }) => {
        expect(input).toEqual({ code: "123456" });
        stepUp = true;
        return {
          __typename: "VerifyTotpPayload",
          recoveryCodesRemaining: 8,
          viewer: { ...viewer, mfaVerified: true },
        };
      },
    });
    renderSignedIn(<MyKeysPage />, api, viewer);
    await user.click(await screen.findByRole("button", { name: "Create key" }));
    const drawer = await fillRequiredFields(user);
    await user.click(within(drawer).getByLabelText(/^Execute/));
    expect(within(drawer).getByText(/Execute and Admin need two-factor confirmation/)).toBeTruthy();
    await user.click(within(drawer).getByRole("button", { name: "Create key" }));

    const stepUpDialog = await screen.findByRole("dialog", { name: "Confirm it is you" });
    await user.type(within(stepUpDialog).getByLabelText("Authentication code"), "123456");
    await user.click(within(stepUpDialog).getByRole("button", { name: "Confirm" }));

    expect(await screen.findByRole("dialog", { name: "Your new API key" })).toBeTruthy();
    expect(api.operationNames().filter((name) => name === "CreateApiKey")).toHaveLength(2);
  });

  it("sends people without MFA to set it up instead of asking for a code", async () => {
    const user = userEvent.setup();
    const withoutMfa = viewerFixture({
      profile: { id: "p", displayName: "Ada", email: "ada@example.com", mfaEnabled: false },
    });
    const api = myKeysApi({
      createApiKey: () => ({
        __typename: "KeywardError",
        code: "MFA_REQUIRED",
        message: "step up",
        fieldIssues: [],
      }),
    });
    renderSignedIn(<MyKeysPage />, api, withoutMfa);
    await user.click(await screen.findByRole("button", { name: "Create key" }));
    const drawer = await fillRequiredFields(user);
    await user.click(within(drawer).getByRole("button", { name: "Create key" }));
    const dialog = await screen.findByRole("dialog", { name: "Confirm it is you" });
    expect(within(dialog).getByText("Two-factor authentication is not set up")).toBeTruthy();
    expect(
      within(dialog).getByRole("link", { name: "Set up two-factor authentication" }).getAttribute("href"),
    ).toBe("/console/security");
  });

  it("shows the API's field issues beside their fields", async () => {
    const user = userEvent.setup();
    const api = myKeysApi({
      createApiKey: () => ({
        __typename: "KeywardError",
        code: "EXPIRY_TOO_LONG",
        message: "Expiry is after the policy maximum",
        fieldIssues: [{ path: "input.expiresAt", message: "At most 365 days from today" }],
      }),
    });
    renderSignedIn(<MyKeysPage />, api, viewer);
    await user.click(await screen.findByRole("button", { name: "Create key" }));
    const drawer = await fillRequiredFields(user);
    await user.click(within(drawer).getByRole("radio", { name: "On a date" }));
    await user.type(within(drawer).getByLabelText("Expiry date"), "2099-01-01");
    await user.click(within(drawer).getByRole("button", { name: "Create key" }));
    expect((await within(drawer).findByRole("alert")).textContent).toBe(
      "That expiry is later than your organisation's policy allows.",
    );
    expect(within(drawer).getByText("At most 365 days from today")).toBeTruthy();
  });
});
