import { Badge, Banner, Button, Card, DataTable, type DataTableColumn, SelectField } from "@keyward/ui";
import { useState } from "react";
import { useQuery, useSubscription } from "urql";
import { formatDateTime, formatTime } from "../format/dates.ts";
import { type KeyModule, moduleLabels, optionsOf, parseEnum } from "../format/labels.ts";
import { describeError } from "../graphql/describe-error.ts";
import { graphql, type ResultOf, type SchemaType } from "../graphql/graphql.ts";
import { KeyEventFields, type KeyEventRow, ResultBadge, resultLabel } from "../keys/key-activity-table.tsx";
import { Link, setSearchParams, useSearch } from "../routing/router.tsx";
import { pathTo } from "../routing/routes.ts";
import { LiveIndicator } from "../shell/live-indicator.tsx";
import { Page } from "../shell/page.tsx";
import { useRefetchOnReconnect } from "../shell/use-refetch-on-reconnect.ts";
import { liveEventLimit, mergeEvents, signatureOf } from "./live-events.ts";

export const ActivityLogQuery = graphql(
  `
  query ActivityLog($first: Int!, $filter: ActivityLogFilter) {
    activityLog(first: $first, filter: $filter) {
      edges {
        node {
          ...KeyEventFields
        }
      }
    }
  }
`,
  [KeyEventFields],
);

export const RecentAuthFailuresQuery = graphql(
  `
  query RecentAuthFailures($first: Int!) {
    authFailures(first: $first) {
      ...KeyEventFields
    }
  }
`,
  [KeyEventFields],
);

export const KeyActivitySubscription = graphql(`
  subscription KeyActivity($filter: KeyActivityFilter) {
    keyActivity(filter: $filter) {
      action
      result
      success
      ip
      module
      occurredAt
      presentedHint
      key {
        id
        name
      }
    }
  }
`);

export const AuthFailuresSubscription = graphql(`
  subscription AuthFailures {
    authFailures {
      kind
      code
      email
      ip
      occurredAt
      presentedHint
      key {
        id
        name
      }
    }
  }
`);

type FailureKind = SchemaType<"AuthFailureKind">;
type LiveFailure = ResultOf<typeof AuthFailuresSubscription>["authFailures"];

/** One row of the activity log, whether it was loaded or arrived live. */
interface ActivityRow {
  occurredAt: string;
  action: string;
  result: string;
  success: boolean;
  ip: string | null;
  module: KeyModule | null;
  presentedHint: string | null;
  apiKey: { id: string; name: string } | null;
}

/** One refused authentication: a key at the gateway, a bearer on the API, or a password sign-in. */
interface FailureRow {
  occurredAt: string;
  kind: FailureKind;
  result: string;
  ip: string | null;
  presentedHint: string | null;
  email: string | null;
  apiKey: { id: string; name: string } | null;
}

const failureKinds: Record<FailureKind, string> = {
  VERIFY: "Key verification",
  GRAPHQL_BEARER: "API bearer",
  SIGN_IN: "Sign-in",
};

const fromKeyEvent = (event: KeyEventRow): ActivityRow => ({
  occurredAt: event.occurredAt,
  action: event.action,
  result: event.result,
  success: event.success,
  ip: event.ip,
  module: event.module,
  presentedHint: event.presentedHint,
  apiKey: event.apiKey,
});

const failureFromKeyEvent = (event: KeyEventRow): FailureRow => ({
  occurredAt: event.occurredAt,
  kind: "VERIFY",
  result: event.result,
  ip: event.ip,
  presentedHint: event.presentedHint,
  email: null,
  apiKey: event.apiKey,
});

const failureFromLive = (failure: LiveFailure): FailureRow => ({
  occurredAt: failure.occurredAt,
  kind: failure.kind,
  result: failure.code,
  ip: failure.ip,
  presentedHint: failure.presentedHint,
  email: failure.email,
  apiKey: failure.key,
});

const outcomes = { failed: "Failures only", succeeded: "Successes only" } as const;
type Outcome = keyof typeof outcomes;

interface LogFilters {
  outcome: Outcome | "";
  module: KeyModule | "";
}

/** Live events are filtered in the browser by the outcome; the module filter also goes to the server. */
function matches(event: ActivityRow, filters: LogFilters): boolean {
  if (filters.outcome === "failed" && event.success) return false;
  if (filters.outcome === "succeeded" && !event.success) return false;
  return !filters.module || event.module === filters.module;
}

function KeyCell(props: {
  row: { apiKey: { id: string; name: string } | null; presentedHint: string | null };
}) {
  const { apiKey, presentedHint } = props.row;
  return (
    <div className="kw-cell-stack">
      {apiKey ? (
        <Link to={pathTo("/admin/keys/:id", { id: apiKey.id })} className="kw-row-link">
          {apiKey.name}
        </Link>
      ) : (
        <span className="kw-muted">Unknown key</span>
      )}
      {presentedHint ? <code className="kw-hint">{presentedHint}</code> : null}
    </div>
  );
}

