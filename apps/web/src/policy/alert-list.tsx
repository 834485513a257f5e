import { Badge, Button, type Tone } from "@keyward/ui";
import { useState } from "react";
import { useMutation } from "urql";
import { formatRelative } from "../format/dates.ts";
import { failureOf } from "../graphql/describe-error.ts";
import { graphql, type ResultOf, type SchemaType } from "../graphql/graphql.ts";
import { Link } from "../routing/router.tsx";
import { pathTo } from "../routing/routes.ts";
import { keepFocusOnPage } from "../shell/focus-fallback.ts";

export const AlertFields = graphql(`
  fragment AlertFields on Alert {
    id
    kind
    severity
    message
    subject
    createdAt
    resolved
    resolvedAt
    apiKey {
      id
      name
    }
  }
`);

export const ResolveAlertMutation = graphql(`
  mutation ResolveAlert($input: ResolveAlertInput!) {
    resolveAlert(input: $input) {
      __typename
      ... on ResolveAlertPayload {
        alert {
          id
          resolved
          resolvedAt
        }
      }
      ... on KeywardError {
        code
        message
      }
    }
  }
`);

type AlertRow = ResultOf<typeof AlertFields>;
type Severity = SchemaType<"AlertSeverity">;

const severityTones: Record<Severity, Tone> = { INFO: "info", WARNING: "warning", CRITICAL: "danger" };
const severityLabels: Record<Severity, string> = { INFO: "Info", WARNING: "Warning", CRITICAL: "Critical" };

function ResolveButton(props: { alert: AlertRow; onError: (message: string) => void }) {
  const [{ fetching }, resolve] = useMutation(ResolveAlertMutation);
  const run = async () => {
    const result = await resolve({ input: { id: props.alert.id } });
    const payload = result.data?.resolveAlert;
    const failure = failureOf(result.error, payload);
    if (failure) props.onError(failure);
    else keepFocusOnPage();
  };
  return (
    <Button
      size="sm"
      variant="ghost"
      onClick={run}
      disabled={fetching}
      aria-label={`Resolve: ${props.alert.message}`}
    >
      Resolve
    </Button>
  );
}

export interface AlertListProps {
  alerts: readonly AlertRow[];
  emptyText: string;
  /** Offer "Resolve" on each alert (admins, on the policies page). */
  resolvable?: boolean;
}

/** Open governance alerts: rotation due, expiring keys, suspicious activity… */
export function AlertList({ alerts, emptyText, resolvable = false }: AlertListProps) {
  const [error, setError] = useState<string | null>(null);
  const open = alerts.filter((alert) => !alert.resolved);
  if (open.length === 0) return <p className="kw-muted">{emptyText}</p>;
  return (
    <div className="kw-stack">
      {error ? (
        <p className="kw-form-error" role="alert">
          {error}
        </p>
      ) : null}
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
                {alert.subject ? `${alert.subject} · ` : null}
                {formatRelative(alert.createdAt)}
              </span>
            </div>
            {resolvable ? <ResolveButton alert={alert} onError={setError} /> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
