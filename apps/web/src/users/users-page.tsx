import { Badge, Banner, Button, DataTable, type DataTableColumn, SelectField, StatusPill } from "@keyward/ui";
import { useMemo } from "react";
import { useQuery, useSubscription } from "urql";
import { formatRelative } from "../format/dates.ts";
import {
  optionsOf,
  type ProfileKind,
  type ProfileStatus,
  parseEnum,
  profileKindLabels,
  profileStatusLabels,
  type Role,
  roleLabels,
} from "../format/labels.ts";
import { describeError } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";
import { pageRangeLabel, useCursorPages } from "../graphql/use-cursor-pages.ts";
import { Link, setSearchParams, useSearch } from "../routing/router.tsx";
import { pathTo } from "../routing/routes.ts";
import { Page } from "../shell/page.tsx";
import { SearchField } from "../shell/search-field.tsx";
import { CreateServiceAccountDialog } from "./create-service-account-dialog.tsx";
import { type UserRow, UserRowFields } from "./user-fragments.ts";

const pageSize = 25;

export const UsersQuery = graphql(
  `
  query Users($first: Int!, $after: String, $filter: UserFilter) {
    users(first: $first, after: $after, filter: $filter) {
      totalCount
      edges {
        node {
          ...UserRowFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`,
  [UserRowFields],
);

/** Role and status changes made elsewhere (another admin, SSO sign-ins) show up without a reload. */
export const UserUpdatesSubscription = graphql(
  `
  subscription UserUpdates {
    userUpdates {
      change
      profileId
      role
      status
      profile {
        ...UserRowFields
      }
    }
  }
`,
  [UserRowFields],
);

interface UserFilters {
  search: string;
  role: Role | "";
  status: ProfileStatus | "";
  kind: ProfileKind | "";
}

function filtersFromSearch(search: string): UserFilters {
  const params = new URLSearchParams(search);
  return {
    search: params.get("q") ?? "",
    role: parseEnum(roleLabels, params.get("role")),
    status: parseEnum(profileStatusLabels, params.get("status")),
    kind: parseEnum(profileKindLabels, params.get("kind")),
  };
}

const columns: DataTableColumn<UserRow>[] = [
  {
    id: "name",
    header: "Name",
    cell: (row) => (
      <div className="kw-cell-stack">
        <Link to={pathTo("/admin/users/:id", { id: row.id })} className="kw-row-link">
          {row.displayName}
        </Link>
        {row.kind === "SERVICE_ACCOUNT" ? <span className="kw-muted kw-small">Service account</span> : null}
      </div>
    ),
  },
  { id: "email", header: "Email", cell: (row) => row.email ?? "—" },
  {
    id: "role",
    header: "Role",
    cell: (row) => (
      <span className="kw-badge-row">
        {row.role ? roleLabels[row.role] : "—"}
        {row.ssoManaged ? <Badge tone="info">SSO</Badge> : null}
      </span>
    ),
  },
  { id: "orgUnit", header: "Organisation unit", cell: (row) => row.orgUnit ?? "—" },
  {
    id: "lastSignInAt",
    header: "Last sign-in",
    cell: (row) =>
      row.kind === "SERVICE_ACCOUNT" ? "—" : row.lastSignInAt ? formatRelative(row.lastSignInAt) : "Never",
  },
  {
    id: "status",
    header: "Status",
    cell: (row) =>
      row.status === "INACTIVE" ? (
        <Badge tone="neutral">Inactive</Badge>
      ) : row.status === "ACTIVE" ? (
        <StatusPill status="ACTIVE" />
      ) : (
        "—"
      ),
  },
];

/** Admin: everyone in the organisation (people and service accounts), with live search and filters. */
export function UsersPage() {
  const search = useSearch();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const pages = useCursorPages();
  const [{ data, error, fetching }] = useQuery({
    query: UsersQuery,
    variables: {
      first: pageSize,
      after: pages.after,
      filter: {
        search: filters.search.trim() || null,
        role: filters.role ? [filters.role] : null,
        status: filters.status ? [filters.status] : null,
        kind: filters.kind || null,
      },
    },
  });
  useSubscription({ query: UserUpdatesSubscription });

  const change = (next: Partial<UserFilters>) => {
    pages.reset();
    const merged = { ...filters, ...next };
    setSearchParams({ q: merged.search.trim(), role: merged.role, status: merged.status, kind: merged.kind });
  };

  const connection = data?.users;
  const rows = connection?.edges.map((edge) => edge.node) ?? [];

  return (
    <Page
      title="Users"
      description="Everyone who has signed in, and the service accounts that run workloads. Open a user to change their role or offboard them."
      actions={
        <CreateServiceAccountDialog trigger={<Button variant="primary">New service account</Button>} />
      }
    >
      {/* biome-ignore lint/a11y/useSemanticElements: <search> is unknown to parts of the toolchain (happy-dom); the role is equivalent. */}
      <div role="search" className="kw-filters" aria-label="Filter users">
        <SearchField
          className="kw-filters__search"
          label="Search"
          placeholder="Name or email"
          value={filters.search}
          onSearch={(value) => change({ search: value })}
        />
        <SelectField
          label="Role"
          name="role"
          placeholder="All"
          options={optionsOf(roleLabels)}
          value={filters.role}
          onValueChange={(role) => change({ role })}
        />
        <SelectField
          label="Status"
          name="status"
          placeholder="All"
          options={optionsOf(profileStatusLabels)}
          value={filters.status}
          onValueChange={(status) => change({ status })}
        />
        <SelectField
          label="Kind"
          name="kind"
          placeholder="All"
          options={optionsOf(profileKindLabels)}
          value={filters.kind}
          onValueChange={(kind) => change({ kind })}
        />
      </div>
      {error ? (
        <Banner tone="danger" role="alert">
          {describeError(error)}
        </Banner>
      ) : null}
      <DataTable
        caption="Users"
        hideCaption
        columns={columns}
        rows={rows}
        getRowKey={(row) => row.id}
        emptyState={
          fetching
            ? "Loading users…"
            : "No one matches. People appear here after their first sign-in; if someone is missing, check your identity provider."
        }
        pageInfo={{
          hasPreviousPage: pages.index > 0,
          hasNextPage: connection?.pageInfo.hasNextPage ?? false,
          onPreviousPage: pages.previous,
          onNextPage: () => pages.next(connection?.pageInfo.endCursor),
          status: connection
            ? pageRangeLabel(pages.index, pageSize, rows.length, connection.totalCount)
            : undefined,
        }}
      />
    </Page>
  );
}
