import { Banner, Button, Card, DataTable, type DataTableColumn, EmptyState, StatusPill } from "@keyward/ui";
import { useState } from "react";
import { useQuery, useSubscription } from "urql";
import { formatDate, formatRelative } from "../format/dates.ts";
import { environmentLabels } from "../format/labels.ts";
import { describeError } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";
import { useCursorPages } from "../graphql/use-cursor-pages.ts";
import { AlertFields, AlertList } from "../policy/alert-list.tsx";
import { Link } from "../routing/router.tsx";
import { pathTo } from "../routing/routes.ts";
import { Page } from "../shell/page.tsx";
import { CreateKeyDrawer } from "./create-key-drawer.tsx";
import { KeyActions } from "./key-actions.tsx";
import { type KeyRow, KeyRowFields } from "./key-fragments.ts";
import { recommendedFirstScope } from "./scope-catalogue.ts";

const pageSize = 20;

export const MyKeysQuery = graphql(
  `
  query MyKeys($first: Int!, $after: String) {
    viewer {
      id
      apiKeys(first: $first, after: $after, orderBy: CREATED_AT_DESC) {
        edges {
          node {
            ...KeyRowFields
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`,
  [KeyRowFields],
);

/** Keeps rows current when a key changes elsewhere (an admin revokes it, a rotation elsewhere). */
export const MyKeyUpdatesSubscription = graphql(
  `
  subscription MyKeyUpdates {
    apiKeyUpdates {
      change
      status
      keyId
      key {
        ...KeyRowFields
      }
    }
  }
`,
  [KeyRowFields],
);

export const MyAlertsQuery = graphql(
  `
  query MyAlerts {
    viewer {
      id
      alerts(first: 5, unresolvedOnly: true) {
        edges {
          node {
            ...AlertFields
          }
        }
      }
    }
  }
`,
  [AlertFields],
);

const columns: DataTableColumn<KeyRow>[] = [
  {
    id: "name",
    header: "Name",
    cell: (row) => (
      <div className="kw-cell-stack">
        <Link to={pathTo("/console/keys/:id", { id: row.id })} className="kw-row-link">
          {row.name}
        </Link>
        {row.displayHint ? <code className="kw-hint">{row.displayHint}</code> : null}
      </div>
    ),
  },
  { id: "environment", header: "Environment", cell: (row) => environmentLabels[row.environment] },
  { id: "status", header: "Status", cell: (row) => <StatusPill status={row.status} /> },
  { id: "createdAt", header: "Created", cell: (row) => formatDate(row.createdAt) },
  {
    id: "lastUsedAt",
    header: "Last used",
    cell: (row) => (row.lastUsedAt ? formatRelative(row.lastUsedAt) : "Never"),
  },
  {
    id: "expiresAt",
    header: "Expires",
    cell: (row) => (row.expiresAt ? formatDate(row.expiresAt) : "Never"),
  },
  {
    id: "actions",
    header: <span className="kw-visually-hidden">Actions</span>,
    align: "end",
    cell: (row) => <KeyActions apiKey={row} canReplace />,
  },
];

/** Console: the signed-in person's own keys, with create, rotate, regenerate and revoke. */
export function MyKeysPage() {
  const [creating, setCreating] = useState(false);
  const pages = useCursorPages();
  const [{ data, error, fetching }] = useQuery({
    query: MyKeysQuery,
    variables: { first: pageSize, after: pages.after },
  });
  useSubscription({ query: MyKeyUpdatesSubscription });
  const [{ data: alertData }] = useQuery({ query: MyAlertsQuery });
  const alerts = alertData?.viewer?.alerts.edges.map((edge) => edge.node) ?? [];

  const connection = data?.viewer?.apiKeys;
  const rows = connection?.edges.map((edge) => edge.node) ?? [];
  const empty = !fetching && !error && rows.length === 0 && pages.index === 0;

  return (
    <Page
      title="My keys"
      description="Keys you own. Each secret is shown once, when the key is created or rotated."
      actions={
        <Button variant="primary" onClick={() => setCreating(true)}>
          Create key
        </Button>
      }
    >
      {error ? (
        <Banner tone="danger" role="alert">
          {describeError(error)}
        </Banner>
      ) : null}
      {alerts.length > 0 ? (
        <Card title="Alerts about your keys">
          <AlertList alerts={alerts} emptyText="" />
        </Card>
      ) : null}
      {empty ? (
        <div className="kw-card">
          <EmptyState
            title="You have no API keys yet."
            description={`Start with one narrow key: the ${recommendedFirstScope} scope, a development environment and a 30-day expiry. Widen it only when a real workflow needs more.`}
            action={
              <Button variant="primary" onClick={() => setCreating(true)}>
                Create your first key
              </Button>
            }
          />
        </div>
      ) : (
        <DataTable
          caption="My API keys"
          hideCaption
          columns={columns}
          rows={rows}
          getRowKey={(row) => row.id}
          emptyState={fetching ? "Loading keys…" : "No keys on this page."}
          pageInfo={{
            hasPreviousPage: pages.index > 0,
            hasNextPage: connection?.pageInfo.hasNextPage ?? false,
            onPreviousPage: pages.previous,
            onNextPage: () => pages.next(connection?.pageInfo.endCursor),
            status:
              pages.index > 0 || connection?.pageInfo.hasNextPage ? `Page ${pages.index + 1}` : undefined,
          }}
        />
      )}
      <CreateKeyDrawer open={creating} onOpenChange={setCreating} />
    </Page>
  );
}
