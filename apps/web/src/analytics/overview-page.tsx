import { Banner, Card, StatCard } from "@keyward/ui";
import { useQuery } from "urql";
import { describeError } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";
import { AlertFields, AlertList } from "../policy/alert-list.tsx";
import { Link } from "../routing/router.tsx";
import { Page } from "../shell/page.tsx";
import { ModuleClassification, ModuleSummaryFields } from "./module-classification.tsx";

export const OverviewQuery = graphql(
  `
  query Overview {
    overview {
      total
      active
      expired
      revoked
      pending
      approved
      rejected
    }
    moduleSummary {
      ...ModuleSummaryFields
    }
  }
`,
  [ModuleSummaryFields],
);

export const OverviewAlertsQuery = graphql(
  `
  query OverviewAlerts {
    alerts(first: 8, unresolvedOnly: true) {
      edges {
        node {
          ...AlertFields
        }
      }
    }
  }
`,
  [AlertFields],
);

function count(value: number | undefined): string {
  return value === undefined ? "—" : value.toLocaleString();
}

/** Admin home: the key counts, keys by module and the open alerts. */
export function OverviewPage() {
  const [{ data, error, fetching }] = useQuery({ query: OverviewQuery });
  const [{ data: alertData, error: alertError, fetching: alertsLoading }] = useQuery({
    query: OverviewAlertsQuery,
  });
  const overview = data?.overview;

  return (
    <Page title="Overview" description="Every API key in the organisation at a glance.">
      {error ? (
        <Banner tone="danger" role="alert">
          {describeError(error)}
        </Banner>
      ) : null}
      <section aria-label="Key counts" className="kw-grid kw-grid--stats">
        <StatCard label="Total keys" value={count(overview?.total)} />
        <StatCard label="Active" value={count(overview?.active)} tone="positive" />
        <StatCard
          label="Expired"
          value={count(overview?.expired)}
          tone={overview?.expired ? "warning" : "neutral"}
          hint={overview?.expired ? "Rotate or revoke them" : undefined}
        />
        <StatCard label="Revoked" value={count(overview?.revoked)} />
        <StatCard
          label="Pending requests"
          value={count(overview?.pending)}
          tone={overview?.pending ? "warning" : "neutral"}
          hint={
            overview?.pending ? (
              <Link to="/admin/requests">Review them</Link>
            ) : overview?.approved ? (
              `${overview.approved} approved, not claimed yet`
            ) : undefined
          }
        />
      </section>
      <div className="kw-columns kw-columns--wide-left">
        <Card title="Keys by module" actions={<Link to="/admin/keys">Open the registry</Link>}>
          <ModuleClassification modules={data?.moduleSummary ?? []} loading={fetching} />
        </Card>
        <Card title="Open alerts" actions={<Link to="/admin/policies">Policies</Link>}>
          {alertError ? (
            <Banner tone="danger" role="alert">
              {describeError(alertError)}
            </Banner>
          ) : (
            <AlertList
              alerts={alertData?.alerts.edges.map((edge) => edge.node) ?? []}
              emptyText={alertsLoading ? "Loading alerts…" : "No open alerts. Policies are being followed."}
            />
          )}
        </Card>
      </div>
    </Page>
  );
}
