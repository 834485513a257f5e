import { Banner, Button, TextField } from "@keyward/ui";
import { type FormEvent, type ReactNode, useState } from "react";
import { useMutation } from "urql";
import { failureOf } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";

export const VerifyTotpMutation = graphql(`
  mutation VerifyTotp($input: VerifyTotpInput!) {
    verifyTotp(input: $input) {
      __typename
      ... on VerifyTotpPayload {
        recoveryCodesRemaining
        viewer {
          id
          mfaVerified
          mfaPending
        }
      }
      ... on KeywardError {
        code
        message
      }
    }
  }
`);

export interface TotpFormProps {
  /** Called once the API accepted the code. */
  onVerified: (recoveryCodesRemaining: number | null) => void;
  submitLabel?: string;
  /** Extra controls beside the submit button, e.g. Cancel. */
  secondaryAction?: ReactNode;
  autoFocus?: boolean;
}

/** Asks for a 6-digit authenticator code (or a recovery code) and verifies it with the API. */
export function TotpForm({ onVerified, submitLabel = "Verify", secondaryAction, autoFocus }: TotpFormProps) {
  const [code, setCode] = useState("");
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [{ fetching }, verify] = useMutation(VerifyTotpMutation);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = code.replace(/\s+/g, "");
    setFormError(null);
    if (!useRecoveryCode && !/^\d{6}$/.test(value)) {
      setFieldError("Enter the 6-digit code from your authenticator app.");
      return;
    }
    if (useRecoveryCode && value.length < 6) {
      setFieldError("Enter one of your recovery codes.");
      return;
    }
    setFieldError(undefined);
    const result = await verify({ input: { code: value } });
    const payload = result.data?.verifyTotp;
    const failure = failureOf(result.error, payload);
    if (failure) setFormError(failure);
    else if (payload?.__typename === "VerifyTotpPayload") onVerified(payload.recoveryCodesRemaining ?? null);
    else setFormError("Verification did not return a result. Please try again.");
  };

  return (
    <form className="kw-stack" onSubmit={submit} noValidate>
      {formError ? (
        <Banner tone="danger" role="alert">
          {formError}
        </Banner>
      ) : null}
      <TextField
        label={useRecoveryCode ? "Recovery code" : "Authentication code"}
        name="code"
        inputMode={useRecoveryCode ? "text" : "numeric"}
        autoComplete="one-time-code"
        autoFocus={autoFocus}
        value={code}
        onChange={(event) => setCode(event.currentTarget.value)}
        error={fieldError}
        hint={
          useRecoveryCode
            ? "Each recovery code works once."
            : "Open your authenticator app and enter the code shown for Keyward."
        }
      />
      <div className="kw-form-actions">
        <Button type="submit" variant="primary" disabled={fetching}>
          {fetching ? "Verifying…" : submitLabel}
        </Button>
        {secondaryAction}
        <Button
          variant="ghost"
          onClick={() => {
            setUseRecoveryCode(!useRecoveryCode);
            setCode("");
            setFieldError(undefined);
          }}
        >
          {useRecoveryCode ? "Use an authenticator code" : "Use a recovery code"}
        </Button>
      </div>
    </form>
  );
}
