import { Badge, DataTable, type DataTableColumn, type Tone } from "@keyward/ui";
import { formatRelative } from "../format/dates.ts";
import { moduleLabels } from "../format/labels.ts";
import { graphql, type ResultOf, type SchemaType } from "../graphql/graphql.ts";

export const ModuleSummaryFields = graphql(`
  fragment ModuleSummaryFields on ModuleSummary {
    module
    keyCount
    activeCount
    lastExecutionAt
    risk
    riskReasons
  }
`);

type ModuleSummary = ResultOf<typeof ModuleSummaryFields>;
type RiskLevel = SchemaType<"RiskLevel">;

const riskTones: Record<RiskLevel, Tone> = { LOW: "success", MEDIUM: "warning", HIGH: "danger" };
const riskLabels: Record<RiskLevel, string> = { LOW: "Low", MEDIUM: "Medium", HIGH: "High" };

const columns: DataTableColumn<ModuleSummary>[] = [
  {
    id: "module",
    header: "Module",
    cell: (row) => moduleLabels[row.module],
    sortValue: (row) => moduleLabels[row.module],
  },
  {
    id: "keyCount",
    header: "Keys",
    cell: (row) => (
      <span>
        {row.keyCount.toLocaleString()}
        <span className="kw-muted kw-small"> ({row.activeCount.toLocaleString()} active)</span>
      </span>
    ),
    sortValue: (row) => row.keyCount,
    align: "end",
  },
  {
    id: "lastExecutionAt",
    header: "Last execution",
    cell: (row) => (row.lastExecutionAt ? formatRelative(row.lastExecutionAt) : "Never"),
    sortValue: (row) => (row.lastExecutionAt ? new Date(row.lastExecutionAt) : null),
  },
  {
    id: "risk",
    header: "Risk",
    wrap: true,
    cell: (row) => (
      <div className="kw-cell-stack">
        <span>
          <Badge tone={riskTones[row.risk]}>{riskLabels[row.risk]}</Badge>
        </span>
        {row.riskReasons.length > 0 ? (
          <span className="kw-muted kw-small">{row.riskReasons.join("; ")}</span>
        ) : null}
      </div>
    ),
    sortValue: (row) => ["LOW", "MEDIUM", "HIGH"].indexOf(row.risk),
  },
];

/** Keys grouped by the module that uses them (seed 001): count, last execution and risk. */
export function ModuleClassification(props: { modules: readonly ModuleSummary[]; loading: boolean }) {
  return (
    <DataTable
      caption="Keys by module"
      hideCaption
      columns={columns}
      rows={props.modules}
      getRowKey={(row) => row.module}
      defaultSort={{ columnId: "keyCount", direction: "descending" }}
      emptyState={props.loading ? "Loading modules…" : "No keys yet."}
    />
  );
}
