import { Banner, BarChart, Card, LineChart, RankedBarList, SelectField, StatCard } from "@keyward/ui";
import { useQuery } from "urql";
import { moduleLabels, parseEnum } from "../format/labels.ts";
import { describeError } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";
import { Link, setSearchParams, useSearch } from "../routing/router.tsx";
import { pathTo } from "../routing/routes.ts";
import { Page } from "../shell/page.tsx";
import { dailySeries } from "./daily-series.ts";

export const UsageQuery = graphql(`
  query Usage($days: Int!) {
    usage(days: $days) {
      daily {
        bucket
        valid
        failed
      }
      topKeys {
        valid
        failed
        apiKey {
          id
          name
          displayHint
        }
      }
      byModule {
        module
        valid
        failed
      }
    }
  }
`);

const ranges = { "7": "Last 7 days", "30": "Last 30 days", "90": "Last 90 days" } as const;

/** Admin: verifications over time, failures, the busiest keys and modules (seed 001, section 7). */
export function UsagePage() {
  const search = useSearch();
  const range = parseEnum(ranges, new URLSearchParams(search).get("days")) || "30";
  const days = Number(range);
  const [{ data, error, fetching }] = useQuery({ query: UsageQuery, variables: { days } });
  const usage = data?.usage;
  const series = dailySeries(usage?.daily ?? [], days);
  const totalValid = series.reduce((sum, day) => sum + day.valid, 0);
  const totalFailed = series.reduce((sum, day) => sum + day.failed, 0);
  const agentCalls = usage?.byModule.find((entry) => entry.module === "AGENTS_EXECUTION");
  const failureRate = totalValid + totalFailed > 0 ? totalFailed / (totalValid + totalFailed) : 0;

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
        <StatCard
          label="Successful verifications"
          value={fetching && !usage ? "—" : totalValid.toLocaleString()}
        />
        <StatCard
          label="Failed authentications"
          value={fetching && !usage ? "—" : totalFailed.toLocaleString()}
          tone={failureRate > 0.05 ? "danger" : "neutral"}
          hint={totalValid + totalFailed > 0 ? `${(failureRate * 100).toFixed(1)}% of attempts` : undefined}
        />
        <StatCard
          label="Agent-triggered calls"
          value={agentCalls ? (agentCalls.valid + agentCalls.failed).toLocaleString() : "0"}
          hint="Keys of the Agents Execution module"
        />
      </section>
      <div className="kw-grid kw-grid--charts">
        <Card title="Verifications per day">
          <LineChart
            title={`Successful verifications per day, ${ranges[range].toLowerCase()}`}
            data={series.map((day) => ({ label: day.label, value: day.valid }))}
            labelHeader="Day"
            valueHeader="Verifications"
            height={220}
          />
        </Card>
        <Card title="Failed authentications per day">
          <BarChart
            title={`Failed authentications per day, ${ranges[range].toLowerCase()}`}
            data={series.map((day) => ({ label: day.label, value: day.failed }))}
            labelHeader="Day"
            valueHeader="Failures"
            height={220}
            tone="danger"
          />
        </Card>
        <Card title="Most used keys">
          <RankedBarList
            caption="Most used keys"
            labelHeader="Key"
            valueHeader="Verifications"
            emptyText={fetching ? "Loading…" : "No key was used in this period."}
            items={(usage?.topKeys ?? []).map((entry) => ({
              id: entry.apiKey.id,
              label: <Link to={pathTo("/admin/keys/:id", { id: entry.apiKey.id })}>{entry.apiKey.name}</Link>,
              value: entry.valid,
              detail: entry.failed > 0 ? `${entry.failed.toLocaleString()} failed` : undefined,
            }))}
          />
        </Card>
        <Card title="Executions by module">
          <RankedBarList
            caption="Executions by module"
            labelHeader="Module"
            valueHeader="Verifications"
            emptyText={fetching ? "Loading…" : "No executions in this period."}
            items={(usage?.byModule ?? [])
              .toSorted((left, right) => right.valid - left.valid)
              .map((entry) => ({
                id: entry.module,
                label: moduleLabels[entry.module],
                value: entry.valid,
                detail: entry.failed > 0 ? `${entry.failed.toLocaleString()} failed` : undefined,
              }))}
          />
        </Card>
      </div>
    </Page>
  );
}
