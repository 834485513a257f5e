import { Badge, DataTable, type DataTableColumn } from "@keyward/ui";
import { formatDateTime } from "../format/dates.ts";
import { moduleLabels } from "../format/labels.ts";
import { graphql, type ResultOf } from "../graphql/graphql.ts";

export const KeyEventFields = graphql(`
  fragment KeyEventFields on KeyEvent {
    id
    action
    result
    success
    ip
    module
    occurredAt
    presentedHint
    workspaceId
    apiKey {
      id
      name
    }
  }
`);

export type KeyEventRow = ResultOf<typeof KeyEventFields>;

/** A verification result code in words (DESIGN §6). */
export function resultLabel(result: string): string {
  const labels: Record<string, string> = {
    VALID: "Valid",
    NOT_FOUND: "Unknown key",
    REVOKED: "Revoked key",
    EXPIRED: "Expired key",
    PENDING: "Pending key",
    REJECTED: "Rejected key",
    IP_DENIED: "IP not allowed",
    FORBIDDEN: "Permission denied",
    ENVIRONMENT_MISMATCH: "Wrong environment",
    WORKSPACE_DENIED: "Workspace denied",
    RATE_LIMITED: "Rate limited",
    INVALID_CREDENTIALS: "Wrong email or password",
    ACCOUNT_INACTIVE: "Account deactivated",
    UNAUTHENTICATED: "Not authenticated",
  };
  return labels[result] ?? result;
}

export function ResultBadge(props: { event: Pick<KeyEventRow, "success" | "result"> }) {
  return <Badge tone={props.event.success ? "success" : "danger"}>{resultLabel(props.event.result)}</Badge>;
}

const columns: DataTableColumn<KeyEventRow>[] = [
  { id: "occurredAt", header: "Time", cell: (row) => formatDateTime(row.occurredAt) },
  { id: "action", header: "Action", cell: (row) => row.action },
  { id: "result", header: "Result", cell: (row) => <ResultBadge event={row} /> },
  { id: "module", header: "Module", cell: (row) => (row.module ? moduleLabels[row.module] : "—") },
  { id: "ip", header: "IP address", cell: (row) => (row.ip ? <code>{row.ip}</code> : "—") },
];

/** The latest authentications and uses of one key. */
export function KeyActivityTable(props: { events: readonly KeyEventRow[] }) {
  return (
    <DataTable
      caption="Recent activity"
      hideCaption
      columns={columns}
      rows={props.events}
      getRowKey={(row) => row.id}
      pageSize={10}
      emptyState="No activity yet: the key has not been presented."
    />
  );
}
