import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { MyAiKeysPage } from "../src/approvals/my-ai-keys-page.tsx";
import { needsApproval, submitLabelFor } from "../src/approvals/request-rule.ts";
import { fakeToken } from "./support/fake-token.ts";
import { connection, keyFixture, toolFixture, viewerFixture } from "./support/fixtures.ts";
import { createMockApi } from "./support/mock-api.ts";
import { renderSignedIn } from "./support/render.tsx";

const viewer = viewerFixture();
const openai = toolFixture();
const copilot = toolFixture({
  id: "tool-copilot",
  slug: "github-copilot",
  displayName: "GitHub Copilot",
  requiresApproval: false,
});

function aiKeysApi(keyRequests: unknown[] = [], extra: Parameters<typeof createMockApi>[0] = {}) {
  return createMockApi({
    viewer: () => ({
      ...viewer,
      keyRequests: () => connection(keyRequests),
      availableTools: [openai, copilot],
    }),
    ...extra,
  });
}

async function openRequest(user: ReturnType<typeof userEvent.setup>, tool: string) {
  await user.click(await screen.findByRole("button", { name: `Request a key for ${tool}` }));
  return screen.getByRole("dialog", { name: `Request a key for ${tool}` });
}

describe("The approval rule", () => {
  it("needs approval only when the tool requires it and the environment is production", () => {
    expect(needsApproval({ requiresApproval: true }, "PRODUCTION")).toBe(true);
    expect(needsApproval({ requiresApproval: true }, "STAGING")).toBe(false);
    expect(needsApproval({ requiresApproval: false }, "PRODUCTION")).toBe(false);
    expect(submitLabelFor({ requiresApproval: true }, "PRODUCTION")).toBe("Submit request");
    expect(submitLabelFor({ requiresApproval: true }, "DEVELOPMENT")).toBe("Issue key");
    expect(submitLabelFor({ requiresApproval: false }, "PRODUCTION")).toBe("Issue key");
  });
});

