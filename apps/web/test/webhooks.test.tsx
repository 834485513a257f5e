import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { WebhooksPage } from "../src/webhooks/webhooks-page.tsx";
import { connection, viewerFixture } from "./support/fixtures.ts";
import { createMockApi, ExpectedError } from "./support/mock-api.ts";
import { renderSignedIn } from "./support/render.tsx";

const admin = viewerFixture({ role: "SUPER_ADMIN" });

beforeEach(() => {
  window.history.replaceState(null, "", "/admin/webhooks");
});

function endpoint(id: string, url: string, events: string[] = []) {
  return {
    __typename: "WebhookEndpoint",
    id,
    url,
    events,
    active: true,
    createdAt: "2026-11-01T09:00:00.000Z",
  };
}

function delivery(overrides: Record<string, unknown>) {
  return {
    __typename: "WebhookDelivery",
    attempts: 1,
    responseStatus: 200,
    lastError: null,
    nextAttemptAt: null,
    createdAt: "2026-11-20T10:00:00.000Z",
    deliveredAt: "2026-11-20T10:00:01.000Z",
    ...overrides,
  };
}

const siem = endpoint("W1", "https://siem.example.com/keyward", ["key.revoked", "key.leaked"]);
const chat = endpoint("W2", "https://chat.example.com/hooks/keys");

describe("Webhooks", () => {
  it("lists the endpoints and shows the delivery log of the one picked", async () => {
    const user = userEvent.setup();
    const asked: unknown[] = [];
    const api = createMockApi({
      webhookEndpoints: () => connection([siem, chat]),
      webhookDeliveries: ({ endpointId }) => {
        asked.push(endpointId);
        if (endpointId !== "W2") return connection([]);
        return connection([
          delivery({
            id: "D2",
            event: "key.revoked",
            status: "FAILED",
            attempts: 8,
            responseStatus: 500,
            lastError: "HTTP 500",
            deliveredAt: null,
          }),
          delivery({
            id: "D1",
            event: "key.created",
            status: "PENDING",
            attempts: 2,
            responseStatus: null,
            lastError: "connection refused",
            nextAttemptAt: "2026-11-20T10:05:00.000Z",
            deliveredAt: null,
          }),
          delivery({ id: "D0", event: "key.created", status: "DELIVERED" }),
        ]);
      },
    });
    renderSignedIn(<WebhooksPage />, api, admin);

    const endpoints = await screen.findByRole("table", { name: "Webhook endpoints" });
    expect(within(endpoints).getByRole("row", { name: /siem\.example\.com/ }).textContent).toContain(
      "key.revoked, key.leaked",
    );
    expect(within(endpoints).getByRole("row", { name: /chat\.example\.com/ }).textContent).toContain(
      "All events",
    );
    // Two endpoints: nothing is opened until one is picked.
    expect(screen.queryByRole("table", { name: /Deliveries to/ })).toBeNull();

    await user.click(
      screen.getByRole("button", { name: "Show deliveries to https://chat.example.com/hooks/keys" }),
    );
    const log = await screen.findByRole("table", {
      name: "Deliveries to https://chat.example.com/hooks/keys",
    });
    const failed = await within(log).findByRole("row", { name: /key\.revoked/ });
    expect(failed.textContent).toContain("Failed");
    expect(failed.textContent).toContain("HTTP 500");
    const retrying = within(log).getByRole("row", { name: /Retrying/ });
    expect(retrying.textContent).toContain("connection refused. Next attempt");
    expect(within(log).getByRole("row", { name: /Delivered/ }).textContent).toContain("Accepted");
    expect(asked).toEqual(["W2"]);
    expect(window.location.search).toBe("?endpoint=W2");
    expect(
      screen
        .getByRole("button", { name: "Show deliveries to https://chat.example.com/hooks/keys" })
        .getAttribute("aria-pressed"),
    ).toBe("true");
  });

  it("opens the only endpoint's log at once, and says when nothing was sent yet", async () => {
    const api = createMockApi({
      webhookEndpoints: () => connection([siem]),
      webhookDeliveries: () => connection([]),
    });
    renderSignedIn(<WebhooksPage />, api, admin);
    expect(await screen.findByText("Nothing has been sent to this endpoint yet.")).toBeTruthy();
  });

  it("explains a refusal in words (billing admins may not read webhooks)", async () => {
    const api = createMockApi({
      webhookEndpoints: () => {
        throw new ExpectedError("Not authorized", "FORBIDDEN");
      },
    });
    renderSignedIn(<WebhooksPage />, api, viewerFixture({ role: "BILLING_ADMIN" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Your role does not allow this. Ask an administrator if you need it.",
    );
  });
});
