import { DataTable, type DataTableColumn, type DataTablePageInfo } from "@keyward/ui";
import { formatDateTime } from "../format/dates.ts";
import { graphql, type ResultOf } from "../graphql/graphql.ts";

export const AuditEventFields = graphql(`
  fragment AuditEventFields on AuditEvent {
    id
    seq
    action
    actorKind
    actor {
      id
      displayName
    }
    targetType
    targetId
    cause
    ip
    occurredAt
    hash
  }
`);

export type AuditEventRow = ResultOf<typeof AuditEventFields>;

/** "key.revoked" → "Key revoked"; unknown shapes are shown as they are. */
export function actionLabel(action: string): string {
  const words = action.replace(/[._]/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function actorLabel(row: AuditEventRow): string {
  if (row.actor) return row.actor.displayName;
  return row.actorKind === "SYSTEM" ? "Keyward (system)" : row.actorKind.toLowerCase().replace("_", " ");
}

const columns: DataTableColumn<AuditEventRow>[] = [
  { id: "seq", header: "#", cell: (row) => row.seq, align: "end" },
  { id: "occurredAt", header: "Time", cell: (row) => formatDateTime(row.occurredAt) },
  { id: "actor", header: "Actor", cell: actorLabel },
  { id: "action", header: "Action", cell: (row) => actionLabel(row.action) },
  {
    id: "target",
    header: "Target",
    cell: (row) => (
      <span className="kw-cell-stack">
        <span>{row.targetType}</span>
        {row.targetId ? <code className="kw-hint">{row.targetId}</code> : null}
      </span>
    ),
  },
  { id: "cause", header: "Cause", cell: (row) => row.cause ?? "—" },
  { id: "ip", header: "IP address", cell: (row) => (row.ip ? <code>{row.ip}</code> : "—") },
];

export interface AuditEventsTableProps {
  events: readonly AuditEventRow[];
  caption: string;
  pageInfo?: DataTablePageInfo;
  emptyState?: string;
}

/** Who did what to what, when and why: the hash-chained audit trail. */
export function AuditEventsTable({ events, caption, pageInfo, emptyState }: AuditEventsTableProps) {
  return (
    <DataTable
      caption={caption}
      hideCaption
      columns={columns}
      rows={events}
      getRowKey={(row) => row.id}
      pageInfo={pageInfo}
      emptyState={emptyState ?? "No events."}
    />
  );
}
