import { Badge, DataTable, type DataTableColumn, type Tone } from "@keyward/ui";
import { formatRelative } from "../format/dates.ts";
import { moduleLabels } from "../format/labels.ts";
import { graphql, type ResultOf, type SchemaType } from "../graphql/graphql.ts";

export const ModuleSummaryFields = graphql(`
  fragment ModuleSummaryFields on ModuleSummary {
    module
    keyCount
    lastExecutionAt
    risk
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
    cell: (row) => row.keyCount.toLocaleString(),
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
    cell: (row) => <Badge tone={riskTones[row.risk]}>{riskLabels[row.risk]}</Badge>,
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
