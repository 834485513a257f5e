import { Badge, Banner, Card, EmptyState, LoadingState, Meter } from "@keyward/ui";
import { useQuery } from "urql";
import { describeError } from "../graphql/describe-error.ts";
import { graphql, type ResultOf, type SchemaType } from "../graphql/graphql.ts";
import { Link } from "../routing/router.tsx";
import { Page } from "../shell/page.tsx";

export const ReadinessQuery = graphql(`
  query Readiness {
    workspaces {
      id
      name
      slug
      bootstrapCompletedAt
      readiness {
        ready
        blockers
        usagePressure {
          used
          limit
          ratio
          high
        }
      }
    }
  }
`);

type Blocker = SchemaType<"ReadinessBlocker">;
type WorkspaceReadiness = ResultOf<typeof ReadinessQuery>["workspaces"][number];

/** What each onboarding blocker means and where to fix it (seed 000). */
const blockers: Record<Blocker, { title: string; fix: string; to?: string; action?: string }> = {
  BOOTSTRAP_INCOMPLETE: {
    title: "Baseline bootstrap is not complete yet.",
    fix: "Finish the workspace's baseline setup before issuing credentials for it.",
  },
  SERVICE_ACCOUNT_MISSING: {
    title: "Service account is still missing.",
    fix: "Create a service account for the workload, then pair its key with this workspace.",
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

type UsagePressure = WorkspaceReadiness["readiness"]["usagePressure"];

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

function WorkspaceCard(props: { workspace: WorkspaceReadiness }) {
  const { workspace } = props;
  const { readiness } = workspace;
  return (
    <Card
      title={workspace.name}
      actions={readiness.ready ? <Badge tone="success">Ready</Badge> : <Badge tone="warning">Blocked</Badge>}
    >
      <div className="kw-stack">
        <p className="kw-muted kw-small">
          <code>{workspace.slug}</code>
        </p>
        {readiness.blockers.length === 0 ? (
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
                  {entry.to ? <Link to={entry.to}>{entry.action}</Link> : null}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </Card>
  );
}

/** Admin: per-workspace onboarding blockers and the organisation's usage pressure (seed 000, DESIGN §8). */
export function ReadinessPage() {
  const [{ data, error, fetching }] = useQuery({ query: ReadinessQuery });
  const workspaces = data?.workspaces ?? [];
  const pressure = workspaces[0]?.readiness.usagePressure;
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
