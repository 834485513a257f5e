import { Badge, Banner, Button, Card, DataTable, type DataTableColumn } from "@keyward/ui";
import { useQuery } from "urql";
import { formatDate } from "../format/dates.ts";
import { describeError } from "../graphql/describe-error.ts";
import { graphql, type ResultOf } from "../graphql/graphql.ts";
import { setSearchParams, useSearch } from "../routing/router.tsx";
import { Page } from "../shell/page.tsx";
import { DeliveryLogCard } from "./delivery-log-card.tsx";

/** The API's largest page: an account has a handful of endpoints. */
const endpointPageSize = 100;

export const WebhookEndpointsQuery = graphql(`
  query WebhookEndpoints($first: Int!) {
    webhookEndpoints(first: $first) {
      edges {
        node {
          id
          url
          events
          active
          createdAt
        }
      }
    }
  }
`);

type Endpoint = ResultOf<typeof WebhookEndpointsQuery>["webhookEndpoints"]["edges"][number]["node"];

function columnsFor(selectedId: string | null): DataTableColumn<Endpoint>[] {
  return [
    { id: "url", header: "URL", wrap: true, cell: (row) => <code>{row.url}</code> },
    {
      id: "events",
      header: "Events",
      wrap: true,
      cell: (row) => (row.events.length === 0 ? "All events" : row.events.join(", ")),
    },
    {
      id: "active",
      header: "Status",
      cell: (row) => (row.active ? <Badge tone="success">Active</Badge> : <Badge>Paused</Badge>),
    },
    { id: "createdAt", header: "Added", cell: (row) => formatDate(row.createdAt) },
    {
      id: "log",
      header: <span className="kw-visually-hidden">Delivery log</span>,
      align: "end",
      cell: (row) => (
        <Button
          size="sm"
          aria-label={`Show deliveries to ${row.url}`}
          aria-pressed={row.id === selectedId}
          onClick={() => setSearchParams({ endpoint: row.id })}
        >
          Delivery log
        </Button>
      ),
    },
  ];
}

/**
 * Admin: the organisation's webhook endpoints and what was delivered to each. Endpoints are added
 * through the API (`createWebhookEndpoint` returns the signing secret once; README "Webhooks").
 */
export function WebhooksPage() {
  const selectedId = new URLSearchParams(useSearch()).get("endpoint");
  const [{ data, error, fetching }] = useQuery({
    query: WebhookEndpointsQuery,
    variables: { first: endpointPageSize },
  });
  const endpoints = data?.webhookEndpoints.edges.map((edge) => edge.node) ?? [];
  // The log opens on the chosen endpoint, or the only one there is.
  const selected =
    endpoints.find((endpoint) => endpoint.id === selectedId) ??
    (endpoints.length === 1 ? endpoints[0] : undefined);

  return (
    <Page
      title="Webhooks"
      description="Where Keyward sends key events (created, revoked, leaked, approvals, alerts), and whether each delivery arrived."
    >
      {error ? (
        <Banner tone="danger" role="alert">
          {describeError(error)}
        </Banner>
      ) : null}
      <Card title="Endpoints">
        <DataTable
          caption="Webhook endpoints"
          hideCaption
          columns={columnsFor(selected?.id ?? null)}
          rows={endpoints}
          getRowKey={(row) => row.id}
          emptyState={
            fetching
              ? "Loading endpoints…"
              : "No endpoints yet. Register one with the createWebhookEndpoint mutation (see the README)."
          }
        />
      </Card>
      {selected ? <DeliveryLogCard key={selected.id} endpoint={selected} /> : null}
    </Page>
  );
}
