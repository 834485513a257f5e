import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { DataTable, type DataTableColumn } from "../src/index.ts";

interface KeyRow {
  id: string;
  name: string;
  lastUsedAt: Date | null;
}

const rows: KeyRow[] = [
  { id: "1", name: "billing-worker", lastUsedAt: new Date("2025-03-02T10:00:00Z") },
  { id: "2", name: "agent-runner", lastUsedAt: null },
  { id: "3", name: "ci-deploy", lastUsedAt: new Date("2025-03-04T10:00:00Z") },
  { id: "4", name: "Analytics export", lastUsedAt: new Date("2025-03-01T10:00:00Z") },
];

const columns: DataTableColumn<KeyRow>[] = [
  { id: "name", header: "Name", cell: (row) => row.name, sortValue: (row) => row.name },
  {
    id: "lastUsedAt",
    header: "Last used",
    cell: (row) => row.lastUsedAt?.toISOString().slice(0, 10) ?? "Never",
    sortValue: (row) => row.lastUsedAt,
  },
  { id: "id", header: "Id", cell: (row) => row.id },
];

function firstColumn(): string[] {
  const body = screen.getAllByRole("rowgroup")[1];
  if (!body) throw new Error("table body missing");
  return within(body)
    .getAllByRole("row")
    .map((row) => within(row).getAllByRole("cell")[0]?.textContent ?? "");
}

function header(name: string): HTMLElement {
  return screen.getByRole("columnheader", { name: new RegExp(`^${name}`) });
}

describe("DataTable sorting", () => {
  it("sorts by a column, toggles direction and reports it with aria-sort", async () => {
    const user = userEvent.setup();
    render(<DataTable caption="API keys" columns={columns} rows={rows} getRowKey={(row) => row.id} />);

    expect(firstColumn()).toEqual(["billing-worker", "agent-runner", "ci-deploy", "Analytics export"]);
    expect(header("Name").hasAttribute("aria-sort")).toBe(false);

    await user.click(screen.getByRole("button", { name: /^Name/ }));
    expect(header("Name").getAttribute("aria-sort")).toBe("ascending");
    expect(firstColumn()).toEqual(["agent-runner", "Analytics export", "billing-worker", "ci-deploy"]);

    await user.click(screen.getByRole("button", { name: /^Name/ }));
    expect(header("Name").getAttribute("aria-sort")).toBe("descending");
    expect(firstColumn()).toEqual(["ci-deploy", "billing-worker", "Analytics export", "agent-runner"]);
  });

  it("sorts dates and keeps missing values last in both directions", async () => {
    const user = userEvent.setup();
    render(<DataTable caption="API keys" columns={columns} rows={rows} getRowKey={(row) => row.id} />);
    const lastUsed = screen.getByRole("button", { name: /^Last used/ });

    await user.click(lastUsed);
    expect(header("Last used").getAttribute("aria-sort")).toBe("ascending");
    expect(header("Name").hasAttribute("aria-sort")).toBe(false);
    expect(firstColumn()).toEqual(["Analytics export", "billing-worker", "ci-deploy", "agent-runner"]);

    await user.click(lastUsed);
    expect(firstColumn()).toEqual(["ci-deploy", "billing-worker", "Analytics export", "agent-runner"]);
  });

  it("does not offer sorting on columns without a sort value", () => {
    render(<DataTable caption="API keys" columns={columns} rows={rows} getRowKey={(row) => row.id} />);
    expect(within(header("Id")).queryByRole("button")).toBeNull();
  });

  it("leaves the order to the caller with manualSort and reports header clicks", async () => {
    const user = userEvent.setup();
    const onSortChange = vi.fn();
    render(
      <DataTable
        caption="API keys"
        columns={columns}
        rows={rows}
        getRowKey={(row) => row.id}
        sort={{ columnId: "lastUsedAt", direction: "descending" }}
        onSortChange={onSortChange}
        manualSort
      />,
    );
    expect(header("Last used").getAttribute("aria-sort")).toBe("descending");
    await user.click(screen.getByRole("button", { name: /^Last used/ }));
    expect(onSortChange).toHaveBeenCalledWith({ columnId: "lastUsedAt", direction: "ascending" });
    expect(firstColumn()).toEqual(["billing-worker", "agent-runner", "ci-deploy", "Analytics export"]);
  });

  it("paginates sorted rows and resets to the first page when the sort changes", async () => {
    const user = userEvent.setup();
    render(
      <DataTable caption="API keys" columns={columns} rows={rows} getRowKey={(row) => row.id} pageSize={3} />,
    );
    const pagination = screen.getByRole("navigation", { name: "Pagination" });
    expect(pagination.textContent).toContain("Page 1 of 2");
    expect(within(pagination).getByRole("button", { name: "Previous" })).toHaveProperty("disabled", true);

    await user.click(within(pagination).getByRole("button", { name: "Next" }));
    expect(firstColumn()).toEqual(["Analytics export"]);
    expect(pagination.textContent).toContain("Page 2 of 2");

    await user.click(screen.getByRole("button", { name: /^Name/ }));
    expect(firstColumn()).toEqual(["agent-runner", "Analytics export", "billing-worker"]);
    expect(pagination.textContent).toContain("Page 1 of 2");
  });
});
