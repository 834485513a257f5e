import {
  Badge,
  Banner,
  BarChart,
  Button,
  Card,
  type DescriptionItem,
  DescriptionList,
  EmptyState,
  LineChart,
  LoadingState,
  StatCard,
  StatusPill,
} from "@keyward/ui";
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { dailySeries } from "../analytics/daily-series.ts";
import { formatDate, formatDateTime, formatRelative } from "../format/dates.ts";
import {
  environmentLabels,
  moduleLabels,
  permissionLabels,
  revocationCauseLabels,
} from "../format/labels.ts";
import { describeError, failureOf } from "../graphql/describe-error.ts";
import { graphql, type ResultOf } from "../graphql/graphql.ts";
import { useViewer } from "../identity/viewer-context.ts";
import { isPeopleAdminRole } from "../identity/viewer-role.ts";
import { Link } from "../routing/router.tsx";
import { pathTo, type Surface } from "../routing/routes.ts";
import { Page } from "../shell/page.tsx";
import { KeyActions } from "./key-actions.tsx";
import { KeyActivityTable, KeyEventFields } from "./key-activity-table.tsx";
import { KeyRowFields } from "./key-fragments.ts";

const usageDays = 30;

export const KeyDetailQuery = graphql(
  `
  query KeyDetail($id: ID!, $days: Int!, $events: Int!, $withRevoker: Boolean!) {
    apiKey(id: $id) {
      ...KeyRowFields
      description
      scopes
      revokedAt
      lockedAt
      unusedGrants(days: $days) {
        permissions
        scopes
        verifications
      }
      tool {
        id
        displayName
      }
      rotatedFrom {
        id
        name
        displayHint
      }
      replacedBy {
        id
        name
        displayHint
      }
      revokedBy @include(if: $withRevoker) {
        id
        displayName
      }
      usageHistory(days: $days) {
        bucket
        valid
        failed
      }
      activity(last: $events) {
        ...KeyEventFields
      }
    }
  }
`,
  [KeyRowFields, KeyEventFields],
);

/**
 * Ownership and access details, which billing admins may not read (DESIGN §7): asked for in their
 * own query, only by those who may, so the key's page never shows an authorisation error.
 */
export const KeyAccessDetailsQuery = graphql(`
  query KeyAccessDetails($id: ID!) {
    apiKey(id: $id) {
      id
      ipAllowlist
      purpose
      rateLimitPerMinute
      revocationCause
      revocationNote
      rejectionReason
      owner {
        id
        displayName
        email
        kind
      }
      createdBy {
        id
        displayName
      }
      workspaces {
        id
        name
        slug
      }
    }
  }
`);

type KeyDetailData = NonNullable<ResultOf<typeof KeyDetailQuery>["apiKey"]> &
  Partial<Omit<NonNullable<ResultOf<typeof KeyAccessDetailsQuery>["apiKey"]>, "id">>;

function listOrNone(values: readonly string[] | null | undefined, none: string) {
  return values && values.length > 0 ? values.join(", ") : none;
}

function keyLink(surface: Surface, key: { id: string; name: string; displayHint?: string | null }) {
  const path = surface === "admin" ? "/admin/keys/:id" : "/console/keys/:id";
  return (
    <Link to={pathTo(path, { id: key.id })}>
      {key.name}
      {key.displayHint ? ` (${key.displayHint})` : ""}
    </Link>
  );
}

