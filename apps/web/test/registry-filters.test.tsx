import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { KeyRegistryPage } from "../src/keys/key-registry-page.tsx";
import { connection, keyFixture, viewerFixture } from "./support/fixtures.ts";
import { createMockApi, type MockApi } from "./support/mock-api.ts";
import { renderSignedIn } from "./support/render.tsx";

const admin = viewerFixture({ role: "SUPER_ADMIN" });
const owners = [
  {
    __typename: "Profile",
    id: "owner-ada",
    displayName: "Ada Lovelace",
    email: "ada@example.com",
    kind: "USER",
  },
  { __typename: "Profile", id: "owner-ci", displayName: "ci-deployer", email: null, kind: "SERVICE_ACCOUNT" },
];

function registryApi(options: { hasNextPage?: boolean } = {}): MockApi {
  return createMockApi({
    apiKeys: (args) =>
      connection(
        [
          keyFixture({
            id: `k-${String(args.after ?? "first")}`,
            name: args.after ? "second-page-key" : "checkout-service",
          }),
        ],
        { totalCount: 26, hasNextPage: options.hasNextPage ?? false },
      ),
    users: () => connection(owners),
  });
}

/** The variables of every registry query sent so far. */
function registryQueries(api: MockApi) {
  return api.sent
    .filter((operation) => operation.name === "KeyRegistry")
    .map((operation) => operation.variables);
}

function lastRegistryQuery(api: MockApi) {
  const queries = registryQueries(api);
  return queries[queries.length - 1];
}

beforeEach(() => {
  window.history.replaceState(null, "", "/admin/keys");
});

