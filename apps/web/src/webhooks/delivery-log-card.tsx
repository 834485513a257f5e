import { Badge, Banner, Card, DataTable, type DataTableColumn, type Tone } from "@keyward/ui";
import { useQuery } from "urql";
import { formatDateTime } from "../format/dates.ts";
import { describeError } from "../graphql/describe-error.ts";
import { graphql, type ResultOf, type SchemaType } from "../graphql/graphql.ts";

/** Deliveries shown per endpoint: the newest, as the API orders them. */
const deliveryLogSize = 50;

export const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($endpointId: ID!, $first: Int!) {
    webhookDeliveries(endpointId: $endpointId, first: $first) {
      edges {
        node {
          id
          event
          status
          attempts
          responseStatus
          lastError
          nextAttemptAt
          createdAt
          deliveredAt
        }
      }
    }
  }
`);

type Delivery = NonNullable<
  ResultOf<typeof WebhookDeliveriesQuery>["webhookDeliveries"]
>["edges"][number]["node"];
type DeliveryStatus = SchemaType<"WebhookDeliveryStatus">;

const statuses: Record<DeliveryStatus, { label: string; tone: Tone }> = {
  DELIVERED: { label: "Delivered", tone: "success" },
  PENDING: { label: "Retrying", tone: "warning" },
  FAILED: { label: "Failed", tone: "danger" },
};

/** What happened at the last attempt, in words. */
function outcomeOf(delivery: Delivery): string {
  if (delivery.status === "DELIVERED") return `Accepted ${formatDateTime(delivery.deliveredAt)}`;
  const error =
    delivery.lastError ?? (delivery.responseStatus ? `HTTP ${delivery.responseStatus}` : "No answer yet");
  if (delivery.status === "PENDING" && delivery.nextAttemptAt) {
    return `${error}. Next attempt ${formatDateTime(delivery.nextAttemptAt)}`;
  }
  return error;
}

const columns: DataTableColumn<Delivery>[] = [
  { id: "createdAt", header: "Time", cell: (row) => formatDateTime(row.createdAt) },
  { id: "event", header: "Event", cell: (row) => <code>{row.event}</code> },
  {
    id: "status",
    header: "Status",
    cell: (row) => <Badge tone={statuses[row.status].tone}>{statuses[row.status].label}</Badge>,
  },
  { id: "attempts", header: "Attempts", align: "end", cell: (row) => row.attempts },
  {
    id: "response",
    header: "Response",
    align: "end",
    cell: (row) => (row.responseStatus === null ? "—" : row.responseStatus),
  },
  { id: "outcome", header: "Outcome", wrap: true, cell: (row) => outcomeOf(row) },
];

/** The delivery log of one endpoint: every event sent, its attempts and the last answer. */
export function DeliveryLogCard(props: { endpoint: { id: string; url: string } }) {
  const [{ data, error, fetching }] = useQuery({
    query: WebhookDeliveriesQuery,
    variables: { endpointId: props.endpoint.id, first: deliveryLogSize },
  });
  const log = data?.webhookDeliveries;
  const rows = log?.edges.map((edge) => edge.node) ?? [];
  return (
    <Card title="Delivery log" actions={<code className="kw-hint">{props.endpoint.url}</code>}>
      {error ? (
        <Banner tone="danger" role="alert">
          {describeError(error)}
        </Banner>
      ) : null}
      {data && log === null ? (
        <Banner tone="warning">This endpoint no longer exists in your organisation.</Banner>
      ) : (
        <DataTable
          caption={`Deliveries to ${props.endpoint.url}`}
          hideCaption
          columns={columns}
          rows={rows}
          getRowKey={(row) => row.id}
          pageSize={10}
          emptyState={fetching ? "Loading deliveries…" : "Nothing has been sent to this endpoint yet."}
        />
      )}
    </Card>
  );
}