const columns: DataTableColumn<ActivityRow>[] = [
  { id: "occurredAt", header: "Time", cell: (row) => formatDateTime(row.occurredAt) },
  { id: "key", header: "Key", cell: (row) => <KeyCell row={row} /> },
  { id: "module", header: "Module", cell: (row) => (row.module ? moduleLabels[row.module] : "—") },
  { id: "action", header: "Action", cell: (row) => row.action },
  { id: "result", header: "Status", cell: (row) => <ResultBadge event={row} /> },
  { id: "ip", header: "IP address", cell: (row) => (row.ip ? <code>{row.ip}</code> : "—") },
];

const failureColumns: DataTableColumn<FailureRow>[] = [
  { id: "occurredAt", header: "Time", cell: (row) => formatTime(row.occurredAt) },
  { id: "kind", header: "Where", cell: (row) => failureKinds[row.kind] },
  {
    id: "who",
    header: "Key or account",
    cell: (row) => (row.kind === "SIGN_IN" ? (row.email ?? "—") : <KeyCell row={row} />),
  },
  { id: "result", header: "Reason", cell: (row) => <Badge tone="danger">{resultLabel(row.result)}</Badge> },
  { id: "ip", header: "IP address", cell: (row) => (row.ip ? <code>{row.ip}</code> : "—") },
];

/** Admin: every authentication as it happens, and the failures on their own (seed 001, section 8). */
export function ActivityPage() {
  const search = useSearch();
  const params = new URLSearchParams(search);
  const filters: LogFilters = {
    outcome: parseEnum(outcomes, params.get("outcome")),
    module: parseEnum(moduleLabels, params.get("module")),
  };
  // Pausing freezes what is shown; events keep arriving and appear on resume.
  const [frozen, setFrozen] = useState<ActivityRow[] | null>(null);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ActivityLogQuery,
    variables: {
      first: 100,
      filter: {
        failed: filters.outcome === "" ? null : filters.outcome === "failed",
        module: filters.module || null,
      },
    },
  });
  const [{ data: failureData, error: failureError }, refetchFailures] = useQuery({
    query: RecentAuthFailuresQuery,
    variables: { first: 50 },
  });
  const [{ data: liveEvents = [] }] = useSubscription(
    { query: KeyActivitySubscription, variables: { filter: { module: filters.module || null } } },
    (previous: ActivityRow[] = [], event) =>
      [{ ...event.keyActivity, apiKey: event.keyActivity.key }, ...previous].slice(0, liveEventLimit),
  );
  const [{ data: liveFailures = [] }] = useSubscription(
    { query: AuthFailuresSubscription },
    (previous: FailureRow[] = [], event) =>
      [failureFromLive(event.authFailures), ...previous].slice(0, liveEventLimit),
  );
  useRefetchOnReconnect((options) => {
    refetch(options);
    refetchFailures(options);
  });

  const loaded = data?.activityLog.edges.map((edge) => fromKeyEvent(edge.node)) ?? [];
  const events = mergeEvents(
    liveEvents.filter((event) => matches(event, filters)),
    loaded,
  );
  const shown = frozen ?? events;
  const frozenKeys = new Set(frozen?.map(signatureOf));
  const waiting = frozen ? events.filter((event) => !frozenKeys.has(signatureOf(event))).length : 0;
  const failures = mergeEvents(liveFailures, (failureData?.authFailures ?? []).map(failureFromKeyEvent), 50);
  const problem = error ?? failureError;

  return (
    <Page
      title="Activity"
      description="Key authentications as they happen: which key, from where, and with what result."
      actions={<LiveIndicator />}
    >
      {problem ? (
        <Banner tone="danger" role="alert">
          {describeError(problem)}
        </Banner>
      ) : null}
      <Card
        title="Authentication failures"
        actions={
          <span className="kw-muted kw-small" role="status">
            {liveFailures.length > 0
              ? `${liveFailures.length} new since you opened this page`
              : "New failures appear here as they happen"}
          </span>
        }
      >
        <DataTable
          caption="Authentication failures"
          hideCaption
          columns={failureColumns}
          rows={failures}
          getRowKey={signatureOf}
          pageSize={8}
          emptyState="No failed authentications."
        />
      </Card>
      <Card
        title="Activity log"
        actions={
          <span className="kw-actions">
            {frozen ? (
              <span className="kw-muted kw-small" role="status">
                {waiting === 1 ? "1 new event" : `${waiting} new events`} while paused
              </span>
            ) : null}
            <Button size="sm" onClick={() => setFrozen(frozen ? null : events)}>
              {frozen ? "Resume live updates" : "Pause live updates"}
            </Button>
          </span>
        }
      >
        <div className="kw-stack">
          <div className="kw-inline-filters">
            <SelectField
              label="Outcome"
              name="outcome"
              placeholder="All"
              options={optionsOf(outcomes)}
              value={filters.outcome}
              onValueChange={(outcome) => {
                setFrozen(null);
                setSearchParams({ outcome });
              }}
            />
            <SelectField
              label="Module"
              name="module"
              placeholder="All"
              options={optionsOf(moduleLabels)}
              value={filters.module}
              onValueChange={(module) => {
                setFrozen(null);
                setSearchParams({ module });
              }}
            />
          </div>
          <DataTable
            caption="Activity log"
            hideCaption
            columns={columns}
            rows={shown}
            getRowKey={signatureOf}
            pageSize={25}
            emptyState={fetching ? "Loading activity…" : "No key activity matches."}
          />
        </div>
      </Card>
    </Page>
  );
}
