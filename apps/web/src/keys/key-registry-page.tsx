import {
  Banner,
  Button,
  DataTable,
  type DataTableColumn,
  type SelectOption,
  type SortState,
  StatusPill,
} from "@keyward/ui";
import { useCallback, useMemo, useState } from "react";
import { useQuery } from "urql";
import { ExportDialog } from "../audit/export-dialog.tsx";
import { formatDate, formatRelative } from "../format/dates.ts";
import { environmentLabels, moduleLabels } from "../format/labels.ts";
import { describeError } from "../graphql/describe-error.ts";
import { graphql, type ResultOf } from "../graphql/graphql.ts";
import { pageRangeLabel, useCursorPages } from "../graphql/use-cursor-pages.ts";
import { useViewer } from "../identity/viewer-context.ts";
import { isPeopleAdminRole } from "../identity/viewer-role.ts";
import { Link, setSearchParams, useSearch } from "../routing/router.tsx";
import { pathTo } from "../routing/routes.ts";
import { Page } from "../shell/page.tsx";
import { CreateKeyDrawer } from "./create-key-drawer.tsx";
import { KeyRowFields } from "./key-fragments.ts";
import {
  type KeyOrder,
  RegistryFilters,
  type RegistryFilterValues,
  toApiKeyFilter,
} from "./registry-filters.tsx";
import { filtersFromSearch, filtersToSearchParams } from "./registry-url-state.ts";
import { RevokeKeyDialog } from "./revoke-key-dialog.tsx";

const pageSize = 25;

export const KeyRegistryQuery = graphql(
  `
  query KeyRegistry(
    $first: Int!
    $after: String
    $filter: ApiKeyFilter
    $orderBy: ApiKeyOrder!
    $withOwner: Boolean!
  ) {
    apiKeys(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      edges {
        node {
          ...KeyRowFields
          owner @include(if: $withOwner) {
            id
            displayName
            email
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`,
  [KeyRowFields],
);

export const RegistryOwnersQuery = graphql(`
  query RegistryOwners($first: Int!) {
    users(first: $first) {
      edges {
        node {
          id
          displayName
          email
          kind
        }
      }
    }
  }
`);

type RegistryRow = ResultOf<typeof KeyRegistryQuery>["apiKeys"]["edges"][number]["node"];

/** Which sortable column (and direction) an order corresponds to, for the headers' aria-sort. */
const sortOfOrder: Partial<Record<KeyOrder, SortState>> = {
  LAST_USED_DESC: { columnId: "lastUsedAt", direction: "descending" },
  LAST_USED_ASC: { columnId: "lastUsedAt", direction: "ascending" },
  CREATED_AT_DESC: { columnId: "createdAt", direction: "descending" },
  CREATED_AT_ASC: { columnId: "createdAt", direction: "ascending" },
  NAME_ASC: { columnId: "name", direction: "ascending" },
  EXPIRES_AT_ASC: { columnId: "expiresAt", direction: "ascending" },
};

function orderOfSort(sort: SortState): KeyOrder {
  const ascending = sort.direction === "ascending";
  if (sort.columnId === "lastUsedAt") return ascending ? "LAST_USED_ASC" : "LAST_USED_DESC";
  if (sort.columnId === "createdAt") return ascending ? "CREATED_AT_ASC" : "CREATED_AT_DESC";
  if (sort.columnId === "expiresAt") return "EXPIRES_AT_ASC";
  return "NAME_ASC";
}

