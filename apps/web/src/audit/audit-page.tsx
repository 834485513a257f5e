import { Banner, Button, Card, CopyButton, DataTable, type DataTableColumn, EmptyState } from "@keyward/ui";
import { useQuery } from "urql";
import { formatDateTime } from "../format/dates.ts";
import { describeError } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";
import { useCursorPages } from "../graphql/use-cursor-pages.ts";
import { Page } from "../shell/page.tsx";
import { AuditEventFields, AuditEventsTable } from "./audit-events-table.tsx";
import { ExportDialog } from "./export-dialog.tsx";
import {
  describeFilters,
  type ExportReceiptData,
  ExportReceiptDetails,
  ExportReceiptFields,
} from "./export-receipt.tsx";

const pageSize = 50;

export const AuditChainQuery = graphql(`
  query AuditChain {
    auditChainStatus {
      valid
      checkedCount
      brokenAtSeq
      checkedAt
    }
  }
`);

export const AuditEventsQuery = graphql(
  `
  query AuditEvents($first: Int!, $after: String) {
    auditEvents(first: $first, after: $after) {
      totalCount
      edges {
        node {
          ...AuditEventFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`,
  [AuditEventFields],
);

export const ExportReceiptsQuery = graphql(
  `
  query ExportReceipts {
    latestExportReceipt {
      ...ExportReceiptFields
    }
    exportReceipts {
      ...ExportReceiptFields
    }
  }
`,
  [ExportReceiptFields],
);

const kindLabels = { AUDIT_LOG: "Audit log", KEY_REGISTRY: "Key registry" } as const;

const receiptColumns: DataTableColumn<ExportReceiptData>[] = [
  { id: "createdAt", header: "Exported", cell: (row) => formatDateTime(row.createdAt) },
  { id: "kind", header: "Export", cell: (row) => `${kindLabels[row.kind]} (${row.format})` },
  { id: "filename", header: "Filename", cell: (row) => <code>{row.filename}</code> },
  { id: "filters", header: "Filters", wrap: true, cell: (row) => describeFilters(row.filters) },
  { id: "rows", header: "Rows", align: "end", cell: (row) => row.rowCount.toLocaleString() },
  {
    id: "sha256",
    header: "SHA-256",
    cell: (row) => (
      <span className="kw-inline-copy">
        <code title={row.sha256}>{row.sha256.slice(0, 12)}…</code>
        <CopyButton
          value={row.sha256}
          label="Copy"
          size="sm"
          variant="ghost"
          aria-label={`Copy the SHA-256 of ${row.filename}`}
        />
      </span>
    ),
  },
  { id: "by", header: "By", cell: (row) => row.createdBy?.displayName ?? "—" },
];

function ChainStatus() {
  const [{ data, error, fetching }, recheck] = useQuery({ query: AuditChainQuery });
  const status = data?.auditChainStatus;
  const action = (
    <Button size="sm" onClick={() => recheck({ requestPolicy: "network-only" })} disabled={fetching}>
      {fetching ? "Checking…" : "Check again"}
    </Button>
  );
  if (error) {
    return (
      <Banner tone="danger" role="alert" title="The chain could not be checked" action={action}>
        {describeError(error)}
      </Banner>
    );
  }
  if (!status) return <Banner tone="info" title="Checking the audit chain…" />;
  return status.valid ? (
    <Banner tone="success" role="status" title="Audit chain verified" action={action}>
      <p>
        All {status.checkedCount.toLocaleString()} events are intact: each one's SHA-256 hash links to the one
        before. Checked {formatDateTime(status.checkedAt)}.
      </p>
    </Banner>
  ) : (
    <Banner tone="danger" role="alert" title="Audit chain broken" action={action}>
      <p>
        The hash chain breaks at event #{status.brokenAtSeq ?? "?"}: events from there on were altered or
        removed outside Keyward. Export the log and investigate.
      </p>
    </Banner>
  );
}

/** Admin: the hash-chained audit log, its integrity, and exports with receipts. */
export function AuditPage() {
  const pages = useCursorPages();
  const [{ data, error, fetching }] = useQuery({
    query: AuditEventsQuery,
    variables: { first: pageSize, after: pages.after },
  });
  const [{ data: receiptData, error: receiptError }] = useQuery({ query: ExportReceiptsQuery });
  const connection = data?.auditEvents;
  const events = connection?.edges.map((edge) => edge.node) ?? [];
  const latest = receiptData?.latestExportReceipt;

  return (
    <Page
      title="Audit log"
      description="Every change to keys, users and policies: who, what, when and why. Events are hash-chained, so tampering shows."
      actions={
        <>
          <ExportDialog kind="KEY_REGISTRY" trigger={<Button>Export key registry</Button>} />
          <ExportDialog kind="AUDIT_LOG" trigger={<Button variant="primary">Export audit log</Button>} />
        </>
      }
    >
      <ChainStatus />
      <Card title="Latest export receipt">
        {receiptError ? (
          <Banner tone="danger" role="alert">
            {describeError(receiptError)}
          </Banner>
        ) : latest ? (
          <div className="kw-stack">
            <p className="kw-muted">
              Carry this filename, its filters and SHA-256 into verification and go-live reviews: together
              they prove which file was reviewed.
            </p>
            <ExportReceiptDetails receipt={latest} />
          </div>
        ) : (
          <EmptyState
            title="No export yet."
            description="Export the audit log or the key registry to get a receipt."
          />
        )}
      </Card>
      <Card title="Events">
        {error ? (
          <Banner tone="danger" role="alert">
            {describeError(error)}
          </Banner>
        ) : null}
        <AuditEventsTable
          caption="Audit events"
          events={events}
          emptyState={fetching ? "Loading events…" : "No events yet."}
          pageInfo={{
            hasPreviousPage: pages.index > 0,
            hasNextPage: connection?.pageInfo.hasNextPage ?? false,
            onPreviousPage: pages.previous,
            onNextPage: () => pages.next(connection?.pageInfo.endCursor),
            status: connection ? `${connection.totalCount.toLocaleString()} events` : undefined,
          }}
        />
      </Card>
      <Card title="Export receipts">
        <DataTable
          caption="Export receipts"
          hideCaption
          columns={receiptColumns}
          rows={receiptData?.exportReceipts ?? []}
          getRowKey={(row) => row.id}
          emptyState="No exports yet."
        />
      </Card>
    </Page>
  );
}
