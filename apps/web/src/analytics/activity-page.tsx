import { Banner, Button, Card, DataTable, type DataTableColumn, SelectField } from "@keyward/ui";
import { useState } from "react";
import { useQuery, useSubscription } from "urql";
import { formatDateTime, formatTime } from "../format/dates.ts";
import { type KeyModule, moduleLabels, optionsOf, parseEnum } from "../format/labels.ts";
import { describeError } from "../graphql/describe-error.ts";
import { graphql, type SchemaType } from "../graphql/graphql.ts";
import { KeyEventFields, type KeyEventRow, ResultBadge } from "../keys/key-activity-table.tsx";
import { Link, setSearchParams, useSearch } from "../routing/router.tsx";
import { pathTo } from "../routing/routes.ts";
import { LiveIndicator } from "../shell/live-indicator.tsx";
import { Page } from "../shell/page.tsx";
import { useRefetchOnReconnect } from "../shell/use-refetch-on-reconnect.ts";
import { liveEventLimit, mergeEvents } from "./live-events.ts";

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
  query RecentAuthFailures {
    authFailures(first: 50) {
      ...KeyEventFields
    }
  }
`,
  [KeyEventFields],
);

export const KeyActivitySubscription = graphql(
  `
  subscription KeyActivity {
    keyActivity {
      ...KeyEventFields
    }
  }
`,
  [KeyEventFields],
);

export const AuthFailuresSubscription = graphql(
  `
  subscription AuthFailures {
    authFailures {
      ...KeyEventFields
    }
  }
`,
  [KeyEventFields],
);

const outcomes = { failed: "Failures only", succeeded: "Successes only" } as const;
type Outcome = keyof typeof outcomes;

interface LogFilters {
  outcome: Outcome | "";
  module: KeyModule | "";
}

function toActivityFilter(filters: LogFilters): SchemaType<"ActivityLogFilter"> {
  return {
    failed: filters.outcome === "" ? null : filters.outcome === "failed",
    module: filters.module || null,
  };
}

/** Live events are filtered in the browser with the same rules the query applies on the server. */
function matches(event: KeyEventRow, filters: LogFilters): boolean {
  if (filters.outcome === "failed" && event.success) return false;
  if (filters.outcome === "succeeded" && !event.success) return false;
  return !filters.module || event.module === filters.module;
}

function KeyCell(props: { event: KeyEventRow }) {
  const { event } = props;
  if (event.apiKey) {
    return (
      <div className="kw-cell-stack">
        <Link to={pathTo("/admin/keys/:id", { id: event.apiKey.id })} className="kw-row-link">
          {event.apiKey.name}
        </Link>
        {event.presentedHint ? <code className="kw-hint">{event.presentedHint}</code> : null}
      </div>
    );
  }
  return event.presentedHint ? (
    <div className="kw-cell-stack">
      <span className="kw-muted">Unknown key</span>
      <code className="kw-hint">{event.presentedHint}</code>
    </div>
  ) : (
    <span className="kw-muted">Unknown key</span>
  );
}

const columns: DataTableColumn<KeyEventRow>[] = [
  { id: "occurredAt", header: "Time", cell: (row) => formatDateTime(row.occurredAt) },
  { id: "key", header: "Key", cell: (row) => <KeyCell event={row} /> },
  { id: "module", header: "Module", cell: (row) => (row.module ? moduleLabels[row.module] : "—") },
  { id: "action", header: "Action", cell: (row) => row.action },
  { id: "result", header: "Status", cell: (row) => <ResultBadge event={row} /> },
  { id: "ip", header: "IP address", cell: (row) => (row.ip ? <code>{row.ip}</code> : "—") },
];

const failureColumns: DataTableColumn<KeyEventRow>[] = [
  { id: "occurredAt", header: "Time", cell: (row) => formatTime(row.occurredAt) },
  { id: "key", header: "Key presented", cell: (row) => <KeyCell event={row} /> },
  { id: "result", header: "Reason", cell: (row) => <ResultBadge event={row} /> },
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
  const [frozen, setFrozen] = useState<KeyEventRow[] | null>(null);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ActivityLogQuery,
    variables: { first: 100, filter: toActivityFilter(filters) },
  });
  const [{ data: failureData, error: failureError }, refetchFailures] = useQuery({
    query: RecentAuthFailuresQuery,
  });
  const [{ data: liveEvents = [] }] = useSubscription(
    { query: KeyActivitySubscription },
    (previous: KeyEventRow[] = [], event) => [event.keyActivity, ...previous].slice(0, liveEventLimit),
  );
  const [{ data: liveFailures = [] }] = useSubscription(
    { query: AuthFailuresSubscription },
    (previous: KeyEventRow[] = [], event) => [event.authFailures, ...previous].slice(0, liveEventLimit),
  );
  useRefetchOnReconnect((options) => {
    refetch(options);
    refetchFailures(options);
  });

  const loaded = data?.activityLog.edges.map((edge) => edge.node) ?? [];
  const events = mergeEvents(
    liveEvents.filter((event) => matches(event, filters)),
    loaded,
  );
  const shown = frozen ?? events;
  const waiting = frozen ? events.filter((event) => !frozen.some((row) => row.id === event.id)).length : 0;
  const failures = mergeEvents(liveFailures, failureData?.authFailures ?? [], 50);
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
          getRowKey={(row) => row.id}
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
            getRowKey={(row) => row.id}
            pageSize={25}
            emptyState={fetching ? "Loading activity…" : "No key activity matches."}
          />
        </div>
      </Card>
    </Page>
  );
}
