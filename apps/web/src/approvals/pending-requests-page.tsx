import { Banner, Button, DataTable, type DataTableColumn, Dialog, TextareaField } from "@keyward/ui";
import { type FormEvent, useState } from "react";
import { useMutation, useQuery, useSubscription } from "urql";
import { formatDateTime } from "../format/dates.ts";
import { environmentLabels } from "../format/labels.ts";
import { describeError, failureOf } from "../graphql/describe-error.ts";
import { graphql, type ResultOf } from "../graphql/graphql.ts";
import { pageRangeLabel, useCursorPages } from "../graphql/use-cursor-pages.ts";
import { useViewer } from "../identity/viewer-context.ts";
import { Link } from "../routing/router.tsx";
import { pathTo } from "../routing/routes.ts";
import { keepFocusOnPage } from "../shell/focus-fallback.ts";
import { LiveIndicator } from "../shell/live-indicator.tsx";
import { Page } from "../shell/page.tsx";
import { useRefetchOnReconnect } from "../shell/use-refetch-on-reconnect.ts";
import { AiKeyFields } from "./ai-key-fragments.ts";
import { ToolCatalogueCard } from "./tool-catalogue-card.tsx";

const pageSize = 25;

export const PendingKeyRequestsQuery = graphql(
  `
  query PendingKeyRequests($first: Int!, $after: String) {
    keyRequests(first: $first, after: $after, status: [PENDING]) {
      totalCount
      edges {
        node {
          ...AiKeyFields
          owner {
            id
            displayName
            email
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`,
  [AiKeyFields],
);

/** New requests and decisions by other approvers arrive live; the queue refreshes itself. */
export const KeyRequestUpdatesSubscription = graphql(
  `
  subscription KeyRequestUpdates {
    keyRequestUpdates {
      change
      status
      keyId
      key {
        ...AiKeyFields
      }
    }
  }
`,
  [AiKeyFields],
);

export const ApproveKeyRequestMutation = graphql(`
  mutation ApproveKeyRequest($input: KeyRequestIdInput!) {
    approveKeyRequest(input: $input) {
      __typename
      ... on KeyRequestReviewPayload {
        apiKey {
          id
          status
          reviewedAt
        }
      }
      ... on KeywardError {
        code
        message
      }
    }
  }
`);

export const RejectKeyRequestMutation = graphql(`
  mutation RejectKeyRequest($input: RejectKeyRequestInput!) {
    rejectKeyRequest(input: $input) {
      __typename
      ... on KeyRequestReviewPayload {
        apiKey {
          id
          status
          rejectionReason
          reviewedAt
        }
      }
      ... on KeywardError {
        code
        message
      }
    }
  }
`);

type PendingRequest = ResultOf<typeof PendingKeyRequestsQuery>["keyRequests"]["edges"][number]["node"];

function describeRequest(request: PendingRequest): string {
  return `${request.owner.displayName}'s ${request.tool?.displayName ?? request.name} key`;
}

