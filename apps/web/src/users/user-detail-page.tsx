import {
  Badge,
  Banner,
  Button,
  Card,
  DataTable,
  type DataTableColumn,
  DescriptionList,
  Dialog,
  EmptyState,
  LoadingState,
  StatCard,
  StatusPill,
  Tabs,
} from "@keyward/ui";
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { AuditEventsTable } from "../audit/audit-events-table.tsx";
import { formatDate, formatDateTime, formatRelative } from "../format/dates.ts";
import { environmentLabels, profileKindLabels, roleLabels } from "../format/labels.ts";
import { describeError, failureOf } from "../graphql/describe-error.ts";
import { graphql, type ResultOf } from "../graphql/graphql.ts";
import { useViewer } from "../identity/viewer-context.ts";
import { CreateKeyDrawer } from "../keys/create-key-drawer.tsx";
import { KeyRowFields } from "../keys/key-fragments.ts";
import { Link } from "../routing/router.tsx";
import { pathTo } from "../routing/routes.ts";
import { Page } from "../shell/page.tsx";
import { OffboardDialog } from "./offboard-dialog.tsx";
import { RoleEditor } from "./role-editor.tsx";
import { UserRowFields } from "./user-fragments.ts";

const activityDays = 30;

export const UserDetailQuery = graphql(
  `
  query UserDetail($id: ID!, $days: Int!) {
    user(id: $id) {
      ...UserRowFields
      createdAt
      mfaEnabled
      activity(days: $days) {
        since
        verifications
        failedVerifications
        keys {
          verifications
          failedVerifications
          apiKey {
            ...KeyRowFields
          }
        }
        events(first: 30) {
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
        }
      }
    }
  }
`,
  [UserRowFields, KeyRowFields],
);

export const SetUserStatusMutation = graphql(`
  mutation SetUserStatus($input: SetUserStatusInput!) {
    setUserStatus(input: $input) {
      __typename
      ... on ProfilePayload {
        profile {
          id
          status
        }
      }
      ... on KeywardError {
        code
        message
      }
    }
  }
`);

type KeyUsageRow = NonNullable<
  NonNullable<ResultOf<typeof UserDetailQuery>["user"]>["activity"]
>["keys"][number];

const keyColumns: DataTableColumn<KeyUsageRow>[] = [
  {
    id: "name",
    header: "Key",
    cell: ({ apiKey }) => (
      <div className="kw-cell-stack">
        <Link to={pathTo("/admin/keys/:id", { id: apiKey.id })} className="kw-row-link">
          {apiKey.name}
        </Link>
        {apiKey.displayHint ? <code className="kw-hint">{apiKey.displayHint}</code> : null}
      </div>
    ),
  },
  { id: "environment", header: "Environment", cell: ({ apiKey }) => environmentLabels[apiKey.environment] },
  { id: "status", header: "Status", cell: ({ apiKey }) => <StatusPill status={apiKey.status} /> },
  {
    id: "verifications",
    header: `Verifications (${activityDays} days)`,
    align: "end",
    cell: (row) => row.verifications.toLocaleString(),
  },
  {
    id: "failed",
    header: "Failed",
    align: "end",
    cell: (row) =>
      row.failedVerifications > 0 ? (
        <span className="kw-danger-text">{row.failedVerifications.toLocaleString()}</span>
      ) : (
        "0"
      ),
  },
  {
    id: "lastUsedAt",
    header: "Last used",
    cell: ({ apiKey }) => (apiKey.lastUsedAt ? formatRelative(apiKey.lastUsedAt) : "Never"),
  },
];

function StatusToggle(props: {
  user: { id: string; displayName: string; status: string | null };
  isSelf: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, setStatus] = useMutation(SetUserStatusMutation);
  const active = props.user.status !== "INACTIVE";
  const confirm = async () => {
    setError(null);
    const result = await setStatus({
      input: { userId: props.user.id, status: active ? "INACTIVE" : "ACTIVE" },
    });
    const payload = result.data?.setUserStatus;
    const failure = failureOf(result.error, payload);
    if (failure) setError(failure);
    else setOpen(false);
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setError(null);
      }}
      trigger={<Button disabled={props.isSelf}>{active ? "Deactivate" : "Reactivate"}</Button>}
      title={active ? `Deactivate ${props.user.displayName}?` : `Reactivate ${props.user.displayName}?`}
      description={
        active
          ? "They can no longer sign in and their sessions end now. Their keys keep working: to cut those off too, use Offboard."
          : "They can sign in again with their existing credentials."
      }
      footer={
        <>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button variant={active ? "danger" : "primary"} onClick={confirm} disabled={fetching}>
            {active ? "Deactivate" : "Reactivate"}
          </Button>
        </>
      }
    >
      {error ? (
        <Banner tone="danger" role="alert">
          {error}
        </Banner>
      ) : null}
    </Dialog>
  );
}

