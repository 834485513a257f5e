import { Banner, BarChart, Card, LineChart, RankedBarList, SelectField, StatCard } from "@keyward/ui";
import { useQuery } from "urql";
import { parseEnum } from "../format/labels.ts";
import { describeError } from "../graphql/describe-error.ts";
import { graphql, type ResultOf } from "../graphql/graphql.ts";
import { Link, setSearchParams, useSearch } from "../routing/router.tsx";
import { pathTo } from "../routing/routes.ts";
import { Page } from "../shell/page.tsx";
import { dailyCounts } from "./daily-series.ts";

export const UsageQuery = graphql(`
  query Usage($days: Int!) {
    usage(days: $days) {
      since
      failedAuthOverTime {
        bucket
        count
      }
      agentTriggeredCalls {
        bucket
        count
      }
      executionsPerKey(first: 8) {
        count
        apiKey {
          id
          name
          displayHint
        }
      }
      mostUsedKeys(first: 8) {
        count
        apiKey {
          id
          name
          displayHint
        }
      }
    }
  }
`);

type KeyCount = ResultOf<typeof UsageQuery>["usage"]["mostUsedKeys"][number];

const ranges = { "7": "Last 7 days", "30": "Last 30 days", "90": "Last 90 days" } as const;

function keyRanking(entries: readonly KeyCount[]) {
  return entries.map((entry, index) => ({
    id: entry.apiKey?.id ?? `unknown-${index}`,
    label: entry.apiKey ? (
      <Link to={pathTo("/admin/keys/:id", { id: entry.apiKey.id })}>{entry.apiKey.name}</Link>
    ) : (
      "Unknown keys"
    ),
    value: entry.count,
  }));
}

const sum = (points: readonly { count: number }[]) => points.reduce((total, point) => total + point.count, 0);

/** Admin: executions per key, failed authentications, the most used keys, agent calls (seed 001, §7). */
export function UsagePage() {
  const search = useSearch();
  const range = parseEnum(ranges, new URLSearchParams(search).get("days")) || "30";
  const days = Number(range);
  const [{ data, error, fetching }] = useQuery({ query: UsageQuery, variables: { days } });
  const usage = data?.usage;
  const failures = dailyCounts(usage?.failedAuthOverTime ?? [], days);
  const agentCalls = dailyCounts(usage?.agentTriggeredCalls ?? [], days);
  const executions = sum(usage?.executionsPerKey ?? []);
  const failed = sum(failures);
  const loading = fetching && !usage;
  const period = ranges[range].toLowerCase();

  return (
    <Page
      title="Usage"
      description="How keys are used across the organisation, from the verification gateway's records."
      actions={
        <SelectField
          label="Period"
          name="days"
          className="kw-field--inline"
          options={Object.entries(ranges).map(([value, label]) => ({ value, label }))}
          value={range}
          onValueChange={(value) => setSearchParams({ days: value === "30" ? null : value })}
        />
      }
    >
      {error ? (
        <Banner tone="danger" role="alert">
          {describeError(error)}
        </Banner>
      ) : null}
      <section aria-label="Totals" className="kw-grid kw-grid--stats">
        <StatCard label="Successful executions" value={loading ? "—" : executions.toLocaleString()} />
        <StatCard
          label="Failed authentications"
          value={loading ? "—" : failed.toLocaleString()}
          tone={failed > 0 ? "danger" : "neutral"}
          hint={
            executions + failed > 0
              ? `${((failed / (executions + failed)) * 100).toFixed(1)}% of attempts`
              : undefined
          }
        />
        <StatCard
          label="Agent-triggered calls"
          value={loading ? "—" : sum(agentCalls).toLocaleString()}
          hint="Keys of the Agents Execution module"
        />
      </section>
      <div className="kw-grid kw-grid--charts">
        <Card title="Failed authentications per day">
          <BarChart
            title={`Failed authentications per day, ${period}`}
            data={failures.map((day) => ({ label: day.label, value: day.count }))}
            labelHeader="Day"
            valueHeader="Failures"
            height={220}
            tone="danger"
          />
        </Card>
        <Card title="Agent-triggered calls per day">
          <LineChart
            title={`Agent-triggered calls per day, ${period}`}
            data={agentCalls.map((day) => ({ label: day.label, value: day.count }))}
            labelHeader="Day"
            valueHeader="Calls"
            height={220}
          />
        </Card>
        <Card title="Executions per key">
          <RankedBarList
            caption="Successful executions per key"
            labelHeader="Key"
            valueHeader="Executions"
            emptyText={loading ? "Loading…" : "No key was used in this period."}
            items={keyRanking(usage?.executionsPerKey ?? [])}
          />
        </Card>
        <Card title="Most used keys">
          <RankedBarList
            caption="Most used keys, any outcome"
            labelHeader="Key"
            valueHeader="Verifications"
            emptyText={loading ? "Loading…" : "No key was used in this period."}
            items={keyRanking(usage?.mostUsedKeys ?? [])}
          />
        </Card>
      </div>
    </Page>
  );
}