function RejectDialog(props: { request: PendingRequest }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [{ fetching }, reject] = useMutation(RejectKeyRequestMutation);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!reason.trim()) {
      setReasonError("Give the requester a reason: it is shown on their request.");
      return;
    }
    const result = await reject({ input: { id: props.request.id, reason: reason.trim() } });
    const payload = result.data?.rejectKeyRequest;
    const failure = failureOf(result.error, payload);
    if (failure) setReasonError(failure);
    else {
      setOpen(false);
      setReason("");
      keepFocusOnPage();
    }
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setReasonError(undefined);
      }}
      trigger={
        <Button
          size="sm"
          variant="ghost"
          className="kw-button--danger-text"
          aria-label={`Reject ${describeRequest(props.request)}`}
        >
          Reject
        </Button>
      }
      title={`Reject ${describeRequest(props.request)}?`}
      description="The requester sees the rejection and your reason on their page."
    >
      <form className="kw-stack" onSubmit={submit} noValidate>
        <TextareaField
          label="Reason"
          name="reason"
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={reasonError}
          required
        />
        <div className="kw-dialog__footer">
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button type="submit" variant="danger" disabled={fetching}>
            {fetching ? "Rejecting…" : "Reject request"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function ApproveButton(props: { request: PendingRequest; onError: (message: string) => void }) {
  const [{ fetching }, approve] = useMutation(ApproveKeyRequestMutation);
  const run = async () => {
    const result = await approve({ input: { id: props.request.id } });
    const payload = result.data?.approveKeyRequest;
    const failure = failureOf(result.error, payload);
    if (failure) props.onError(failure);
    else keepFocusOnPage();
  };
  return (
    <Button
      size="sm"
      variant="primary"
      onClick={run}
      disabled={fetching}
      aria-label={`Approve ${describeRequest(props.request)}`}
    >
      {fetching ? "Approving…" : "Approve"}
    </Button>
  );
}

/** Admin: production key requests for tools that need approval, updating live. */
export function PendingRequestsPage() {
  const viewer = useViewer();
  // The catalogue is managed by super admins and provider admins (the API enforces it too).
  const canManageCatalogue = viewer.role === "SUPER_ADMIN" || viewer.role === "PROVIDER_ADMIN";
  const pages = useCursorPages();
  const [error, setError] = useState<string | null>(null);
  const [{ data, error: queryError, fetching }, refetch] = useQuery({
    query: PendingKeyRequestsQuery,
    variables: { first: pageSize, after: pages.after },
  });
  useSubscription({ query: KeyRequestUpdatesSubscription });
  useRefetchOnReconnect(refetch);

  const connection = data?.keyRequests;
  const rows = connection?.edges.map((edge) => edge.node) ?? [];

  const columns: DataTableColumn<PendingRequest>[] = [
    {
      id: "requester",
      header: "Requester",
      cell: (row) => (
        <div className="kw-cell-stack">
          <Link to={pathTo("/admin/users/:id", { id: row.owner.id })} className="kw-row-link">
            {row.owner.displayName}
          </Link>
          {row.owner.email ? <span className="kw-muted kw-small">{row.owner.email}</span> : null}
        </div>
      ),
    },
    { id: "tool", header: "Tool", cell: (row) => row.tool?.displayName ?? "—" },
    { id: "environment", header: "Environment", cell: (row) => environmentLabels[row.environment] },
    { id: "purpose", header: "Purpose", wrap: true, cell: (row) => row.purpose ?? "—" },
    { id: "createdAt", header: "Requested", cell: (row) => formatDateTime(row.createdAt) },
    {
      id: "decision",
      header: <span className="kw-visually-hidden">Decision</span>,
      align: "end",
      cell: (row) => (
        <div className="kw-actions">
          <ApproveButton request={row} onError={setError} />
          <RejectDialog request={row} />
        </div>
      ),
    },
  ];

  return (
    <Page
      title="Pending requests"
      description="Production keys for tools that require approval wait here. The requester sees your decision at once."
      actions={<LiveIndicator />}
    >
      {queryError ? (
        <Banner tone="danger" role="alert">
          {describeError(queryError)}
        </Banner>
      ) : null}
      {error ? (
        <Banner tone="danger" role="alert">
          {error}
        </Banner>
      ) : null}
      <DataTable
        caption="Pending key requests"
        hideCaption
        columns={columns}
        rows={rows}
        getRowKey={(row) => row.id}
        emptyState={
          fetching ? "Loading requests…" : "No request is waiting. New ones appear here as they arrive."
        }
        pageInfo={{
          hasPreviousPage: pages.index > 0,
          hasNextPage: connection?.pageInfo.hasNextPage ?? false,
          onPreviousPage: pages.previous,
          onNextPage: () => pages.next(connection?.pageInfo.endCursor),
          status: connection
            ? pageRangeLabel(pages.index, pageSize, rows.length, connection.totalCount)
            : undefined,
        }}
      />
      {canManageCatalogue ? <ToolCatalogueCard /> : null}
    </Page>
  );
}
