import { Banner, Button, Card, CopyButton, Dialog, LoadingState, TextField } from "@keyward/ui";
import { type FormEvent, useState } from "react";
import { useMutation, useQuery } from "urql";
import { describeError, describeKeywardError, failureOf } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";
import { useSession } from "../graphql/session-provider.tsx";
import { Page } from "../shell/page.tsx";
import { QrCode } from "./qr-code.tsx";

export const SecurityQuery = graphql(`
  query Security {
    viewer {
      id
      mfaVerified
      profile {
        id
        mfaEnabled
        ssoManaged
      }
    }
  }
`);

export const BeginTotpEnrollmentMutation = graphql(`
  mutation BeginTotpEnrollment {
    beginTotpEnrollment {
      __typename
      ... on TotpEnrollment {
        secret
        otpauthUri
      }
      ... on KeywardError {
        code
        message
      }
    }
  }
`);

export const ConfirmTotpEnrollmentMutation = graphql(`
  mutation ConfirmTotpEnrollment($input: ConfirmTotpEnrollmentInput!) {
    confirmTotpEnrollment(input: $input) {
      __typename
      ... on ConfirmTotpEnrollmentPayload {
        recoveryCodes
        viewer {
          id
          mfaVerified
          profile {
            id
            mfaEnabled
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

export const SignOutEverywhereMutation = graphql(`
  mutation SignOutEverywhere {
    signOutEverywhere {
      __typename
      ... on SignOutPayload {
        endedSessionCount
      }
      ... on KeywardError {
        code
        message
      }
    }
  }
`);

/** Ends every session of this person (a lost laptop, a shared computer), this one included. */
function SignOutEverywhere() {
  const { resetSession } = useSession();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, signOutEverywhere] = useMutation(SignOutEverywhereMutation);
  const confirm = async () => {
    setError(null);
    const result = await signOutEverywhere({});
    const payload = result.data?.signOutEverywhere;
    const failure = failureOf(result.error, payload);
    if (failure) setError(failure);
    else resetSession();
  };
  return (
    <Card title="Sessions">
      <div className="kw-stack">
        <p className="kw-muted">
          Signed in somewhere you no longer use, or lost a device? End every session, including this one. Your
          API keys are not affected.
        </p>
        <div>
          <Dialog
            open={open}
            onOpenChange={setOpen}
            trigger={<Button>Sign out everywhere</Button>}
            title="Sign out everywhere?"
            description="Every browser signed in to your account is signed out now, this one included."
            footer={
              <>
                <Button onClick={() => setOpen(false)}>Cancel</Button>
                <Button variant="danger" onClick={confirm} disabled={fetching}>
                  {fetching ? "Signing out…" : "Sign out everywhere"}
                </Button>
              </>
            }
          >
            {error ? (
              <Banner tone="danger" role="alert">
                {error}
              </Banner>
            ) : null}
          </Dialog>
        </div>
      </div>
    </Card>
  );
}

/** The secret grouped in fours, easier to type into an app that has no camera. */
function groupSecret(secret: string): string {
  return secret.replace(/(.{4})/g, "$1 ").trim();
}

function RecoveryCodes(props: { codes: readonly string[]; onDone: () => void }) {
  const [stored, setStored] = useState(false);
  const text = props.codes.join("\n");
  return (
    <div className="kw-stack" role="status">
      <Banner tone="success" title="Two-factor authentication is on">
        <p>From now on you will enter a code from your app when you sign in and before sensitive actions.</p>
      </Banner>
      <Banner tone="warning" title="Save your recovery codes now">
        <p>
          Each code signs you in once if you lose your phone. This is the only time they are shown: Keyward
          keeps only their hashes.
        </p>
      </Banner>
      <ol className="kw-recovery-codes" aria-label="Recovery codes">
        {props.codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="kw-form-actions">
        <CopyButton value={text} label="Copy codes" />
        <a
          className="kw-button kw-button--secondary"
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(`${text}\n`)}`}
          download="keyward-recovery-codes.txt"
        >
          Download as text
        </a>
      </div>
      <div className="kw-checkbox">
        <input
          id="recovery-stored"
          type="checkbox"
          checked={stored}
          onChange={(event) => setStored(event.currentTarget.checked)}
        />
        <label htmlFor="recovery-stored">I have stored my recovery codes somewhere safe</label>
      </div>
      <div>
        <Button variant="primary" disabled={!stored} onClick={props.onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}

