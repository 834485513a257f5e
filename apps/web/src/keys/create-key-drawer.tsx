import {
  Banner,
  Button,
  CheckboxGroup,
  Drawer,
  RadioGroup,
  SelectField,
  TextareaField,
  TextField,
} from "@keyward/ui";
import { type FormEvent, useState } from "react";
import { useMutation, useQuery } from "urql";
import { isoDateInDays } from "../format/dates.ts";
import {
  environmentLabels,
  moduleLabels,
  optionsOf,
  permissionCapabilities,
  permissionLabels,
} from "../format/labels.ts";
import { describeError, describeKeywardError, fieldErrorsOf } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";
import { StepUpDialog } from "../identity/step-up-dialog.tsx";
import {
  type CreateKeyFormErrors,
  type CreateKeyFormValues,
  type ExpiryChoice,
  emptyCreateKeyForm,
  needsStepUp,
  toCreateKeyInput,
  validateCreateKeyForm,
} from "./create-key-form.ts";
import { IssuedKeyFields, IssuedKeyReveal, type RevealedKey } from "./issued-key-reveal.tsx";
import { recommendedFirstScope, scopeCatalogue } from "./scope-catalogue.ts";

export const CreateKeyWorkspacesQuery = graphql(`
  query CreateKeyWorkspaces {
    workspaces {
      id
      name
      slug
    }
  }
`);

export const CreateApiKeyMutation = graphql(
  `
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      __typename
      ...IssuedKeyFields
      ... on KeywardError {
        code
        message
        fieldIssues {
          path
          message
        }
      }
    }
  }
`,
  [IssuedKeyFields],
);

const expiryOptions: { value: ExpiryChoice; label: string }[] = [
  { value: "DAYS_30", label: "30 days" },
  { value: "DAYS_60", label: "60 days" },
  { value: "DAYS_90", label: "90 days" },
  { value: "DATE", label: "On a date" },
  { value: "NEVER", label: "No expiry" },
];

/** Field issues from the API come with input paths; these are the form's own names for them. */
const apiFieldNames: Record<string, keyof CreateKeyFormValues> = {
  name: "name",
  description: "description",
  module: "module",
  environment: "environment",
  permissions: "permissions",
  expiresIn: "expiry",
  expiresInDays: "expiry",
  expiresAt: "expiryDate",
  scopes: "scopes",
  workspaceIds: "workspaceIds",
  ipAllowlist: "ipAllowlist",
};

function apiFieldErrors(issues: Record<string, string>): CreateKeyFormErrors {
  const errors: CreateKeyFormErrors = {};
  for (const [path, message] of Object.entries(issues)) {
    const field = apiFieldNames[path];
    if (field) errors[field] = message;
  }
  return errors;
}

export interface CreateKeyDrawerProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Admins issue keys for a service account from its page; by default the key is the caller's. */
  owner?: { id: string; displayName: string };
}

