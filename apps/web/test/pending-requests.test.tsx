import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { PendingRequestsPage } from "../src/approvals/pending-requests-page.tsx";
import { connection, keyFixture, toolFixture, viewerFixture } from "./support/fixtures.ts";
import { createMockApi } from "./support/mock-api.ts";
import { renderSignedIn } from "./support/render.tsx";

const admin = viewerFixture({ role: "USER_ADMIN" });
const requester = (name: string) => ({
  __typename: "Profile",
  id: `p-${name}`,
  displayName: name,
  email: `${name.toLowerCase()}@example.com`,
  kind: "USER",
});
const request = (id: string, name: string) =>
  keyFixture({
    id,
    status: "PENDING",
    environment: "PRODUCTION",
    purpose: `${name}'s nightly job`,
    tool: toolFixture(),
    owner: requester(name),
  });

describe("Pending key requests", () => {
  it("updates live: a new request appears, a decided one leaves", async () => {
    const user = userEvent.setup();
    const queue = [request("r-1", "Ada")];
    let approved: unknown;
    const api = createMockApi({
      keyRequests: (args) => {
        expect(args.status).toEqual(["PENDING"]);
        return connection(queue.filter((entry) => entry.status === "PENDING"));
      },
      approveKeyRequest: ({ input }) => {
        approved = input;
        const entry = queue.find((candidate) => candidate.id === (input as { id: string }).id);
        if (entry) entry.status = "APPROVED";
        return { __typename: "KeyRequestReviewPayload", apiKey: { ...entry, status: "APPROVED" } };
      },
    });
    renderSignedIn(<PendingRequestsPage />, api, admin);
    expect(await screen.findByText("Ada's nightly job")).toBeTruthy();

    const arriving = request("r-2", "Grace");
    queue.push(arriving);
    act(() =>
      api.publish("keyRequestUpdates", {
        change: "submitted",
        status: "PENDING",
        keyId: arriving.id,
        key: arriving,
      }),
    );
    expect(await screen.findByText("Grace's nightly job")).toBeTruthy();

    await user.click(screen.getByRole("button", { name: "Approve Ada's OpenAI key" }));
    await waitFor(() => expect(screen.queryByText("Ada's nightly job")).toBeNull());
    expect(approved).toEqual({ id: "r-1" });
    expect(screen.getByText("Grace's nightly job")).toBeTruthy();
  });

  it("rejects only with a reason, which is sent to the requester", async () => {
    const user = userEvent.setup();
    const queue = [request("r-3", "Linus")];
    let rejected: unknown;
    const api = createMockApi({
      keyRequests: () => connection(queue.filter((entry) => entry.status === "PENDING")),
      rejectKeyRequest: ({ input }) => {
        rejected = input;
        const entry = queue[0];
        if (entry) entry.status = "REJECTED";
        return {
          __typename: "KeyRequestReviewPayload",
          apiKey: { ...entry, rejectionReason: "Use staging" },
        };
      },
    });
    renderSignedIn(<PendingRequestsPage />, api, admin);
    await user.click(await screen.findByRole("button", { name: "Reject Linus's OpenAI key" }));
    const dialog = screen.getByRole("dialog", { name: "Reject Linus's OpenAI key?" });
    await user.click(within(dialog).getByRole("button", { name: "Reject request" }));
    expect(within(dialog).getByLabelText("Reason").getAttribute("aria-invalid")).toBe("true");
    expect(api.operationNames()).not.toContain("RejectKeyRequest");

    await user.type(within(dialog).getByLabelText("Reason"), "Use staging");
    await user.click(within(dialog).getByRole("button", { name: "Reject request" }));
    await waitFor(() => expect(screen.queryByText("Linus's nightly job")).toBeNull());
    expect(rejected).toEqual({ id: "r-3", reason: "Use staging" });
  });

  it("shows a refusal in words", async () => {
    const user = userEvent.setup();
    const api = createMockApi({
      keyRequests: () => connection([request("r-4", "Ada")]),
      approveKeyRequest: () => ({
        __typename: "KeywardError",
        code: "INVALID_STATE",
        message: "x",
        fieldIssues: [],
      }),
    });
    renderSignedIn(<PendingRequestsPage />, api, admin);
    await user.click(await screen.findByRole("button", { name: "Approve Ada's OpenAI key" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "This item changed in the meantime. Reload and try again.",
    );
  });
});
