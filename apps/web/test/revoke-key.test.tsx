import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { MyKeysPage } from "../src/keys/my-keys-page.tsx";
import { connection, keyFixture, viewerFixture } from "./support/fixtures.ts";
import { createMockApi } from "./support/mock-api.ts";
import { renderSignedIn } from "./support/render.tsx";

const viewer = viewerFixture();

describe("Revoke", () => {
  it("needs a cause, says it is permanent, and flips the row to Revoked", async () => {
    const user = userEvent.setup();
    const key = keyFixture({ id: "k-1", name: "ci-deploy" });
    let revoked: unknown;
    const api = createMockApi({
      viewer: () => ({ ...viewer, apiKeys: () => connection([key]) }),
      revokeApiKey: ({ input }) => {
        revoked = input;
        return {
          __typename: "ApiKeyPayload",
          apiKey: {
            ...key,
            status: "REVOKED",
            revokedAt: "2025-03-05T10:00:00.000Z",
            revocationCause: "LEAKED",
            revocationNote: "In a CI log",
          },
        };
      },
    });
    renderSignedIn(<MyKeysPage />, api, viewer);
    await user.click(await screen.findByRole("button", { name: "Revoke ci-deploy" }));
    const dialog = screen.getByRole("dialog", { name: "Revoke “ci-deploy”?" });
    expect(dialog.textContent).toContain("a revoked key can never be restored");

    await user.click(within(dialog).getByRole("button", { name: "Revoke key" }));
    expect(within(dialog).getByLabelText("Cause").getAttribute("aria-invalid")).toBe("true");
    expect(api.operationNames()).not.toContain("RevokeApiKey");

    await user.selectOptions(within(dialog).getByLabelText("Cause"), "LEAKED");
    await user.type(within(dialog).getByLabelText("Note (optional)"), "In a CI log");
    await user.click(within(dialog).getByRole("button", { name: "Revoke key" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(revoked).toEqual({ id: "k-1", cause: "LEAKED", note: "In a CI log" });
    const row = screen.getByText("ci-deploy").closest("tr");
    if (!row) throw new Error("the key's row is gone");
    expect(await within(row).findByText("Revoked")).toBeTruthy();
    expect(within(row).queryByRole("button", { name: "Revoke ci-deploy" })).toBeNull();
    // The Revoke button is gone with the revocation: focus moves to the page heading, not the body.
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole("heading", { level: 1, name: "My keys" })),
    );
  });

  it("explains a refusal in words and keeps the dialog open", async () => {
    const user = userEvent.setup();
    const key = keyFixture({ id: "k-2", name: "legacy" });
    const api = createMockApi({
      viewer: () => ({ ...viewer, apiKeys: () => connection([key]) }),
      revokeApiKey: () => ({
        __typename: "KeywardError",
        code: "KEY_REVOKED",
        message: "already",
        fieldIssues: [],
      }),
    });
    renderSignedIn(<MyKeysPage />, api, viewer);
    await user.click(await screen.findByRole("button", { name: "Revoke legacy" }));
    const dialog = screen.getByRole("dialog");
    await user.selectOptions(within(dialog).getByLabelText("Cause"), "MANUAL");
    await user.click(within(dialog).getByRole("button", { name: "Revoke key" }));
    expect((await within(dialog).findByRole("alert")).textContent).toBe(
      "This key is revoked. Revoked keys can never be restored: create a new one.",
    );
  });
});
