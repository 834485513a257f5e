import { Banner, Button, Card, CopyButton, DataTable, type DataTableColumn, EmptyState } from "@keyward/ui";
import { useQuery } from "urql";
import { formatDateTime } from "../format/dates.ts";
import { describeError } from "../graphql/describe-error.ts";
import { graphql, type SchemaType } from "../graphql/graphql.ts";
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
import { VerifyExportCard } from "./verify-export-card.tsx";

const pageSize = 50;

export const AuditChainQuery = graphql(`
  query AuditChain {
    auditChainStatus {
      valid
      events
      brokenAtSeq
      reason
      lastHash
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
  query ExportReceipts($first: Int!) {
    latestExportReceipt {
      ...ExportReceiptFields
    }
    exportReceipts(first: $first) {
      edges {
        node {
          ...ExportReceiptFields
        }
      }
    }
  }
`,
  [ExportReceiptFields],
);

const kindLabels = { AUDIT_LOG: "Audit log", KEY_REGISTRY: "Key registry" } as const;

const receiptColumns: DataTableColumn<ExportReceiptData>[] = [
  {
    id: "createdAt",
    header: "Exported",
    cell: (row) => (
      <div className="kw-cell-stack">
        <span>{formatDateTime(row.createdAt)}</span>
        {row.createdBy ? <span className="kw-muted kw-small">{row.createdBy.displayName}</span> : null}
      </div>
    ),
  },
  { id: "kind", header: "Export", cell: (row) => `${kindLabels[row.kind]} (${row.format})` },
  { id: "filename", header: "Filename", cell: (row) => <code>{row.filename}</code> },
  { id: "filters", header: "Filters", wrap: true, cell: (row) => describeFilters(row.filters) },
  { id: "rows", header: "Rows", align: "end", cell: (row) => row.rowCount.toLocaleString() },
  {
    id: "download",
    header: <span className="kw-visually-hidden">Download</span>,
    cell: (row) =>
      row.downloadUrl ? (
        <a href={row.downloadUrl} download={row.filename} aria-label={`Download ${row.filename}`}>
          Download
        </a>
      ) : (
        <span className="kw-muted kw-small">Expired</span>
      ),
  },
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
];

const chainBreaks: Record<SchemaType<"AuditChainBreak">, string> = {
  HASH_MISMATCH: "the event was altered after it was written",
  LINK_MISMATCH: "the event does not link to the one before it",
  MISSING_EVENT: "an event was deleted",
};

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
        All {status.events.toLocaleString()} events are intact: each one's SHA-256 hash links to the one
        before.
        {status.lastHash ? (
          <>
            {" "}
            Head: <code title={status.lastHash}>{status.lastHash.slice(0, 16)}…</code>
          </>
        ) : null}
      </p>
    </Banner>
  ) : (
    <Banner tone="danger" role="alert" title="Audit chain broken" action={action}>
      <p>
        At event #{status.brokenAtSeq ?? "?"}:{" "}
        {status.reason ? chainBreaks[status.reason] : "the chain does not verify"}. Events were changed or
        removed outside Keyward ({status.events.toLocaleString()} verified before it). Export the log and
        investigate.
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
  const [{ data: receiptData, error: receiptError }] = useQuery({
    query: ExportReceiptsQuery,
    variables: { first: 20 },
  });
  const connection = data?.auditEvents;
  const events = connection?.edges.map((edge) => edge.node) ?? [];
  const latest = receiptData?.latestExportReceipt;
  const receipts = receiptData?.exportReceipts.edges.map((edge) => edge.node) ?? [];

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
      <VerifyExportCard receipts={receipts} />
      <Card title="Export receipts">
        <DataTable
          caption="Export receipts"
          hideCaption
          columns={receiptColumns}
          rows={receipts}
          getRowKey={(row) => row.id}
          emptyState="No exports yet."
        />
      </Card>
    </Page>
  );
}
