import { Badge, Banner, Button, Drawer, SelectField, TextareaField } from "@keyward/ui";
import { type FormEvent, useState } from "react";
import { useMutation } from "urql";
import { type Environment, environmentLabels, optionsOf } from "../format/labels.ts";
import { describeError, describeKeywardError, fieldErrorsOf } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";
import type { RevealedKey } from "../keys/issued-key-reveal.tsx";
import { keepFocusOnPage } from "../shell/focus-fallback.ts";
import { AiKeyFields, type ToolData } from "./ai-key-fragments.ts";
import { needsApproval, submitLabelFor } from "./request-rule.ts";

export const RequestApiKeyMutation = graphql(
  `
  mutation RequestApiKey($input: RequestApiKeyInput!) {
    requestApiKey(input: $input) {
      __typename
      ... on KeyRequestPayload {
        issued
        token
        warnings
        apiKey {
          ...AiKeyFields
        }
      }
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
  [AiKeyFields],
);

export interface RequestKeyDrawerProps {
  /** The tool being requested; the drawer is open while it is set. */
  tool: ToolData | null;
  onClose: () => void;
  /** The key was issued at once: reveal its secret. */
  onIssued: (issued: RevealedKey) => void;
  /** The request waits for an admin. */
  onSubmitted: (tool: ToolData) => void;
}

/** Environment and a required purpose; the approval banner and the submit label follow the rule. */
export function RequestKeyDrawer({ tool, onClose, onIssued, onSubmitted }: RequestKeyDrawerProps) {
  const [environment, setEnvironment] = useState<Environment>("DEVELOPMENT");
  const [purpose, setPurpose] = useState("");
  const [purposeError, setPurposeError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [{ fetching }, request] = useMutation(RequestApiKeyMutation);

  const close = () => {
    setEnvironment("DEVELOPMENT");
    setPurpose("");
    setPurposeError(undefined);
    setFormError(null);
    onClose();
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!tool) return;
    if (!purpose.trim()) {
      setPurposeError("Say why you need this key. It is recorded in the audit trail.");
      return;
    }
    setPurposeError(undefined);
    setFormError(null);
    const result = await request({ input: { toolId: tool.id, environment, purpose: purpose.trim() } });
    const payload = result.data?.requestApiKey;
    if (result.error) setFormError(describeError(result.error));
    else if (payload?.__typename === "KeywardError") {
      setPurposeError(fieldErrorsOf(payload).purpose);
      setFormError(describeKeywardError(payload));
    } else if (payload?.__typename === "KeyRequestPayload") {
      close();
      if (payload.issued && payload.token) {
        onIssued({ token: payload.token, warnings: payload.warnings, apiKey: payload.apiKey });
      } else {
        onSubmitted(tool);
        keepFocusOnPage();
      }
    }
  };

  const approval = tool ? needsApproval(tool, environment) : false;

  return (
    <Drawer
      open={tool !== null}
      onOpenChange={(open) => {
        if (!open) close();
      }}
      title={tool ? `Request a key for ${tool.displayName}` : "Request a key"}
      description="Pick where the key will run and say why you need it."
    >
      {tool ? (
        <form className="kw-stack" onSubmit={submit} noValidate>
          <p className="kw-badge-row">
            <code>{tool.slug}</code>
            {tool.requiresApproval ? <Badge tone="warning">Requires approval</Badge> : null}
          </p>
          {formError ? (
            <Banner tone="danger" role="alert">
              {formError}
            </Banner>
          ) : null}
          <SelectField
            label="Environment"
            name="environment"
            options={optionsOf(environmentLabels)}
            value={environment}
            onValueChange={(value) => {
              if (value) setEnvironment(value);
            }}
          />
          <TextareaField
            label="Purpose"
            name="purpose"
            rows={2}
            maxLength={300}
            value={purpose}
            onChange={(event) => setPurpose(event.currentTarget.value)}
            error={purposeError}
            hint="One line, e.g. “nightly summarisation job for the support inbox”."
            required
          />
          {approval ? (
            <Banner tone="warning" title="An admin approves production keys for this tool" role="status">
              <p>
                Your request goes to the approvers. You will see the status change here, and can claim the key
                once it is approved.
              </p>
            </Banner>
          ) : null}
          <div className="kw-drawer__actions">
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={fetching}>
              {fetching ? "Sending…" : submitLabelFor(tool, environment)}
            </Button>
          </div>
        </form>
      ) : null}
    </Drawer>
  );
}
