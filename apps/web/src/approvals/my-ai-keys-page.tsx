import { Badge, Banner, Button, Card, DataTable, type DataTableColumn, StatusPill } from "@keyward/ui";
import { useState } from "react";
import { useMutation, useQuery, useSubscription } from "urql";
import { formatDate, formatRelative } from "../format/dates.ts";
import { environmentLabels } from "../format/labels.ts";
import { describeError, failureOf } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";
import { IssuedKeyFields, IssuedKeyReveal, type RevealedKey } from "../keys/issued-key-reveal.tsx";
import { RevokeKeyDialog } from "../keys/revoke-key-dialog.tsx";
import { Page } from "../shell/page.tsx";
import { type AiKey, AiKeyFields, type ToolData, ToolFields } from "./ai-key-fragments.ts";
import { RequestKeyDrawer } from "./request-key-drawer.tsx";

export const MyAiKeysQuery = graphql(
  `
  query MyAiKeys($first: Int!) {
    viewer {
      id
      keyRequests(first: $first) {
        edges {
          node {
            ...AiKeyFields
          }
        }
      }
      availableTools {
        ...ToolFields
      }
    }
  }
`,
  [AiKeyFields, ToolFields],
);

/** The requester sees approvals and rejections land without reloading. */
export const MyKeyRequestUpdatesSubscription = graphql(
  `
  subscription MyKeyRequestUpdates {
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

export const ClaimApiKeyMutation = graphql(
  `
  mutation ClaimApiKey($input: KeyRequestIdInput!) {
    claimApiKey(input: $input) {
      __typename
      ...IssuedKeyFields
      ... on KeywardError {
        code
        message
      }
    }
  }
`,
  [IssuedKeyFields],
);

function statusAnnouncement(key: AiKey): string | null {
  const tool = key.tool?.displayName ?? key.name;
  if (key.status === "APPROVED") return `Your ${tool} key was approved. Claim it to see the secret once.`;
  if (key.status === "REJECTED") {
    return `Your ${tool} key request was rejected${key.rejectionReason ? `: ${key.rejectionReason}` : "."}`;
  }
  return null;
}

function ClaimButton(props: {
  apiKey: AiKey;
  onClaimed: (issued: RevealedKey) => void;
  onError: (message: string) => void;
}) {
  const [{ fetching }, claim] = useMutation(ClaimApiKeyMutation);
  const run = async () => {
    const result = await claim({ input: { id: props.apiKey.id } });
    const payload = result.data?.claimApiKey;
    const failure = failureOf(result.error, payload);
    if (failure) props.onError(failure);
    else if (payload?.__typename === "IssuedApiKey") {
      props.onClaimed({ token: payload.token, warnings: payload.warnings, apiKey: payload.apiKey });
    }
  };
  const tool = props.apiKey.tool?.displayName ?? props.apiKey.name;
  return (
    <Button size="sm" variant="primary" onClick={run} disabled={fetching} aria-label={`Claim ${tool} key`}>
      {fetching ? "Claiming…" : "Claim key"}
    </Button>
  );
}

/** Console: keys per tool from the organisation's catalogue, requested with a purpose (seed 004). */
export function MyAiKeysPage() {
  const [{ data, error, fetching }] = useQuery({ query: MyAiKeysQuery, variables: { first: 100 } });
  const [requesting, setRequesting] = useState<ToolData | null>(null);
  const [issued, setIssued] = useState<RevealedKey | null>(null);
  const [notice, setNotice] = useState<{ tone: "success" | "danger" | "info"; text: string } | null>(null);
  useSubscription({ query: MyKeyRequestUpdatesSubscription }, (_previous, event) => {
    const update = event.keyRequestUpdates;
    const announcement = update.key ? statusAnnouncement(update.key) : null;
    if (announcement)
      setNotice({ tone: update.status === "REJECTED" ? "danger" : "success", text: announcement });
    return event;
  });

  const keys = data?.viewer?.keyRequests.edges.map((edge) => edge.node) ?? [];
  const tools = data?.viewer?.availableTools ?? [];

  const keyColumns: DataTableColumn<AiKey>[] = [
    {
      id: "tool",
      header: "Tool",
      cell: (row) => (
        <div className="kw-cell-stack">
          <span className="kw-strong">{row.tool?.displayName ?? row.name}</span>
          {row.displayHint ? <code className="kw-hint">{row.displayHint}</code> : null}
        </div>
      ),
    },
    { id: "environment", header: "Environment", cell: (row) => environmentLabels[row.environment] },
    {
      id: "status",
      header: "Status",
      wrap: true,
      cell: (row) => (
        <div className="kw-cell-stack">
          <StatusPill status={row.status} />
          {row.status === "REJECTED" && row.rejectionReason ? (
            <span className="kw-muted kw-small">{row.rejectionReason}</span>
          ) : null}
        </div>
      ),
    },
    { id: "createdAt", header: "Requested", cell: (row) => formatDate(row.createdAt) },
    {
      id: "lastUsedAt",
      header: "Last used",
      cell: (row) => (row.lastUsedAt ? formatRelative(row.lastUsedAt) : "Never"),
    },
    {
      id: "actions",
      header: <span className="kw-visually-hidden">Actions</span>,
      align: "end",
      cell: (row) => (
        <div className="kw-actions">
          {row.status === "APPROVED" ? (
            <ClaimButton
              apiKey={row}
              onClaimed={setIssued}
              onError={(text) => setNotice({ tone: "danger", text })}
            />
          ) : null}
          {row.status === "ACTIVE" || row.status === "APPROVED" || row.status === "PENDING" ? (
            <RevokeKeyDialog
              apiKey={row}
              trigger={
                <Button
                  size="sm"
                  variant="ghost"
                  className="kw-button--danger-text"
                  aria-label={`Revoke ${row.tool?.displayName ?? row.name} key`}
                >
                  Revoke
                </Button>
              }
            />
          ) : null}
        </div>
      ),
    },
  ];

  const toolColumns: DataTableColumn<ToolData>[] = [
    { id: "name", header: "Tool", cell: (row) => <span className="kw-strong">{row.displayName}</span> },
    { id: "slug", header: "Slug", cell: (row) => <code>{row.slug}</code> },
    {
      id: "approval",
      header: "Approval",
      cell: (row) =>
        row.requiresApproval ? (
          <Badge tone="warning">Requires approval</Badge>
        ) : (
          <span className="kw-muted">Issued at once</span>
        ),
    },
    {
      id: "request",
      header: <span className="kw-visually-hidden">Request</span>,
      align: "end",
      cell: (row) => (
        <Button
          size="sm"
          onClick={() => setRequesting(row)}
          aria-label={`Request a key for ${row.displayName}`}
        >
          Request
        </Button>
      ),
    },
  ];

  return (
    <Page
      title="My AI keys"
      description="Pick the tool you use, say why, and get a key. Production keys for some tools wait for an admin's approval."
    >
      {error ? (
        <Banner tone="danger" role="alert">
          {describeError(error)}
        </Banner>
      ) : null}
      <div aria-live="polite" className="kw-live-region">
        {notice ? (
          <Banner
            tone={notice.tone}
            action={
              <Button size="sm" variant="ghost" onClick={() => setNotice(null)}>
                Dismiss
              </Button>
            }
          >
            {notice.text}
          </Banner>
        ) : null}
      </div>
      <Card title="Your keys">
        <DataTable
          caption="Your AI keys"
          hideCaption
          columns={keyColumns}
          rows={keys}
          getRowKey={(row) => row.id}
          emptyState={fetching ? "Loading your keys…" : "No AI keys yet. Request one from the tools below."}
        />
      </Card>
      <Card title="Available tools">
        <DataTable
          caption="Available tools"
          hideCaption
          columns={toolColumns}
          rows={tools}
          getRowKey={(row) => row.id}
          emptyState={fetching ? "Loading tools…" : "You already hold a key for every tool in the catalogue."}
        />
      </Card>
      <RequestKeyDrawer
        tool={requesting}
        onClose={() => setRequesting(null)}
        onIssued={setIssued}
        onSubmitted={(tool) =>
          setNotice({
            tone: "info",
            text: `Your request for a ${tool.displayName} production key was sent for approval.`,
          })
        }
      />
      <IssuedKeyReveal issued={issued} onDone={() => setIssued(null)} />
    </Page>
  );
}
