import { Badge, Banner, Button, Card, DataTable, type DataTableColumn, Dialog } from "@keyward/ui";
import { useState } from "react";
import { useMutation } from "urql";
import { formatDateTime } from "../format/dates.ts";
import { failureOf } from "../graphql/describe-error.ts";
import { graphql, type ResultOf, type SchemaType } from "../graphql/graphql.ts";
import { Link } from "../routing/router.tsx";
import { pathTo } from "../routing/routes.ts";

export const ApplyOrgPolicyMutation = graphql(`
  mutation ApplyOrgPolicy($input: ApplyOrgPolicyInput!) {
    applyOrgPolicy(input: $input) {
      __typename
      ... on PolicyReport {
        acted
        evaluated
        evaluatedAt
        violations {
          rules
          apiKey {
            id
            name
            displayHint
            status
            rotationDueAt
            expiresAt
          }
        }
        actions {
          kind
          rule
          apiKey {
            id
            name
          }
        }
      }
      ... on KeywardError {
        code
        message
      }
    }
  }
`);

type Report = Extract<
  ResultOf<typeof ApplyOrgPolicyMutation>["applyOrgPolicy"],
  { __typename: "PolicyReport" }
>;
type Violation = Report["violations"][number];
type PolicyRule = SchemaType<"PolicyRule">;
type PolicyActionKind = SchemaType<"PolicyActionKind">;

export const ruleLabels: Record<PolicyRule, string> = {
  EXPIRED: "Expired",
  EXPIRING_SOON: "Expires soon",
  EXPIRY_BEYOND_MAXIMUM: "Lives longer than the maximum",
  MISSING_IP_ALLOWLIST_IN_PRODUCTION: "Production key without IP allowlist",
  NO_EXPIRY_IN_PRODUCTION: "Production key that never expires",
  ROTATION_DUE: "Rotation due",
  ROTATION_OVERDUE: "Rotation overdue (expires when applied)",
};

const actionLabels: Record<PolicyActionKind, string> = {
  ALERT_RAISED: "Owner alerted",
  ALERT_RESOLVED: "Alert resolved",
  KEY_EXPIRED: "Key expired",
  ROTATION_DUE_CLEARED: "No longer rotation-due",
  ROTATION_DUE_SET: "Marked rotation-due",
};

const overdue: readonly PolicyRule[] = ["ROTATION_OVERDUE", "EXPIRED", "NO_EXPIRY_IN_PRODUCTION"];

const columns: DataTableColumn<Violation>[] = [
  {
    id: "key",
    header: "Key",
    cell: (row) => (
      <div className="kw-cell-stack">
        <Link to={pathTo("/admin/keys/:id", { id: row.apiKey.id })} className="kw-row-link">
          {row.apiKey.name}
        </Link>
        {row.apiKey.displayHint ? <code className="kw-hint">{row.apiKey.displayHint}</code> : null}
      </div>
    ),
  },
  {
    id: "rules",
    header: "Breaks",
    wrap: true,
    cell: (row) => (
      <span className="kw-badge-row">
        {row.rules.map((rule) => (
          <Badge key={rule} tone={overdue.includes(rule) ? "danger" : "warning"}>
            {ruleLabels[rule]}
          </Badge>
        ))}
      </span>
    ),
  },
];

function summary(report: Report): string {
  const counts = new Map<PolicyActionKind, number>();
  for (const action of report.actions) counts.set(action.kind, (counts.get(action.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, count]) => `${actionLabels[kind]}: ${count}`);
  return parts.length > 0 ? `${parts.join(" · ")}.` : "Nothing needed changing.";
}

/** "Apply org policy" (seed 001): first a dry run listing what each key breaks, then acting on it. */
export function ApplyPolicyCard() {
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [{ fetching }, apply] = useMutation(ApplyOrgPolicyMutation);

  const run = async (act: boolean) => {
    setError(null);
    const result = await apply({ input: { act } });
    const payload = result.data?.applyOrgPolicy;
    const failure = failureOf(result.error, payload);
    if (failure) setError(failure);
    else if (payload?.__typename === "PolicyReport") setReport(payload);
    setConfirming(false);
  };

  return (
    <Card
      title="Apply to existing keys"
      actions={
        <Button onClick={() => run(false)} disabled={fetching}>
          {fetching && !confirming ? "Checking…" : "Check existing keys"}
        </Button>
      }
    >
      <div className="kw-stack">
        <p className="kw-muted">
          New rules apply to new keys at once. Check which existing keys break them, then choose to act: mark
          keys rotation-due, alert their owners, and expire keys past their grace window.
        </p>
        {error ? (
          <Banner tone="danger" role="alert">
            {error}
          </Banner>
        ) : null}
        {report ? (
          <div role="status" className="kw-stack">
            {report.acted ? (
              <Banner tone="success" title="Policy applied">
                {summary(report)}
              </Banner>
            ) : report.violations.length === 0 ? (
              <Banner
                tone="success"
                title={`All ${report.evaluated.toLocaleString()} keys follow the policy`}
              />
            ) : (
              <Banner
                tone="warning"
                title={`${report.violations.length === 1 ? "1 key breaks" : `${report.violations.length} keys break`} the policy (of ${report.evaluated.toLocaleString()} checked ${formatDateTime(report.evaluatedAt)})`}
                action={
                  <Dialog
                    open={confirming}
                    onOpenChange={setConfirming}
                    trigger={<Button variant="primary">Apply policy…</Button>}
                    title="Apply the policy to these keys?"
                    description="Keys are marked rotation-due and their owners alerted; keys past their grace window expire now and stop working. Every change is audited."
                    footer={
                      <>
                        <Button onClick={() => setConfirming(false)}>Cancel</Button>
                        <Button variant="danger" onClick={() => run(true)} disabled={fetching}>
                          {fetching ? "Applying…" : "Apply policy"}
                        </Button>
                      </>
                    }
                  />
                }
              >
                Nothing changes until you apply the policy.
              </Banner>
            )}
            {report.violations.length > 0 ? (
              <DataTable
                caption="Policy findings"
                hideCaption
                columns={columns}
                rows={report.violations}
                getRowKey={(row) => row.apiKey.id}
              />
            ) : null}
          </div>
        ) : null}
      </div>
    </Card>
  );
}