/** The create form (seed 001): every field, the step-up for Execute/Admin, then the one-time reveal. */
export function CreateKeyDrawer({ open, onOpenChange, owner }: CreateKeyDrawerProps) {
  const [values, setValues] = useState<CreateKeyFormValues>(emptyCreateKeyForm);
  const [errors, setErrors] = useState<CreateKeyFormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [stepUpOpen, setStepUpOpen] = useState(false);
  const [issued, setIssued] = useState<RevealedKey | null>(null);
  const [{ data: workspaceData }] = useQuery({ query: CreateKeyWorkspacesQuery, pause: !open });
  const [{ fetching }, createKey] = useMutation(CreateApiKeyMutation);

  const set = <Field extends keyof CreateKeyFormValues>(field: Field, value: CreateKeyFormValues[Field]) =>
    setValues((current) => ({ ...current, [field]: value }));

  const close = () => {
    onOpenChange(false);
    setValues(emptyCreateKeyForm);
    setErrors({});
    setFormError(null);
  };

  const send = async () => {
    const module = values.module;
    if (!module) return;
    setFormError(null);
    const result = await createKey({
      input: { ...toCreateKeyInput({ ...values, module }), ownerId: owner?.id ?? null },
    });
    const payload = result.data?.createApiKey;
    if (result.error) {
      setFormError(describeError(result.error));
    } else if (payload?.__typename === "KeywardError") {
      if (payload.code === "MFA_REQUIRED") {
        setStepUpOpen(true);
        return;
      }
      setErrors(apiFieldErrors(fieldErrorsOf(payload)));
      setFormError(describeKeywardError(payload));
    } else if (payload?.__typename === "IssuedApiKey") {
      close();
      setIssued({ token: payload.token, warnings: payload.warnings, apiKey: payload.apiKey });
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateCreateKeyForm(values, isoDateInDays(0));
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFormError("Some fields need your attention.");
      return;
    }
    void send();
  };

  const production = values.environment === "PRODUCTION";
  const workspaces = workspaceData?.workspaces ?? [];

  return (
    <>
      <Drawer
        open={open}
        onOpenChange={(next) => (next ? onOpenChange(true) : close())}
        title={owner ? `Create API key for ${owner.displayName}` : "Create API key"}
        description="The secret is shown once, right after creation. Keep the scope narrow: widen it only for a real workflow."
        className="kw-drawer--wide"
      >
        <form id="create-key-form" className="kw-stack" onSubmit={submit} noValidate>
          {formError ? (
            <Banner tone="danger" role="alert">
              {formError}
            </Banner>
          ) : null}
          <TextField
            label="Name"
            name="name"
            value={values.name}
            maxLength={100}
            onChange={(event) => set("name", event.currentTarget.value)}
            error={errors.name}
            hint="Name it after its purpose, e.g. checkout-service-prod."
            required
          />
          <TextareaField
            label="Description (optional)"
            name="description"
            value={values.description}
            rows={2}
            onChange={(event) => set("description", event.currentTarget.value)}
            error={errors.description}
          />
          <div className="kw-form-row">
            <SelectField
              label="Module"
              name="module"
              placeholder="Choose a module"
              options={optionsOf(moduleLabels)}
              value={values.module}
              onValueChange={(module) => set("module", module)}
              error={errors.module}
              required
            />
            <SelectField
              label="Environment"
              name="environment"
              options={optionsOf(environmentLabels)}
              value={values.environment}
              onValueChange={(environment) => {
                if (!environment) return;
                setValues((current) => ({
                  ...current,
                  environment,
                  // Production keys always expire: move off "No expiry" instead of failing later.
                  expiry:
                    environment === "PRODUCTION" && current.expiry === "NEVER" ? "DAYS_90" : current.expiry,
                }));
              }}
              error={errors.environment}
              hint="Keys only work in their own environment."
            />
          </div>
          <CheckboxGroup
            legend="Permissions"
            name="permissions"
            options={optionsOf(permissionLabels).map((option) => ({
              ...option,
              label: `${option.label} — ${permissionCapabilities[option.value]}`,
            }))}
            value={values.permissions}
            onChange={(permissions) => set("permissions", permissions)}
            error={errors.permissions}
            hint={
              needsStepUp(values.permissions)
                ? "Execute and Admin need two-factor confirmation when you create the key."
                : "Read and Write are enough for most integrations."
            }
          />
          <RadioGroup
            legend="Expiry"
            name="expiry"
            inline
            options={expiryOptions.map((option) =>
              option.value === "NEVER" ? { ...option, disabled: production } : option,
            )}
            value={values.expiry}
            onChange={(expiry) => set("expiry", expiry)}
            error={errors.expiry}
            hint={production ? "Production keys need an expiry." : undefined}
          />
          {values.expiry === "DATE" ? (
            <TextField
              label="Expiry date"
              name="expiryDate"
              type="date"
              min={isoDateInDays(1)}
              value={values.expiryDate}
              onChange={(event) => set("expiryDate", event.currentTarget.value)}
              error={errors.expiryDate}
              hint="The key stops working at the end of this day. Your organisation's policy may cap it."
            />
          ) : null}
          <CheckboxGroup
            legend="Scopes"
            name="scopes"
            options={scopeCatalogue.map((entry) => ({
              value: entry.scope,
              label: `${entry.scope} — ${entry.description}`,
            }))}
            value={values.scopes}
            onChange={(scopes) => set("scopes", scopes)}
            error={errors.scopes}
            hint={`Start with ${recommendedFirstScope}; add more only when the key needs them.`}
          />
          <CheckboxGroup
            legend="Workspaces"
            name="workspaces"
            options={workspaces.map((workspace) => ({ value: workspace.id, label: workspace.name }))}
            value={values.workspaceIds}
            onChange={(workspaceIds) => set("workspaceIds", workspaceIds)}
            error={errors.workspaceIds}
            hint={
              workspaces.length === 0
                ? "No workspaces yet. A key without workspaces is valid but reaches no workspace resource."
                : "A key without workspaces is valid but reaches no workspace resource."
            }
          />
          <TextareaField
            label="IP allowlist (optional)"
            name="ipAllowlist"
            value={values.ipAllowlist}
            rows={3}
            placeholder={"203.0.113.10\n198.51.100.0/24"}
            onChange={(event) => set("ipAllowlist", event.currentTarget.value)}
            error={errors.ipAllowlist}
            hint="One IP address or CIDR range per line. Empty allows any address."
          />
          <div className="kw-drawer__actions">
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={fetching}>
              {fetching ? "Creating…" : "Create key"}
            </Button>
          </div>
        </form>
      </Drawer>
      <StepUpDialog
        open={stepUpOpen}
        reason="create a key with Execute or Admin permission"
        onCancel={() => setStepUpOpen(false)}
        onVerified={() => {
          setStepUpOpen(false);
          void send();
        }}
      />
      <IssuedKeyReveal issued={issued} onDone={() => setIssued(null)} />
    </>
  );
}
