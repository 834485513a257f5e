import { Banner, Button, Card, LoadingState, SwitchField, TextField } from "@keyward/ui";
import { type FormEvent, useEffect, useState } from "react";
import { useMutation, useQuery } from "urql";
import { formatDateTime } from "../format/dates.ts";
import { describeError, describeKeywardError } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";
import { Page } from "../shell/page.tsx";
import { AlertFields, AlertList } from "./alert-list.tsx";
import { ApplyPolicyCard } from "./apply-policy-card.tsx";
import {
  type PolicyFormErrors,
  type PolicyFormValues,
  policyFormValues,
  toPolicyInput,
} from "./policy-form.ts";

const OrgPolicyFields = graphql(`
  fragment OrgPolicyFields on OrgPolicy {
    maxExpiryDays
    rotationAgeDays
    rotationGraceDays
    expiryAlertDays
    usageMonitoring
    suspiciousActivityDetection
    autoLockSuspicious
    failedAuthBurstThreshold
    failedAuthBurstWindowSecs
    requireIpAllowlistInProduction
    updatedAt
    updatedBy {
      id
      displayName
    }
  }
`);

export const OrgPolicyQuery = graphql(
  `
  query OrgPolicy {
    orgPolicy {
      ...OrgPolicyFields
    }
  }
`,
  [OrgPolicyFields],
);