describe("Registry filters", () => {
  it("searches as you type, with one query once typing pauses", async () => {
    const user = userEvent.setup();
    const api = registryApi();
    renderSignedIn(<KeyRegistryPage />, api, admin);
    await screen.findByText("checkout-service");

    await user.type(screen.getByRole("searchbox", { name: "Search" }), "checkout");
    await waitFor(() => expect(lastRegistryQuery(api)?.filter).toMatchObject({ search: "checkout" }));
    const searches = registryQueries(api).map(
      (variables) => (variables.filter as { search: unknown }).search,
    );
    expect(searches).toEqual([null, "checkout"]);
    expect(window.location.search).toBe("?q=checkout");
  });

  it("filters by status, owner, environment and module, and keeps them in the URL", async () => {
    const user = userEvent.setup();
    const api = registryApi();
    renderSignedIn(<KeyRegistryPage />, api, admin);
    await screen.findByText("checkout-service");
    const filters = screen.getByRole("search", { name: "Filter keys" });

    await user.selectOptions(within(filters).getByLabelText("Status"), "REVOKED");
    await user.selectOptions(await within(filters).findByLabelText("Owner"), "owner-ci");
    await user.selectOptions(within(filters).getByLabelText("Environment"), "PRODUCTION");
    await user.selectOptions(within(filters).getByLabelText("Module"), "INTEGRATIONS");

    await waitFor(() =>
      expect(lastRegistryQuery(api)).toMatchObject({
        filter: {
          search: null,
          status: ["REVOKED"],
          ownerId: "owner-ci",
          environment: ["PRODUCTION"],
          module: ["INTEGRATIONS"],
        },
        orderBy: "CREATED_AT_DESC",
        withOwner: true,
      }),
    );
    expect(window.location.search).toBe("?status=REVOKED&owner=owner-ci&env=PRODUCTION&module=INTEGRATIONS");

    await user.click(within(filters).getByRole("button", { name: "Clear filters" }));
    await waitFor(() =>
      expect(lastRegistryQuery(api)?.filter).toEqual({
        search: null,
        status: null,
        ownerId: null,
        environment: null,
        module: null,
      }),
    );
    expect(window.location.search).toBe("");
  });

  it("starts from the filters in the URL, so a filtered view can be linked and returned to", async () => {
    window.history.replaceState(null, "", "/admin/keys?status=ACTIVE&env=STAGING&sort=LAST_USED_ASC&q=ci");
    const api = registryApi();
    renderSignedIn(<KeyRegistryPage />, api, admin);
    await screen.findByText("checkout-service");
    expect(registryQueries(api)[0]).toMatchObject({
      filter: { search: "ci", status: ["ACTIVE"], environment: ["STAGING"] },
      orderBy: "LAST_USED_ASC",
    });
    expect((screen.getByLabelText("Status") as HTMLSelectElement).value).toBe("ACTIVE");
    expect((screen.getByRole("searchbox", { name: "Search" }) as HTMLInputElement).value).toBe("ci");
    expect(screen.getByRole("columnheader", { name: /Last used/ }).getAttribute("aria-sort")).toBe(
      "ascending",
    );
  });

  it("ignores values in the URL that are not filters", async () => {
    window.history.replaceState(null, "", "/admin/keys?status=toString&env=MOON&sort=DROP_TABLE");
    const api = registryApi();
    renderSignedIn(<KeyRegistryPage />, api, admin);
    await screen.findByText("checkout-service");
    expect(registryQueries(api)[0]).toMatchObject({
      filter: { status: null, environment: null },
      orderBy: "CREATED_AT_DESC",
    });
  });

  it("sorts by last used from the column header, stale keys first, then the other way", async () => {
    const user = userEvent.setup();
    const api = registryApi();
    renderSignedIn(<KeyRegistryPage />, api, admin);
    await screen.findByText("checkout-service");

    await user.click(screen.getByRole("button", { name: /Last used/ }));
    await waitFor(() => expect(lastRegistryQuery(api)?.orderBy).toBe("LAST_USED_ASC"));
    expect(screen.getByRole("columnheader", { name: /Last used/ }).getAttribute("aria-sort")).toBe(
      "ascending",
    );
    await user.click(screen.getByRole("button", { name: /Last used/ }));
    await waitFor(() => expect(lastRegistryQuery(api)?.orderBy).toBe("LAST_USED_DESC"));
    expect((screen.getByLabelText("Sort by") as HTMLSelectElement).value).toBe("LAST_USED_DESC");
  });

  it("pages forward with the end cursor and back again, and starts over when a filter changes", async () => {
    const user = userEvent.setup();
    const api = registryApi({ hasNextPage: true });
    renderSignedIn(<KeyRegistryPage />, api, admin);
    await screen.findByText("checkout-service");
    const pagination = screen.getByRole("navigation", { name: "Pagination" });
    expect(pagination.textContent).toContain("1–1 of 26");

    await user.click(within(pagination).getByRole("button", { name: "Next" }));
    await screen.findByText("second-page-key");
    expect(lastRegistryQuery(api)?.after).toBe("cursor-0");
    expect(pagination.textContent).toContain("26–26 of 26");

    await user.click(within(pagination).getByRole("button", { name: "Previous" }));
    await screen.findByText("checkout-service");

    await user.click(within(pagination).getByRole("button", { name: "Next" }));
    await screen.findByText("second-page-key");
    await user.selectOptions(screen.getByLabelText("Status"), "ACTIVE");
    await waitFor(() => expect(lastRegistryQuery(api)).toMatchObject({ filter: { status: ["ACTIVE"] } }));
    expect(lastRegistryQuery(api)?.after).toBeUndefined();
  });

  it("leaves owners out for roles that may not see them (billing admins)", async () => {
    const api = registryApi();
    renderSignedIn(<KeyRegistryPage />, api, viewerFixture({ role: "BILLING_ADMIN" }));
    await screen.findByText("checkout-service");
    expect(registryQueries(api)[0]).toMatchObject({ withOwner: false });
    expect(screen.queryByRole("columnheader", { name: "Owner" })).toBeNull();
    expect(screen.queryByRole("button", { name: /^Revoke/ })).toBeNull();
    expect(api.operationNames()).not.toContain("RegistryOwners");
  });
});
