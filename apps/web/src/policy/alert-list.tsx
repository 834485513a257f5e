import { Badge, type Tone } from "@keyward/ui";
import { formatRelative } from "../format/dates.ts";
import { graphql, type ResultOf, type SchemaType } from "../graphql/graphql.ts";
import { Link } from "../routing/router.tsx";
import { pathTo } from "../routing/routes.ts";

export const AlertFields = graphql(`
  fragment AlertFields on Alert {
    id
    kind
    severity
    message
    createdAt
    resolvedAt
    apiKey {
      id
      name
    }
  }
`);

type AlertRow = ResultOf<typeof AlertFields>;
type Severity = SchemaType<"AlertSeverity">;

const severityTones: Record<Severity, Tone> = { INFO: "info", WARNING: "warning", CRITICAL: "danger" };
const severityLabels: Record<Severity, string> = { INFO: "Info", WARNING: "Warning", CRITICAL: "Critical" };

/** Open governance alerts: rotation due, expiring keys, suspicious activity… */
export function AlertList(props: { alerts: readonly AlertRow[]; emptyText: string }) {
  const open = props.alerts.filter((alert) => !alert.resolvedAt);
  if (open.length === 0) return <p className="kw-muted">{props.emptyText}</p>;
  return (
    <ul className="kw-alert-list">
      {open.map((alert) => (
        <li key={alert.id} className="kw-alert-list__item">
          <Badge tone={severityTones[alert.severity]}>{severityLabels[alert.severity]}</Badge>
          <div className="kw-alert-list__text">
            <span>{alert.message}</span>
            <span className="kw-muted kw-small">
              {alert.apiKey ? (
                <>
                  <Link to={pathTo("/admin/keys/:id", { id: alert.apiKey.id })}>{alert.apiKey.name}</Link> ·{" "}
                </>
              ) : null}
              {formatRelative(alert.createdAt)}
            </span>
          </div>
        </li>
      ))}
    </ul>
  );
}