export const PolicyAlertsQuery = graphql(
  `
  query PolicyAlerts($first: Int!) {
    alerts(first: $first, unresolvedOnly: true) {
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

export const UpdateOrgPolicyMutation = graphql(
  `
  mutation UpdateOrgPolicy($input: UpdateOrgPolicyInput!) {
    updateOrgPolicy(input: $input) {
      __typename
      ... on UpdateOrgPolicyPayload {
        orgPolicy {
          ...OrgPolicyFields
        }
      }
      ... on KeywardError {
        code
        message
      }
    }
  }
`,
  [OrgPolicyFields],
);

function DaysField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  disabled?: boolean;
}) {
  return (
    <TextField
      label={props.label}
      inputMode="numeric"
      className="kw-field--number"
      value={props.value}
      disabled={props.disabled}
      onChange={(event) => props.onChange(event.currentTarget.value)}
      error={props.error}
      hint={props.hint}
    />
  );
}

function PolicyForm(props: {
  initial: PolicyFormValues;
  updatedAt: string | null | undefined;
  updatedBy: string | undefined;
}) {
  const [values, setValues] = useState(props.initial);
  const [errors, setErrors] = useState<PolicyFormErrors>({});
  const [message, setMessage] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const [{ fetching }, update] = useMutation(UpdateOrgPolicyMutation);

  useEffect(() => setValues(props.initial), [props.initial]);

  const set = <Field extends keyof PolicyFormValues>(field: Field, value: PolicyFormValues[Field]) =>
    setValues((current) => ({ ...current, [field]: value }));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setMessage(null);
    const parsed = toPolicyInput(values);
    if (parsed.errors) {
      setErrors(parsed.errors);
      setMessage({ tone: "danger", text: "Some values are out of range." });
      return;
    }
    setErrors({});
    const result = await update({ input: parsed.input });
    const payload = result.data?.updateOrgPolicy;
    if (result.error) setMessage({ tone: "danger", text: describeError(result.error) });
    else if (payload?.__typename === "KeywardError")
      setMessage({ tone: "danger", text: describeKeywardError(payload) });
    else setMessage({ tone: "success", text: "Policies saved. They apply to new keys at once." });
  };

  return (
    <form className="kw-stack" onSubmit={submit} noValidate>
      <div className="kw-columns">
        <Card title="Rotation and expiry">
          <div className="kw-stack">
            <SwitchField
              label="Auto rotation"
              checked={values.autoRotation}
              onChange={(checked) => set("autoRotation", checked)}
              hint="Keys older than the rotation age are flagged and their owners alerted; after the grace window they expire."
            />
            <div className="kw-form-row">
              <DaysField
                label="Rotation age (days)"
                value={values.rotationAgeDays}
                disabled={!values.autoRotation}
                onChange={(value) => set("rotationAgeDays", value)}
                error={errors.rotationAgeDays}
              />
              <DaysField
                label="Grace window (days)"
                value={values.rotationGraceDays}
                disabled={!values.autoRotation}
                onChange={(value) => set("rotationGraceDays", value)}
                error={errors.rotationGraceDays}
              />
            </div>
            <div className="kw-form-row">
              <DaysField
                label="Expiry alerts (days before)"
                value={values.expiryAlertDays}
                onChange={(value) => set("expiryAlertDays", value)}
                error={errors.expiryAlertDays}
                hint="0 turns expiry alerts off."
              />
              <DaysField
                label="Maximum expiry (days)"
                value={values.maxExpiryDays}
                onChange={(value) => set("maxExpiryDays", value)}
                error={errors.maxExpiryDays}
                hint="The latest expiry a new key may have."
              />
            </div>
          </div>
        </Card>
        <Card title="Monitoring and access">
          <div className="kw-stack">
            <SwitchField
              label="Usage monitoring"
              checked={values.usageMonitoring}
              onChange={(checked) => set("usageMonitoring", checked)}
              hint="Alert when the organisation nears its monthly verification limit."
            />
            <SwitchField
              label="Suspicious activity detection"
              checked={values.suspiciousActivityDetection}
              onChange={(checked) => set("suspiciousActivityDetection", checked)}
              hint="Bursts of failed authentications, and use from a new IP address or environment."
            />
            <div className="kw-form-row">
              <DaysField
                label="Failed attempts"
                value={values.failedAuthBurstThreshold}
                disabled={!values.suspiciousActivityDetection}
                onChange={(value) => set("failedAuthBurstThreshold", value)}
                error={errors.failedAuthBurstThreshold}
              />
              <DaysField
                label="Within (seconds)"
                value={values.failedAuthBurstWindowSecs}
                disabled={!values.suspiciousActivityDetection}
                onChange={(value) => set("failedAuthBurstWindowSecs", value)}
                error={errors.failedAuthBurstWindowSecs}
              />
            </div>
            <SwitchField
              label="Lock suspicious keys automatically"
              checked={values.suspiciousActivityDetection && values.autoLockSuspicious}
              disabled={!values.suspiciousActivityDetection}
              onChange={(checked) => set("autoLockSuspicious", checked)}
              hint="Otherwise owners and admins are alerted and decide."
            />
            <SwitchField
              label="IP locking for production keys"
              checked={values.requireIpAllowlistInProduction}
              onChange={(checked) => set("requireIpAllowlistInProduction", checked)}
              hint="New production keys must carry an IP allowlist."
            />
          </div>
        </Card>
      </div>
      {message ? (
        <Banner tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Banner>
      ) : null}
      <div className="kw-form-actions kw-form-actions--end">
        {props.updatedAt ? (
          <span className="kw-muted kw-small">
            Last changed {formatDateTime(props.updatedAt)}
            {props.updatedBy ? ` by ${props.updatedBy}` : ""}
          </span>
        ) : null}
        <Button type="submit" variant="primary" disabled={fetching}>
          {fetching ? "Saving…" : "Save policies"}
        </Button>
      </div>
    </form>
  );
}

/** Admin: the organisation's key policies (seed 001, section 6), applying them, and open alerts. */
export function PoliciesPage() {
  const [{ data, error, fetching }] = useQuery({ query: OrgPolicyQuery });
  const [{ data: alertData, error: alertError }] = useQuery({
    query: PolicyAlertsQuery,
    variables: { first: 50 },
  });
  const policy = data?.orgPolicy;
  const [initial, setInitial] = useState<PolicyFormValues | null>(null);
  useEffect(() => {
    if (policy) setInitial(policyFormValues(policy));
  }, [policy]);

  return (
    <Page
      title="Policies"
      description="Rules every key in the organisation follows. Production keys always need an expiry; Execute and Admin always need two-factor confirmation."
    >
      {error ? (
        <Banner tone="danger" role="alert">
          {describeError(error)}
        </Banner>
      ) : null}
      {initial ? (
        <PolicyForm
          initial={initial}
          updatedAt={policy?.updatedAt}
          updatedBy={policy?.updatedBy?.displayName}
        />
      ) : fetching ? (
        <LoadingState label="Loading policies…" />
      ) : null}
      <ApplyPolicyCard />
      <Card title="Open alerts">
        {alertError ? (
          <Banner tone="danger" role="alert">
            {describeError(alertError)}
          </Banner>
        ) : (
          <AlertList
            alerts={alertData?.alerts.edges.map((edge) => edge.node) ?? []}
            emptyText="No open alerts."
            resolvable
          />
        )}
      </Card>
    </Page>
  );
}