describe("The request drawer", () => {
  it("shows Requires-approval badges in the catalogue", async () => {
    renderSignedIn(<MyAiKeysPage />, aiKeysApi(), viewer);
    const openaiRow = (await screen.findByText("OpenAI")).closest("tr");
    const copilotRow = screen.getByText("GitHub Copilot").closest("tr");
    expect(openaiRow && within(openaiRow).queryByText("Requires approval")).toBeTruthy();
    expect(copilotRow && within(copilotRow).queryByText("Requires approval")).toBeNull();
  });

  it("says “Submit request” and shows the approval banner only for production on an approval tool", async () => {
    const user = userEvent.setup();
    renderSignedIn(<MyAiKeysPage />, aiKeysApi(), viewer);
    const drawer = await openRequest(user, "OpenAI");
    const environment = within(drawer).getByLabelText("Environment");

    expect(within(drawer).getByRole("button", { name: "Issue key" })).toBeTruthy();
    expect(within(drawer).queryByText(/An admin approves production keys/)).toBeNull();

    await user.selectOptions(environment, "PRODUCTION");
    expect(within(drawer).getByRole("button", { name: "Submit request" })).toBeTruthy();
    expect(within(drawer).getByText(/An admin approves production keys/)).toBeTruthy();

    await user.selectOptions(environment, "STAGING");
    expect(within(drawer).getByRole("button", { name: "Issue key" })).toBeTruthy();
  });

  it("issues production keys at once for a tool without approval", async () => {
    const user = userEvent.setup();
    renderSignedIn(<MyAiKeysPage />, aiKeysApi(), viewer);
    const drawer = await openRequest(user, "GitHub Copilot");
    await user.selectOptions(within(drawer).getByLabelText("Environment"), "PRODUCTION");
    expect(within(drawer).getByRole("button", { name: "Issue key" })).toBeTruthy();
    expect(within(drawer).queryByText(/An admin approves/)).toBeNull();
  });

  it("requires a purpose before sending anything", async () => {
    const user = userEvent.setup();
    const api = aiKeysApi();
    renderSignedIn(<MyAiKeysPage />, api, viewer);
    const drawer = await openRequest(user, "OpenAI");
    await user.click(within(drawer).getByRole("button", { name: "Issue key" }));
    const purpose = within(drawer).getByLabelText("Purpose");
    expect(purpose.getAttribute("aria-invalid")).toBe("true");
    expect(api.operationNames()).not.toContain("RequestApiKey");
  });

  it("sends a production request for approval and says so", async () => {
    const user = userEvent.setup();
    let requested: unknown;
    const pending = keyFixture({ id: "req-1", status: "PENDING", environment: "PRODUCTION", tool: openai });
    const api = aiKeysApi([], {
      requestApiKey: ({ input }) => {
        requested = input;
        return { __typename: "KeyRequestPayload", issued: false, token: null, warnings: [], apiKey: pending };
      },
    });
    renderSignedIn(<MyAiKeysPage />, api, viewer);
    const drawer = await openRequest(user, "OpenAI");
    await user.selectOptions(within(drawer).getByLabelText("Environment"), "PRODUCTION");
    await user.type(within(drawer).getByLabelText("Purpose"), "Support inbox summaries");
    await user.click(within(drawer).getByRole("button", { name: "Submit request" }));

    expect(await screen.findByText(/was sent for approval/)).toBeTruthy();
    expect(requested).toEqual({
      toolId: "tool-openai",
      environment: "PRODUCTION",
      purpose: "Support inbox summaries",
    });
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("reveals an auto-issued key once", async () => {
    const user = userEvent.setup();
    const token = fakeToken();
    const issued = keyFixture({ id: "copilot-key", tool: copilot, name: "GitHub Copilot — Ada" });
    const api = aiKeysApi([], {
      requestApiKey: () => ({
        __typename: "KeyRequestPayload",
        issued: true,
        token,
        warnings: ["84% of this month's verifications are used."],
        apiKey: issued,
      }),
    });
    renderSignedIn(<MyAiKeysPage />, api, viewer);
    const drawer = await openRequest(user, "GitHub Copilot");
    await user.type(within(drawer).getByLabelText("Purpose"), "Completion in my editor");
    await user.click(within(drawer).getByRole("button", { name: "Issue key" }));

    const reveal = await screen.findByRole("dialog", { name: "Your new API key" });
    expect(reveal.textContent).toContain(token);
    expect(reveal.textContent).toContain("84% of this month's verifications are used.");
    await user.click(within(reveal).getByRole("checkbox", { name: "I have stored it somewhere safe" }));
    await user.click(within(reveal).getByRole("button", { name: "Done" }));
    expect(document.body.textContent).not.toContain(token);
  });

  it("flips the status live when an admin decides, and lets the requester claim the key once", async () => {
    const user = userEvent.setup();
    const request = keyFixture({
      id: "req-9",
      status: "PENDING",
      environment: "PRODUCTION",
      tool: openai,
      name: "OpenAI — Ada",
    });
    const token = fakeToken("prd");
    const api = aiKeysApi([request], {
      claimApiKey: ({ input }) => {
        expect(input).toEqual({ id: "req-9" });
        return {
          __typename: "IssuedApiKey",
          token,
          warnings: [],
          apiKey: { ...request, status: "ACTIVE" },
        };
      },
    });
    renderSignedIn(<MyAiKeysPage />, api, viewer);
    const row = (await screen.findByText("Pending")).closest("tr");
    expect(row).toBeTruthy();

    act(() =>
      api.publish("keyRequestUpdates", {
        change: "approved",
        status: "APPROVED",
        keyId: request.id,
        key: { ...request, status: "APPROVED" },
      }),
    );
    expect(await screen.findByText(/Your OpenAI key was approved/)).toBeTruthy();
    expect(await screen.findByText("Approved")).toBeTruthy();

    await user.click(screen.getByRole("button", { name: "Claim OpenAI key" }));
    const reveal = await screen.findByRole("dialog", { name: "Your new API key" });
    expect(reveal.textContent).toContain(token);
    await waitFor(() => expect(screen.queryByRole("button", { name: "Claim OpenAI key" })).toBeNull());
  });

  it("shows a rejection and its reason as it lands", async () => {
    const request = keyFixture({ id: "req-5", status: "PENDING", environment: "PRODUCTION", tool: openai });
    const api = aiKeysApi([request]);
    renderSignedIn(<MyAiKeysPage />, api, viewer);
    await screen.findByText("Pending");
    act(() =>
      api.publish("keyRequestUpdates", {
        change: "rejected",
        status: "REJECTED",
        keyId: request.id,
        key: { ...request, status: "REJECTED", rejectionReason: "Use the staging key" },
      }),
    );
    expect(await screen.findByText("Your OpenAI key request was rejected: Use the staging key")).toBeTruthy();
    expect(await screen.findByText("Rejected")).toBeTruthy();
  });
});
