import { Banner, Button, Dialog, SelectField, TextareaField } from "@keyward/ui";
import { type FormEvent, type ReactElement, useState } from "react";
import { useMutation } from "urql";
import { type RevocationCause, revocationCauseLabels } from "../format/labels.ts";
import { failureOf } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";
import { keepFocusOnPage } from "../shell/focus-fallback.ts";

export const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) {
      __typename
      ... on ApiKeyPayload {
        apiKey {
          id
          status
          revokedAt
          revocationCause
          revocationNote
        }
      }
      ... on KeywardError {
        code
        message
      }
    }
  }
`);

/** The causes an operator can choose; ROTATED and REGENERATED are set by those actions only. */
const selectableCauses: RevocationCause[] = ["LEAKED", "SUSPICIOUS_ACTIVITY", "LEAVER", "POLICY", "MANUAL"];

export interface RevokeKeyDialogProps {
  apiKey: { id: string; name: string; displayHint?: string | null };
  /** The button that opens the dialog; focus returns to it afterwards. */
  trigger: ReactElement;
  onRevoked?: () => void;
}

/**
 * Revocation is immediate and permanent, so the dialog says so and asks for the cause, which is
 * kept in the audit log with the operator's name.
 */
export function RevokeKeyDialog({ apiKey, trigger, onRevoked }: RevokeKeyDialogProps) {
  const [open, setOpen] = useState(false);
  const [cause, setCause] = useState<RevocationCause | "">("");
  const [note, setNote] = useState("");
  const [causeError, setCauseError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [{ fetching }, revoke] = useMutation(RevokeApiKeyMutation);

  const reset = () => {
    setCause("");
    setNote("");
    setCauseError(undefined);
    setFormError(null);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!cause) {
      setCauseError("Choose why this key is revoked.");
      return;
    }
    setCauseError(undefined);
    const result = await revoke({ input: { id: apiKey.id, cause, note: note.trim() || null } });
    const payload = result.data?.revokeApiKey;
    const failure = failureOf(result.error, payload);
    if (failure) setFormError(failure);
    else if (payload?.__typename === "ApiKeyPayload") {
      setOpen(false);
      reset();
      keepFocusOnPage();
      onRevoked?.();
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
      trigger={trigger}
      title={`Revoke “${apiKey.name}”?`}
      description={
        <>
          The key {apiKey.displayHint ? <code>{apiKey.displayHint}</code> : null} stops authenticating
          immediately, everywhere. Revocation is permanent: a revoked key can never be restored.
        </>
      }
    >
      <form className="kw-stack" onSubmit={submit} noValidate>
        {formError ? (
          <Banner tone="danger" role="alert">
            {formError}
          </Banner>
        ) : null}
        <SelectField
          label="Cause"
          name="cause"
          placeholder="Choose a cause"
          options={selectableCauses.map((value) => ({ value, label: revocationCauseLabels[value] }))}
          value={cause}
          onValueChange={setCause}
          error={causeError}
          required
        />
        <TextareaField
          label="Note (optional)"
          name="note"
          value={note}
          maxLength={500}
          onChange={(event) => setNote(event.currentTarget.value)}
          hint="Kept in the audit log with your name, e.g. where the key was exposed."
        />
        <div className="kw-dialog__footer">
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button type="submit" variant="danger" disabled={fetching}>
            {fetching ? "Revoking…" : "Revoke key"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
