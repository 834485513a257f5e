import { Banner, Button, Card, DataTable, type DataTableColumn, Dialog } from "@keyward/ui";
import { useState } from "react";
import { useMutation } from "urql";
import { describeError, describeKeywardError } from "../graphql/describe-error.ts";
import { graphql, type ResultOf } from "../graphql/graphql.ts";
import { Link } from "../routing/router.tsx";
import { pathTo } from "../routing/routes.ts";

export const ApplyOrgPolicyMutation = graphql(`
  mutation ApplyOrgPolicy($input: ApplyOrgPolicyInput!) {
    applyOrgPolicy(input: $input) {
      __typename
      ... on ApplyOrgPolicyPayload {
        acted
        violations {
          rule
          message
          apiKey {
            id
            name
            displayHint
            status
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
  { __typename: "ApplyOrgPolicyPayload" }
>;
type Violation = Report["violations"][number];

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
  { id: "rule", header: "Rule", cell: (row) => row.rule },
  { id: "message", header: "Finding", wrap: true, cell: (row) => row.message },
];

/** "Apply org policy" (seed 001): first a dry run listing what each key violates, then acting on it. */
export function ApplyPolicyCard() {
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [{ fetching }, apply] = useMutation(ApplyOrgPolicyMutation);

  const run = async (act: boolean) => {
    setError(null);
    const result = await apply({ input: { act } });
    const payload = result.data?.applyOrgPolicy;
    if (result.error) setError(describeError(result.error));
    else if (payload?.__typename === "KeywardError") setError(describeKeywardError(payload));
    else if (payload?.__typename === "ApplyOrgPolicyPayload") setReport(payload);
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
          New rules apply to new keys at once. Check which existing keys break them, then choose to act: flag
          rotation, expire keys past their grace window, lock suspicious ones.
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
                {report.violations.length === 1
                  ? "1 key was acted on."
                  : `${report.violations.length} keys were acted on.`}
              </Banner>
            ) : report.violations.length === 0 ? (
              <Banner tone="success" title="Every key follows the policy" />
            ) : (
              <Banner
                tone="warning"
                title={report.violations.length === 1 ? "1 finding" : `${report.violations.length} findings`}
                action={
                  <Dialog
                    open={confirming}
                    onOpenChange={setConfirming}
                    trigger={<Button variant="primary">Apply policy…</Button>}
                    title="Apply the policy to these keys?"
                    description="Keys past their grace window expire and suspicious keys are locked now. Owners are alerted. Every change is audited."
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
                getRowKey={(row) => `${row.apiKey.id}-${row.rule}`}
              />
            ) : null}
          </div>
        ) : null}
      </div>
    </Card>
  );
}
