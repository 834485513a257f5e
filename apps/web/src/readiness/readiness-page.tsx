import { Badge, Banner, Button, Card, EmptyState, LoadingState, Meter } from "@keyward/ui";
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { describeError, failureOf } from "../graphql/describe-error.ts";
import { graphql, type ResultOf, type SchemaType } from "../graphql/graphql.ts";
import { Link } from "../routing/router.tsx";
import { Page } from "../shell/page.tsx";

const ReadinessFields = graphql(`
  fragment ReadinessFields on WorkspaceReadiness {
    ready
    blockers
    activeKeyCount
    serviceAccountCount
    recommendedScopes
    usagePressure {
      used
      limit
      ratio
      high
    }
  }
`);

export const ReadinessQuery = graphql(
  `
  query Readiness {
    workspaces {
      id
      name
      slug
      bootstrapCompletedAt
      readiness {
        ...ReadinessFields
      }
    }
  }
`,
  [ReadinessFields],
);

export const CompleteWorkspaceBootstrapMutation = graphql(
  `
  mutation CompleteWorkspaceBootstrap($input: CompleteWorkspaceBootstrapInput!) {
    completeWorkspaceBootstrap(input: $input) {
      __typename
      ... on WorkspacePayload {
        workspace {
          id
          bootstrapCompletedAt
          readiness {
            ...ReadinessFields
          }
        }
      }
      ... on KeywardError {
        code
        message
      }
    }
  }
`,
  [ReadinessFields],
);

type Blocker = SchemaType<"ReadinessBlocker">;
type WorkspaceRow = ResultOf<typeof ReadinessQuery>["workspaces"][number];
type UsagePressure = NonNullable<WorkspaceRow["readiness"]>["usagePressure"];

/** What each onboarding blocker means and where to fix it (seed 000). */
const blockers: Record<Blocker, { title: string; fix: string; to?: string; action?: string }> = {
  BOOTSTRAP_INCOMPLETE: {
    title: "Baseline bootstrap is not complete yet.",
    fix: "Finish the workspace's baseline setup, then mark it complete here.",
  },
  SERVICE_ACCOUNT_MISSING: {
    title: "Service account is still missing.",
    fix: "Create a service account for the workload and grant it this workspace.",
    to: "/admin/users?kind=SERVICE_ACCOUNT",
    action: "Open service accounts",
  },
  API_KEY_MISSING: {
    title: "API key is still missing.",
    fix: "Issue a first, narrow key (runs:write) with access to this workspace.",
    to: "/admin/keys",
    action: "Open API keys",
  },
};

/** Usage pressure is the organisation's (plan limit vs this month's verifications), not a workspace's. */
function PlanUsage(props: { pressure: UsagePressure }) {
  const { pressure } = props;
  return (
    <Card title="Plan usage">
      <div className="kw-stack">
        <Meter
          label="Verifications this month"
          value={pressure.used}
          max={pressure.limit}
          valueText={`${pressure.used.toLocaleString()} of ${pressure.limit.toLocaleString()} (${Math.round(pressure.ratio * 100)}%)`}
        />
        {pressure.high ? (
          <Banner tone="warning" title="Usage pressure">
            <p>
              The organisation is close to its plan limit. Confirm the billing lane before widening access
              with new keys: issuing is not blocked, but new traffic may be.
            </p>
          </Banner>
        ) : (
          <p className="kw-muted">Comfortably within the plan limit.</p>
        )}
      </div>
    </Card>
  );
}

function CompleteBootstrapButton(props: { workspace: WorkspaceRow }) {
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, complete] = useMutation(CompleteWorkspaceBootstrapMutation);
  const run = async () => {
    setError(null);
    const result = await complete({ input: { workspaceId: props.workspace.id } });
    const payload = result.data?.completeWorkspaceBootstrap;
    const failure = failureOf(result.error, payload);
    if (failure) setError(failure);
  };
  return (
    <>
      <Button
        size="sm"
        onClick={run}
        disabled={fetching}
        aria-label={`Mark the bootstrap of ${props.workspace.name} complete`}
      >
        {fetching ? "Saving…" : "Mark bootstrap complete"}
      </Button>
      {error ? (
        <Banner tone="danger" role="alert">
          {error}
        </Banner>
      ) : null}
    </>
  );
}

function WorkspaceCard(props: { workspace: WorkspaceRow }) {
  const { workspace } = props;
  const { readiness } = workspace;
  return (
    <Card
      title={workspace.name}
      actions={
        !readiness ? null : readiness.ready ? (
          <Badge tone="success">Ready</Badge>
        ) : (
          <Badge tone="warning">Blocked</Badge>
        )
      }
    >
      <div className="kw-stack">
        <p className="kw-muted kw-small">
          <code>{workspace.slug}</code>
          {readiness
            ? ` · ${readiness.activeKeyCount === 1 ? "1 active key" : `${readiness.activeKeyCount} active keys`} · ${
                readiness.serviceAccountCount === 1
                  ? "1 service account"
                  : `${readiness.serviceAccountCount} service accounts`
              }`
            : null}
        </p>
        {!readiness ? (
          <p className="kw-muted">Readiness is not available to your role.</p>
        ) : readiness.blockers.length === 0 ? (
          <p className="kw-muted">
            No onboarding blockers: it has its bootstrap, a service account and a key.
          </p>
        ) : (
          <ul className="kw-blockers" aria-label={`Blockers for ${workspace.name}`}>
            {readiness.blockers.map((blocker) => {
              const entry = blockers[blocker];
              return (
                <li key={blocker}>
                  <strong>{entry.title}</strong>
                  <span className="kw-muted">{entry.fix}</span>
                  {blocker === "BOOTSTRAP_INCOMPLETE" ? (
                    <span>
                      <CompleteBootstrapButton workspace={workspace} />
                    </span>
                  ) : entry.to ? (
                    <Link to={entry.to}>{entry.action}</Link>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
        {readiness && readiness.recommendedScopes.length > 0 ? (
          <p className="kw-small kw-muted">
            Scopes, narrowest first:{" "}
            {readiness.recommendedScopes.map((scope, index) => (
              <span key={scope}>
                {index > 0 ? ", " : ""}
                <code>{scope}</code>
              </span>
            ))}
          </p>
        ) : null}
      </div>
    </Card>
  );
}

/** Admin: per-workspace onboarding blockers and the organisation's usage pressure (seed 000, DESIGN §8). */
export function ReadinessPage() {
  const [{ data, error, fetching }] = useQuery({ query: ReadinessQuery });
  const workspaces = data?.workspaces ?? [];
  const pressure = workspaces.find((workspace) => workspace.readiness)?.readiness?.usagePressure;
  return (
    <Page
      title="Readiness"
      description="What each workspace still needs before go-live, and how close the organisation is to its plan limit."
    >
      {error ? (
        <Banner tone="danger" role="alert">
          {describeError(error)}
        </Banner>
      ) : null}
      {fetching && workspaces.length === 0 ? <LoadingState label="Loading workspaces…" /> : null}
      {pressure ? <PlanUsage pressure={pressure} /> : null}
      {!fetching && !error && workspaces.length === 0 ? (
        <EmptyState title="No workspaces yet." />
      ) : (
        <div className="kw-grid kw-grid--cards">
          {workspaces.map((workspace) => (
            <WorkspaceCard key={workspace.id} workspace={workspace} />
          ))}
        </div>
      )}
    </Page>
  );
}