function registryColumns(withOwner: boolean, canRevoke: boolean): DataTableColumn<RegistryRow>[] {
  const columns: (DataTableColumn<RegistryRow> | false)[] = [
    {
      id: "name",
      header: "Name",
      sortable: true,
      cell: (row) => (
        <div className="kw-cell-stack">
          <Link to={pathTo("/admin/keys/:id", { id: row.id })} className="kw-row-link">
            {row.name}
          </Link>
          {row.displayHint ? <code className="kw-hint">{row.displayHint}</code> : null}
        </div>
      ),
    },
    withOwner && {
      id: "owner",
      header: "Owner",
      cell: (row) =>
        row.owner ? (
          <div className="kw-cell-stack">
            <span>{row.owner.displayName}</span>
            {row.owner.email ? <span className="kw-muted kw-small">{row.owner.email}</span> : null}
          </div>
        ) : (
          "—"
        ),
    },
    {
      id: "module",
      header: "Module · environment",
      cell: (row) => (
        <div className="kw-cell-stack">
          <span>{moduleLabels[row.module]}</span>
          <span className="kw-muted kw-small">{environmentLabels[row.environment]}</span>
        </div>
      ),
    },
    { id: "status", header: "Status", cell: (row) => <StatusPill status={row.status} /> },
    { id: "createdAt", header: "Created", sortable: true, cell: (row) => formatDate(row.createdAt) },
    {
      id: "expiresAt",
      header: "Expires",
      sortable: true,
      cell: (row) => (row.expiresAt ? formatDate(row.expiresAt) : "Never"),
    },
    {
      id: "lastUsedAt",
      header: "Last used",
      sortable: true,
      cell: (row) => (row.lastUsedAt ? formatRelative(row.lastUsedAt) : "Never"),
    },
    canRevoke && {
      id: "actions",
      header: <span className="kw-visually-hidden">Actions</span>,
      align: "end",
      cell: (row) =>
        row.status === "REVOKED" || row.status === "REJECTED" ? null : (
          <RevokeKeyDialog
            apiKey={row}
            trigger={
              <Button
                size="sm"
                variant="ghost"
                className="kw-button--danger-text"
                aria-label={`Revoke ${row.name}`}
              >
                Revoke
              </Button>
            }
          />
        ),
    },
  ];
  return columns.filter((column): column is DataTableColumn<RegistryRow> => column !== false);
}

/** Admin: every key of the organisation, searchable and filterable, with stale-key sorting. */
export function KeyRegistryPage() {
  const viewer = useViewer();
  const withOwner = isPeopleAdminRole(viewer.role);
  const search = useSearch();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const pages = useCursorPages();
  const [creating, setCreating] = useState(false);

  const [{ data, error, fetching }] = useQuery({
    query: KeyRegistryQuery,
    variables: {
      first: pageSize,
      after: pages.after,
      filter: toApiKeyFilter(filters),
      orderBy: filters.order,
      withOwner,
    },
  });
  const [{ data: ownerData }] = useQuery({
    query: RegistryOwnersQuery,
    variables: { first: 200 },
    pause: !withOwner,
  });

  const { reset } = pages;
  const changeFilters = useCallback(
    (next: RegistryFilterValues) => {
      reset();
      setSearchParams(filtersToSearchParams(next));
    },
    [reset],
  );

  const owners: SelectOption[] = (ownerData?.users.edges ?? []).map(({ node }) => ({
    value: node.id,
    label: node.email ? `${node.displayName} (${node.email})` : node.displayName,
  }));
  if (filters.ownerId && !owners.some((owner) => owner.value === filters.ownerId)) {
    owners.unshift({ value: filters.ownerId, label: "The selected owner" });
  }

  const connection = data?.apiKeys;
  const rows = connection?.edges.map((edge) => edge.node) ?? [];
  const total = connection?.totalCount ?? 0;

  return (
    <Page
      title="API keys"
      description="Every key in the organisation, whoever issued it. Revocation is immediate and permanent."
      actions={
        <>
          <ExportDialog
            kind="KEY_REGISTRY"
            registryFilter={toApiKeyFilter(filters)}
            trigger={<Button>Export registry</Button>}
          />
          <Link to="/admin/policies" className="kw-button kw-button--secondary">
            Apply org policy
          </Link>
          <Button variant="primary" onClick={() => setCreating(true)}>
            Create key
          </Button>
        </>
      }
    >
      <RegistryFilters value={filters} onChange={changeFilters} owners={owners} />
      {error ? (
        <Banner tone="danger" role="alert">
          {describeError(error)}
        </Banner>
      ) : null}
      <DataTable
        caption="API keys"
        hideCaption
        columns={registryColumns(withOwner, withOwner)}
        rows={rows}
        getRowKey={(row) => row.id}
        manualSort
        sort={sortOfOrder[filters.order] ?? null}
        onSortChange={(sort) => changeFilters({ ...filters, order: orderOfSort(sort) })}
        emptyState={fetching ? "Loading keys…" : "No key matches these filters."}
        pageInfo={{
          hasPreviousPage: pages.index > 0,
          hasNextPage: connection?.pageInfo.hasNextPage ?? false,
          onPreviousPage: pages.previous,
          onNextPage: () => pages.next(connection?.pageInfo.endCursor),
          status: connection ? pageRangeLabel(pages.index, pageSize, rows.length, total) : undefined,
        }}
      />
      <CreateKeyDrawer open={creating} onOpenChange={setCreating} />
    </Page>
  );
}
