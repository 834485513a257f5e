import { Banner, Button, Card, DataTable, type DataTableColumn } from "@keyward/ui";
import { useState } from "react";
import { useQuery, useSubscription } from "urql";
import { formatDateTime, formatTime } from "../format/dates.ts";
import { moduleLabels } from "../format/labels.ts";
import { describeError } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";
import { KeyEventFields, type KeyEventRow, ResultBadge } from "../keys/key-activity-table.tsx";
import { LiveIndicator } from "../shell/live-indicator.tsx";
import { Page } from "../shell/page.tsx";
import { useRefetchOnReconnect } from "../shell/use-refetch-on-reconnect.ts";
import { liveEventLimit, mergeEvents } from "./live-events.ts";

export const ActivityLogQuery = graphql(
  `
  query ActivityLog($first: Int!) {
    activityLog(first: $first) {
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

const keyCell = (row: KeyEventRow) => (row.presentedHint ? <code>{row.presentedHint}</code> : "—");

const columns: DataTableColumn<KeyEventRow>[] = [
  { id: "occurredAt", header: "Time", cell: (row) => formatDateTime(row.occurredAt) },
  { id: "key", header: "Key", cell: keyCell },
  { id: "module", header: "Module", cell: (row) => (row.module ? moduleLabels[row.module] : "—") },
  { id: "action", header: "Action", cell: (row) => row.action },
  { id: "result", header: "Status", cell: (row) => <ResultBadge event={row} /> },
  { id: "ip", header: "IP address", cell: (row) => (row.ip ? <code>{row.ip}</code> : "—") },
];

const failureColumns: DataTableColumn<KeyEventRow>[] = [
  { id: "occurredAt", header: "Time", cell: (row) => formatTime(row.occurredAt) },
  { id: "key", header: "Key presented", cell: keyCell },
  { id: "result", header: "Reason", cell: (row) => <ResultBadge event={row} /> },
  { id: "ip", header: "IP address", cell: (row) => (row.ip ? <code>{row.ip}</code> : "—") },
];

/** Admin: every authentication as it happens, and the failures on their own (seed 001, section 8). */
export function ActivityPage() {
  // Pausing freezes what is shown; events keep arriving and appear on resume.
  const [frozen, setFrozen] = useState<KeyEventRow[] | null>(null);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ActivityLogQuery,
    variables: { first: 100 },
  });
  const [{ data: liveEvents = [] }] = useSubscription(
    { query: KeyActivitySubscription },
    (previous: KeyEventRow[] = [], event) => [event.keyActivity, ...previous].slice(0, liveEventLimit),
  );
  const [{ data: liveFailures = [] }] = useSubscription(
    { query: AuthFailuresSubscription },
    (previous: KeyEventRow[] = [], event) => [event.authFailures, ...previous].slice(0, liveEventLimit),
  );
  useRefetchOnReconnect(refetch);

  const loaded = data?.activityLog.edges.map((edge) => edge.node) ?? [];
  const events = mergeEvents(liveEvents, loaded);
  const shown = frozen ?? events;
  const waiting = frozen ? events.filter((event) => !frozen.some((row) => row.id === event.id)).length : 0;
  const failures = mergeEvents(
    liveFailures,
    loaded.filter((event) => !event.success),
    50,
  );

  return (
    <Page
      title="Activity"
      description="Key authentications as they happen: which key, from where, and with what result."
      actions={<LiveIndicator />}
    >
      {error ? (
        <Banner tone="danger" role="alert">
          {describeError(error)}
        </Banner>
      ) : null}
      <Card
        title="Authentication failures"
        actions={
          <span className="kw-muted kw-small" role="status">
            {liveFailures.length > 0
              ? `${liveFailures.length} new since you opened this page`
              : "Failures appear here as they happen"}
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
        <DataTable
          caption="Activity log"
          hideCaption
          columns={columns}
          rows={shown}
          getRowKey={(row) => row.id}
          pageSize={25}
          emptyState={fetching ? "Loading activity…" : "No key has been used yet."}
        />
      </Card>
    </Page>
  );
}