function detailItems(key: KeyDetailData, surface: Surface): DescriptionItem[] {
  const items: (DescriptionItem | false)[] = [
    { term: "Key", detail: key.displayHint ? <code>{key.displayHint}</code> : "—" },
    key.owner !== undefined && {
      term: "Owner",
      detail: key.owner ? (
        surface === "admin" ? (
          <Link to={pathTo("/admin/users/:id", { id: key.owner.id })}>{key.owner.displayName}</Link>
        ) : (
          key.owner.displayName
        )
      ) : (
        "—"
      ),
    },
    key.createdBy !== undefined && { term: "Created by", detail: key.createdBy?.displayName ?? "—" },
    { term: "Environment", detail: environmentLabels[key.environment] },
    { term: "Module", detail: moduleLabels[key.module] },
    {
      term: "Permissions",
      detail: (
        <span className="kw-badge-row">
          {key.permissions.map((permission) => (
            <Badge
              key={permission}
              tone={permission === "ADMIN" || permission === "EXECUTE" ? "warning" : "neutral"}
            >
              {permissionLabels[permission]}
            </Badge>
          ))}
        </span>
      ),
    },
    {
      term: "Scopes",
      detail:
        key.scopes.length > 0 ? (
          <span className="kw-badge-row">
            {key.scopes.map((scope) => (
              <Badge key={scope}>
                <code>{scope}</code>
              </Badge>
            ))}
          </span>
        ) : (
          "None"
        ),
    },
    key.workspaces !== undefined && {
      term: "Workspaces",
      detail: listOrNone(
        key.workspaces?.map((workspace) => workspace.name),
        "None: the key reaches no workspace resource",
      ),
    },
    { term: "Created", detail: formatDateTime(key.createdAt) },
    { term: "Expires", detail: key.expiresAt ? formatDate(key.expiresAt) : "Never" },
    {
      term: "Last used",
      detail: key.lastUsedAt
        ? `${formatRelative(key.lastUsedAt)} (${formatDateTime(key.lastUsedAt)})`
        : "Never",
    },
    key.ipAllowlist !== undefined && {
      term: "IP allowlist",
      detail: listOrNone(key.ipAllowlist, "Any address"),
    },
    key.rateLimitPerMinute !== undefined && {
      term: "Rate limit",
      detail: key.rateLimitPerMinute
        ? `${key.rateLimitPerMinute.toLocaleString()} per minute`
        : "Plan default",
    },
    key.tool ? { term: "Tool", detail: key.tool.displayName } : false,
    key.purpose ? { term: "Purpose", detail: key.purpose } : false,
    key.description ? { term: "Description", detail: key.description } : false,
    key.rotatedFrom ? { term: "Replaces", detail: keyLink(surface, key.rotatedFrom) } : false,
    key.replacedBy ? { term: "Replaced by", detail: keyLink(surface, key.replacedBy) } : false,
  ];
  return items.filter((item): item is DescriptionItem => item !== false);
}

export const UnlockApiKeyMutation = graphql(`
  mutation UnlockApiKey($input: UnlockApiKeyInput!) {
    unlockApiKey(input: $input) {
      __typename
      ... on UnlockApiKeyPayload {
        apiKey {
          id
          status
          lockedAt
        }
      }
      ... on KeywardError {
        code
        message
      }
    }
  }
`);