function Enrolment(props: { onStarted: () => void; onEnabled: () => void }) {
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [beginState, begin] = useMutation(BeginTotpEnrollmentMutation);
  const [confirmState, confirm] = useMutation(ConfirmTotpEnrollmentMutation);

  const start = async () => {
    setError(null);
    const result = await begin({});
    const payload = result.data?.beginTotpEnrollment;
    const failure = failureOf(result.error, payload);
    if (failure) setError(failure);
    else if (payload?.__typename === "TotpEnrollment") {
      props.onStarted();
      setEnrolment(payload);
    }
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = code.replace(/\s+/g, "");
    if (!/^\d{6}$/.test(value)) {
      setCodeError("Enter the 6-digit code your app shows for Keyward.");
      return;
    }
    setCodeError(undefined);
    setError(null);
    const result = await confirm({ input: { code: value } });
    const payload = result.data?.confirmTotpEnrollment;
    if (result.error) setError(describeError(result.error));
    else if (payload?.__typename === "KeywardError") {
      if (payload.code === "MFA_INVALID_CODE") setCodeError(describeKeywardError(payload));
      else setError(describeKeywardError(payload));
    } else if (payload?.__typename === "ConfirmTotpEnrollmentPayload")
      setRecoveryCodes(payload.recoveryCodes);
  };

  if (recoveryCodes) return <RecoveryCodes codes={recoveryCodes} onDone={props.onEnabled} />;

  if (!enrolment) {
    return (
      <div className="kw-stack">
        <p>
          Protect your account with a second factor: a 6-digit code from an authenticator app. It is required
          to create keys with Execute or Admin permission.
        </p>
        {error ? (
          <Banner tone="danger" role="alert">
            {error}
          </Banner>
        ) : null}
        <div>
          <Button variant="primary" onClick={start} disabled={beginState.fetching}>
            {beginState.fetching ? "Starting…" : "Set up two-factor authentication"}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <form className="kw-enrolment" onSubmit={submit} noValidate>
      <ol className="kw-steps">
        <li>
          <strong>Scan this QR code with your authenticator app.</strong>
          <div className="kw-enrolment__qr">
            <QrCode value={enrolment.otpauthUri} label="QR code to add Keyward to your authenticator app" />
            <div className="kw-stack">
              <span className="kw-muted">Cannot scan? Enter this key in the app instead:</span>
              <code className="kw-secret__value">{groupSecret(enrolment.secret)}</code>
              <div>
                <CopyButton value={enrolment.secret} label="Copy setup key" size="sm" />
              </div>
            </div>
          </div>
        </li>
        <li>
          <strong>Enter the code the app shows.</strong>
          <div className="kw-inline-form">
            <TextField
              label="Authentication code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              onChange={(event) => setCode(event.currentTarget.value)}
              error={codeError}
            />
            <Button type="submit" variant="primary" disabled={confirmState.fetching}>
              {confirmState.fetching ? "Checking…" : "Turn on"}
            </Button>
          </div>
        </li>
      </ol>
      {error ? (
        <Banner tone="danger" role="alert">
          {error}
        </Banner>
      ) : null}
    </form>
  );
}

/** Console: two-factor authentication with an authenticator app (TOTP) and recovery codes. */
export function SecurityPage() {
  const [{ data, error, fetching }] = useQuery({ query: SecurityQuery });
  // Enrolment stays on screen until its recovery codes are acknowledged, though the profile
  // already reports MFA as enabled by then.
  const [enrolling, setEnrolling] = useState(false);
  const profile = data?.viewer?.profile;
  return (
    <Page title="Security" description="How you sign in to Keyward.">
      {error ? (
        <Banner tone="danger" role="alert">
          {describeError(error)}
        </Banner>
      ) : null}
      <Card title="Two-factor authentication">
        {fetching && !profile ? (
          <LoadingState label="Loading…" />
        ) : profile?.mfaEnabled && !enrolling ? (
          <Banner tone="success" title="On">
            <p>
              You confirm sign-ins and sensitive actions with your authenticator app. If you lose it, sign in
              with one of your recovery codes.
            </p>
          </Banner>
        ) : (
          <Enrolment onStarted={() => setEnrolling(true)} onEnabled={() => setEnrolling(false)} />
        )}
      </Card>
      <SignOutEverywhere />
      {profile?.ssoManaged ? (
        <Card title="Single sign-on">
          <p className="kw-muted">You sign in through your organisation's identity provider.</p>
        </Card>
      ) : null}
    </Page>
  );
}
