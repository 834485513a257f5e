import { DataTable, type DataTableColumn, type DataTablePageInfo } from "@keyward/ui";
import { formatDateTime } from "../format/dates.ts";
import { isValueOf, revocationCauseLabels } from "../format/labels.ts";
import { graphql, type ResultOf } from "../graphql/graphql.ts";
import { Link } from "../routing/router.tsx";
import { pathTo } from "../routing/routes.ts";

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

/** What the table shows of an event; the audit log and a user's activity both provide it. */
export type AuditRow = Pick<
  AuditEventRow,
  "seq" | "action" | "actorKind" | "actor" | "targetType" | "targetId" | "cause" | "ip" | "occurredAt"
>;

/** "key.revoked" → "Key revoked"; unknown shapes are shown as they are. */
export function actionLabel(action: string): string {
  const words = action.replace(/[._]/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function actorLabel(row: AuditRow): string {
  if (row.actor) return row.actor.displayName;
  return row.actorKind === "SYSTEM" ? "Keyward (system)" : row.actorKind.toLowerCase().replace("_", " ");
}

/** Keys and users link to their pages; other targets are shown by type and id. */
function targetCell(row: AuditRow) {
  const to =
    row.targetId && row.targetType === "ApiKey"
      ? pathTo("/admin/keys/:id", { id: row.targetId })
      : row.targetId && row.targetType === "Profile"
        ? pathTo("/admin/users/:id", { id: row.targetId })
        : null;
  return (
    <span className="kw-cell-stack">
      <span>{row.targetType}</span>
      {row.targetId ? (
        to ? (
          <Link to={to} className="kw-hint">
            {row.targetId}
          </Link>
        ) : (
          <code className="kw-hint">{row.targetId}</code>
        )
      ) : null}
    </span>
  );
}

function causeLabel(cause: string | null): string {
  if (!cause) return "—";
  return isValueOf(revocationCauseLabels, cause) ? revocationCauseLabels[cause] : cause;
}

const columns: DataTableColumn<AuditRow>[] = [
  { id: "seq", header: "#", cell: (row) => row.seq, align: "end" },
  { id: "occurredAt", header: "Time", cell: (row) => formatDateTime(row.occurredAt) },
  { id: "actor", header: "Actor", cell: actorLabel },
  { id: "action", header: "Action", cell: (row) => actionLabel(row.action) },
  { id: "target", header: "Target", cell: targetCell },
  { id: "cause", header: "Cause", wrap: true, cell: (row) => causeLabel(row.cause) },
  { id: "ip", header: "IP address", cell: (row) => (row.ip ? <code>{row.ip}</code> : "—") },
];

export interface AuditEventsTableProps {
  events: readonly AuditRow[];
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
      getRowKey={(row) => String(row.seq)}
      pageInfo={pageInfo}
      emptyState={emptyState ?? "No events."}
    />
  );
}