function UnlockButton(props: { id: string }) {
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, unlock] = useMutation(UnlockApiKeyMutation);
  const run = async () => {
    setError(null);
    const result = await unlock({ input: { id: props.id } });
    const payload = result.data?.unlockApiKey;
    const failure = failureOf(result.error, payload);
    if (failure) setError(failure);
  };
  return (
    <span className="kw-stack">
      <Button size="sm" onClick={run} disabled={fetching}>
        {fetching ? "Unlocking…" : "Unlock key"}
      </Button>
      {error ? (
        <span className="kw-danger-text kw-small" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}

/** Granted but unused in the window: a narrower key would do (least privilege). */
function UnusedGrantsBanner(props: { apiKey: KeyDetailData }) {
  const unused = props.apiKey.unusedGrants;
  if (!unused || props.apiKey.status !== "ACTIVE") return null;
  if (unused.permissions.length === 0 && unused.scopes.length === 0) return null;
  const parts = [
    ...unused.permissions.map((permission) => `the ${permissionLabels[permission]} permission`),
    ...unused.scopes.map((scope) => `the ${scope} scope`),
  ];
  return (
    <Banner tone="info" title={`Unused in the last ${usageDays} days`}>
      <p>
        This key has not used {parts.join(", ")}. Rotating it into a key without{" "}
        {parts.length === 1 ? "it" : "them"} keeps its power to what it needs.
      </p>
    </Banner>
  );
}

function StatusBanners(props: { apiKey: KeyDetailData; canUnlock: boolean }) {
  const key = props.apiKey;
  if (key.lockedAt && key.status !== "REVOKED") {
    return (
      <Banner
        tone="danger"
        title={`Locked ${formatDateTime(key.lockedAt)} by suspicious-activity detection`}
        action={props.canUnlock ? <UnlockButton id={key.id} /> : undefined}
      >
        <p>
          The gateway refuses the key until an administrator has looked at the incident (see the activity
          below) and unlocks it. If it leaked, revoke it instead.
        </p>
      </Banner>
    );
  }
  if (key.status === "REVOKED") {
    const by = key.revokedBy ? ` by ${key.revokedBy.displayName}` : "";
    return (
      <Banner tone="danger" title={`Revoked ${formatDateTime(key.revokedAt)}${by}`}>
        <p>
          {key.revocationCause ? `Cause: ${revocationCauseLabels[key.revocationCause]}. ` : ""}
          {key.revocationNote ? `Note: ${key.revocationNote}. ` : ""}
          The key no longer authenticates and can never be restored.
        </p>
      </Banner>
    );
  }
  if (key.status === "REJECTED") {
    return (
      <Banner tone="danger" title="Request rejected">
        {key.rejectionReason ? <p>Reason: {key.rejectionReason}</p> : null}
      </Banner>
    );
  }
  if (key.status === "EXPIRED") {
    return (
      <Banner tone="warning" title={`Expired ${formatDate(key.expiresAt)}`}>
        <p>Expired keys are refused at the gateway. Rotate it to issue a replacement.</p>
      </Banner>
    );
  }
  if (key.rotationDueAt && new Date(key.rotationDueAt) <= new Date()) {
    return (
      <Banner tone="warning" title="Rotation due">
        <p>This key is older than your organisation's rotation age. Rotate it soon.</p>
      </Banner>
    );
  }
  return null;
}

export interface KeyDetailPageProps {
  id: string;
  surface: Surface;
}

/** One key: metadata, usage history and activity, with the actions its reader may take. */
export function KeyDetailPage({ id, surface }: KeyDetailPageProps) {
  const viewer = useViewer();
  const peopleAdmin = isPeopleAdminRole(viewer.role);
  const [{ data, error, fetching }] = useQuery({
    query: KeyDetailQuery,
    variables: { id, days: usageDays, events: 50, withRevoker: peopleAdmin },
  });
  const [{ data: accessData }] = useQuery({
    query: KeyAccessDetailsQuery,
    variables: { id },
    pause: !(surface === "console" || peopleAdmin),
  });
  const back =
    surface === "admin"
      ? { to: "/admin/keys", label: "API keys" }
      : { to: "/console/keys", label: "My keys" };
  const key: KeyDetailData | null | undefined = data?.apiKey && { ...data.apiKey, ...accessData?.apiKey };

  if (!key) {
    return (
      <Page title="API key" back={back}>
        {fetching ? <LoadingState label="Loading the key…" /> : null}
        {error ? (
          <Banner tone="danger" role="alert">
            {describeError(error)}
          </Banner>
        ) : null}
        {!fetching && !error ? (
          <EmptyState
            title="This key does not exist."
            description="It may have been removed, or the link is wrong."
          />
        ) : null}
      </Page>
    );
  }

  const series = dailySeries(key.usageHistory ?? [], usageDays);
  const totalValid = series.reduce((sum, day) => sum + day.valid, 0);
  const totalFailed = series.reduce((sum, day) => sum + day.failed, 0);
  const ownKey = surface === "console";

  return (
    <Page
      title={key.name}
      back={back}
      description={
        <span className="kw-title-meta">
          <StatusPill status={key.status} />
          {key.displayHint ? <code>{key.displayHint}</code> : null}
          <span>{environmentLabels[key.environment]}</span>
        </span>
      }
      actions={<KeyActions apiKey={key} canReplace={ownKey} size="md" />}
    >
      {error ? (
        <Banner tone="warning" role="status">
          Some details could not be loaded: {describeError(error)}
        </Banner>
      ) : null}
      <StatusBanners apiKey={key} canUnlock={peopleAdmin} />
      <UnusedGrantsBanner apiKey={key} />
      <Card title="Details">
        <DescriptionList columns={3} items={detailItems(key, surface)} />
      </Card>
      <div className="kw-grid kw-grid--stats">
        <StatCard
          label={`Successful verifications (${usageDays} days)`}
          value={totalValid.toLocaleString()}
        />
        <StatCard
          label={`Failed verifications (${usageDays} days)`}
          value={totalFailed.toLocaleString()}
          tone={totalFailed > 0 ? "danger" : "neutral"}
          hint={totalFailed > 0 ? "Check the activity below for causes" : undefined}
        />
        <StatCard label="Last used" value={key.lastUsedAt ? formatRelative(key.lastUsedAt) : "Never"} />
      </div>
      <div className="kw-grid kw-grid--charts">
        <Card title="Successful verifications per day">
          <LineChart
            title={`Successful verifications per day, last ${usageDays} days`}
            data={series.map((day) => ({ label: day.label, value: day.valid }))}
            labelHeader="Day"
            valueHeader="Verifications"
            height={200}
          />
        </Card>
        <Card title="Failed verifications per day">
          <BarChart
            title={`Failed verifications per day, last ${usageDays} days`}
            data={series.map((day) => ({ label: day.label, value: day.failed }))}
            labelHeader="Day"
            valueHeader="Failures"
            height={200}
            tone="danger"
          />
        </Card>
      </div>
      <Card title="Recent activity">
        <KeyActivityTable events={key.activity ?? []} />
      </Card>
    </Page>
  );
}
