import { type ReactNode, useState } from "react";
import { Button } from "./button.tsx";

export type SortDirection = "ascending" | "descending";

export interface SortState {
  columnId: string;
  direction: SortDirection;
}

export type SortValue = string | number | Date | null | undefined;

export interface DataTableColumn<Row> {
  id: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** The value rows are compared by when the table sorts them itself; makes the column sortable. */
  sortValue?: (row: Row) => SortValue;
  /** Marks the column sortable without `sortValue`, for tables sorted by the caller (`manualSort`). */
  sortable?: boolean;
  align?: "start" | "end";
  /** Let long text (purposes, messages) wrap; other cells stay on one line. */
  wrap?: boolean;
}

/** Cursor pagination driven by the caller, e.g. from a Relay connection's pageInfo. */
export interface DataTablePageInfo {
  hasPreviousPage: boolean;
  hasNextPage: boolean;
  onPreviousPage: () => void;
  onNextPage: () => void;
  /** Where the reader is, e.g. "21–40 of 57"; announced politely when it changes. */
  status?: ReactNode;
}

export interface DataTableProps<Row> {
  /** Names the table for assistive technology. */
  caption: ReactNode;
  hideCaption?: boolean;
  columns: readonly DataTableColumn<Row>[];
  rows: readonly Row[];
  getRowKey: (row: Row) => string;
  defaultSort?: SortState;
  /** Controlled sort state; pair with `onSortChange`. */
  sort?: SortState | null;
  onSortChange?: (sort: SortState) => void;
  /** The caller sorts the rows (e.g. on the server); the table only reports header clicks. */
  manualSort?: boolean;
  /** Rows per page when the table paginates itself. */
  pageSize?: number;
  /** Server pagination; when set, every row given is shown. */
  pageInfo?: DataTablePageInfo;
  /** Shown instead of the table body when there are no rows. */
  emptyState?: ReactNode;
}

/** A table with sortable headers (`aria-sort`) and previous/next pagination. */
export function DataTable<Row>({
  caption,
  hideCaption = false,
  columns,
  rows,
  getRowKey,
  defaultSort,
  sort: controlledSort,
  onSortChange,
  manualSort = false,
  pageSize = 10,
  pageInfo,
  emptyState,
}: DataTableProps<Row>) {
  const [uncontrolledSort, setUncontrolledSort] = useState<SortState | null>(defaultSort ?? null);
  const [requestedPage, setPage] = useState(0);
  const sort = controlledSort === undefined ? uncontrolledSort : controlledSort;

  const sortedRows = manualSort ? rows : sortRows(rows, columns, sort);
  const pageCount = pageInfo ? 1 : Math.max(1, Math.ceil(sortedRows.length / pageSize));
  const page = Math.min(requestedPage, pageCount - 1);
  const visibleRows = pageInfo ? sortedRows : sortedRows.slice(page * pageSize, (page + 1) * pageSize);

  const toggleSort = (columnId: string) => {
    const next: SortState = {
      columnId,
      direction: sort?.columnId === columnId && sort.direction === "ascending" ? "descending" : "ascending",
    };
    setUncontrolledSort(next);
    setPage(0);
    onSortChange?.(next);
  };

  return (
    <div className="kw-table-wrap">
      <table className="kw-table">
        <caption className={hideCaption ? "kw-visually-hidden" : "kw-table__caption"}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const sortable = column.sortable ?? column.sortValue !== undefined;
              const direction = sort?.columnId === column.id ? sort.direction : undefined;
              return (
                <th
                  key={column.id}
                  scope="col"
                  aria-sort={direction}
                  className={column.align === "end" ? "kw-table__cell--end" : undefined}
                >
                  {sortable ? (
                    <button type="button" className="kw-table__sort" onClick={() => toggleSort(column.id)}>
                      {column.header}
                      <span className="kw-table__sort-icon" aria-hidden="true">
                        {direction === "ascending" ? "▲" : direction === "descending" ? "▼" : "↕"}
                      </span>
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {visibleRows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="kw-table__empty">
                {emptyState ?? "Nothing to show."}
              </td>
            </tr>
          ) : (
            visibleRows.map((row) => (
              <tr key={getRowKey(row)}>
                {columns.map((column) => (
                  <td key={column.id} className={cellClass(column)}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
      {pageInfo && (pageInfo.hasPreviousPage || pageInfo.hasNextPage || pageInfo.status) ? (
        <nav className="kw-pagination" aria-label="Pagination">
          {pageInfo.hasPreviousPage || pageInfo.hasNextPage ? (
            <Button size="sm" disabled={!pageInfo.hasPreviousPage} onClick={pageInfo.onPreviousPage}>
              Previous
            </Button>
          ) : null}
          {pageInfo.status ? (
            <span className="kw-pagination__status" aria-live="polite">
              {pageInfo.status}
            </span>
          ) : null}
          {pageInfo.hasPreviousPage || pageInfo.hasNextPage ? (
            <Button size="sm" disabled={!pageInfo.hasNextPage} onClick={pageInfo.onNextPage}>
              Next
            </Button>
          ) : null}
        </nav>
      ) : pageCount > 1 ? (
        <nav className="kw-pagination" aria-label="Pagination">
          <Button size="sm" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Previous
          </Button>
          <span className="kw-pagination__status" aria-live="polite">
            Page {page + 1} of {pageCount}
          </span>
          <Button size="sm" disabled={page >= pageCount - 1} onClick={() => setPage(page + 1)}>
            Next
          </Button>
        </nav>
      ) : null}
    </div>
  );
}

function cellClass<Row>(column: DataTableColumn<Row>): string | undefined {
  const classes = [
    column.align === "end" ? "kw-table__cell--end" : "",
    column.wrap ? "kw-table__cell--wrap" : "",
  ];
  return classes.filter(Boolean).join(" ") || undefined;
}

function sortRows<Row>(
  rows: readonly Row[],
  columns: readonly DataTableColumn<Row>[],
  sort: SortState | null,
): readonly Row[] {
  const sortValue = columns.find((column) => column.id === sort?.columnId)?.sortValue;
  if (!sort || !sortValue) return rows;
  const factor = sort.direction === "ascending" ? 1 : -1;
  return rows.toSorted((left, right) => {
    const a = sortValue(left);
    const b = sortValue(right);
    // Missing values go last whichever way the column is sorted.
    if (a == null || b == null) return a == null ? (b == null ? 0 : 1) : -1;
    return factor * compareValues(a, b);
  });
}

function compareValues(a: string | number | Date, b: string | number | Date): number {
  if (typeof a === "string" && typeof b === "string") {
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }
  return Number(a) - Number(b);
}