/** One user: profile, activity summary, keys and actions, role edit and the leaver flow. */
export function UserDetailPage(props: { id: string }) {
  const viewer = useViewer();
  const [tab, setTab] = useState("keys");
  const [creatingKey, setCreatingKey] = useState(false);
  const [{ data, error, fetching }] = useQuery({
    query: UserDetailQuery,
    variables: { id: props.id, days: activityDays },
  });
  const back = { to: "/admin/users", label: "Users" };
  const user = data?.user;

  if (!user) {
    return (
      <Page title="User" back={back}>
        {fetching ? <LoadingState label="Loading the user…" /> : null}
        {error ? (
          <Banner tone="danger" role="alert">
            {describeError(error)}
          </Banner>
        ) : null}
        {!fetching && !error ? <EmptyState title="This user does not exist in your organisation." /> : null}
      </Page>
    );
  }

  const activity = user.activity;
  const usage = activity?.keys ?? [];
  const keys = usage.map((entry) => entry.apiKey);
  const liveKeys = keys.filter((key) => ["ACTIVE", "APPROVED", "PENDING", "EXPIRED"].includes(key.status));
  const activeCount = keys.filter((key) => key.status === "ACTIVE").length;
  const lastUse =
    keys
      .map((key) => key.lastUsedAt)
      .filter((value): value is string => value !== null)
      .sort()
      .at(-1) ?? null;
  const isSelf = viewer.profile?.id === user.id || viewer.id === user.id;
  const serviceAccount = user.kind === "SERVICE_ACCOUNT";
  const inactive = user.status === "INACTIVE";

  return (
    <Page
      title={user.displayName}
      back={back}
      description={
        <span className="kw-title-meta">
          {inactive ? <Badge>Inactive</Badge> : <StatusPill status="ACTIVE" />}
          <span>{profileKindLabels[user.kind]}</span>
          {user.email ? <span>{user.email}</span> : null}
        </span>
      }
      actions={
        <>
          {serviceAccount ? (
            <Button variant="primary" onClick={() => setCreatingKey(true)} disabled={inactive}>
              Create key
            </Button>
          ) : null}
          <StatusToggle user={user} isSelf={isSelf} />
          <OffboardDialog
            user={user}
            liveKeys={liveKeys}
            trigger={
              <Button variant="danger" disabled={isSelf || (inactive && liveKeys.length === 0)}>
                Offboard…
              </Button>
            }
          />
        </>
      }
    >
      {inactive && liveKeys.length > 0 ? (
        <Banner tone="warning" title="Deactivated, but keys still work">
          <p>
            This account is inactive but owns{" "}
            {liveKeys.length === 1 ? "a live key" : `${liveKeys.length} live keys`}. Offboard to revoke them.
          </p>
        </Banner>
      ) : null}
      <div className="kw-grid kw-grid--stats">
        <StatCard label="Active keys" value={activeCount} hint={`${keys.length} in all`} />
        <StatCard
          label={`Verifications (${activityDays} days)`}
          value={activity ? activity.verifications.toLocaleString() : "—"}
        />
        <StatCard
          label={`Failed (${activityDays} days)`}
          value={activity ? activity.failedVerifications.toLocaleString() : "—"}
          tone={activity?.failedVerifications ? "danger" : "neutral"}
        />
        <StatCard label="Last key use" value={lastUse ? formatRelative(lastUse) : "Never"} />
      </div>
      <div className="kw-columns">
        <Card title="Profile">
          <DescriptionList
            columns={2}
            items={[
              { term: "Name", detail: user.displayName },
              { term: "Email", detail: user.email ?? "—" },
              { term: "Role", detail: user.role ? roleLabels[user.role] : "—" },
              { term: "Organisation unit", detail: user.orgUnit ?? "—" },
              { term: "Registered", detail: formatDate(user.createdAt) },
              {
                term: "Last sign-in",
                detail: serviceAccount ? "Cannot sign in" : formatDateTime(user.lastSignInAt),
              },
              {
                term: "Two-factor",
                detail: serviceAccount ? "—" : user.mfaEnabled ? "Enabled" : "Not set up",
              },
              { term: "Sign-in", detail: user.ssoManaged ? "Single sign-on" : "Password" },
            ]}
          />
        </Card>
        <Card title="Role">
          {serviceAccount ? (
            <p className="kw-muted">Service accounts have no role: what they can do is set by their keys.</p>
          ) : (
            <RoleEditor user={user} isSelf={isSelf} />
          )}
        </Card>
      </div>
      <Card>
        <Tabs
          label="User details"
          value={tab}
          onChange={setTab}
          items={[
            {
              id: "keys",
              label: `Keys (${keys.length})`,
              content: (
                <DataTable
                  caption={`Keys owned by ${user.displayName}`}
                  hideCaption
                  columns={keyColumns}
                  rows={usage}
                  getRowKey={(row) => row.apiKey.id}
                  emptyState={activity ? "No keys." : "Key usage is visible to user admins."}
                />
              ),
            },
            {
              id: "activity",
              label: "Activity",
              content: (
                <AuditEventsTable
                  caption={`Recent actions by or about ${user.displayName}`}
                  events={activity?.events ?? []}
                  emptyState={activity ? "No recorded actions yet." : "Activity is visible to user admins."}
                />
              ),
            },
          ]}
        />
      </Card>
      {serviceAccount ? (
        <CreateKeyDrawer
          open={creatingKey}
          onOpenChange={setCreatingKey}
          owner={{ id: user.id, displayName: user.displayName }}
        />
      ) : null}
    </Page>
  );
}
