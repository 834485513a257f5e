import { Banner, Button, Dialog, TextareaField } from "@keyward/ui";
import { type FormEvent, type ReactElement, useState } from "react";
import { useMutation } from "urql";
import { failureOf } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";

export const OffboardUserMutation = graphql(`
  mutation OffboardUser($input: OffboardUserInput!) {
    offboardUser(input: $input) {
      __typename
      ... on OffboardUserPayload {
        profile {
          id
          status
        }
        revokedKeys {
          id
          name
          status
          revokedAt
          revocationCause
        }
      }
      ... on KeywardError {
        code
        message
      }
    }
  }
`);

export interface OffboardDialogProps {
  user: { id: string; displayName: string };
  /** The keys that will be revoked, to show before confirming. */
  liveKeys: readonly { id: string; name: string; displayHint?: string | null }[];
  trigger: ReactElement;
}

/**
 * The leaver flow as one guided action (seed 002, step 5): every key the user owns is revoked
 * first, so automation using them is cut off, then the account is deactivated and its sessions end.
 */
export function OffboardDialog({ user, liveKeys, trigger }: OffboardDialogProps) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<{ revoked: number } | null>(null);
  const [{ fetching }, offboard] = useMutation(OffboardUserMutation);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!reason.trim()) {
      setReasonError("Say why, e.g. “left the company on 3 March”. It is kept in the audit log.");
      return;
    }
    setReasonError(undefined);
    setFormError(null);
    const result = await offboard({ input: { userId: user.id, reason: reason.trim() } });
    const payload = result.data?.offboardUser;
    const failure = failureOf(result.error, payload);
    if (failure) setFormError(failure);
    else if (payload?.__typename === "OffboardUserPayload") setDone({ revoked: payload.revokedKeys.length });
  };

  const close = (next: boolean) => {
    setOpen(next);
    if (!next) {
      setReason("");
      setReasonError(undefined);
      setFormError(null);
      setDone(null);
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={close}
      trigger={trigger}
      title={`Offboard ${user.displayName}`}
      description={
        done
          ? "Offboarding is complete and recorded in the audit log."
          : "One action, in this order, recorded in the audit log:"
      }
      className="kw-dialog--wide"
    >
      {done ? (
        <>
          <Banner tone="success" role="status" title={`${user.displayName} is offboarded`}>
            <p>
              {done.revoked === 1 ? "1 key was revoked" : `${done.revoked} keys were revoked`}, the account is
              deactivated and its sessions have ended.
            </p>
          </Banner>
          <div className="kw-dialog__footer">
            <Button variant="primary" onClick={() => close(false)}>
              Done
            </Button>
          </div>
        </>
      ) : (
        <form className="kw-stack" onSubmit={submit} noValidate>
          <ol className="kw-steps">
            <li>
              <strong>Revoke every key they own</strong>
              {liveKeys.length === 0 ? (
                <span className="kw-muted"> — they hold no live keys.</span>
              ) : (
                <>
                  <span className="kw-muted">
                    {" "}
                    — {liveKeys.length === 1 ? "1 key" : `${liveKeys.length} keys`} stop working immediately:
                  </span>
                  <ul className="kw-compact-list">
                    {liveKeys.map((key) => (
                      <li key={key.id}>
                        {key.name} {key.displayHint ? <code>{key.displayHint}</code> : null}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </li>
            <li>
              <strong>Deactivate the account</strong>
              <span className="kw-muted"> — they can no longer sign in.</span>
            </li>
            <li>
              <strong>End their sessions</strong>
              <span className="kw-muted"> — open browser sessions sign out at once.</span>
            </li>
          </ol>
          {formError ? (
            <Banner tone="danger" role="alert">
              {formError}
            </Banner>
          ) : null}
          <TextareaField
            label="Reason"
            name="reason"
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={reasonError}
            required
          />
          <div className="kw-dialog__footer">
            <Button onClick={() => close(false)}>Cancel</Button>
            <Button type="submit" variant="danger" disabled={fetching}>
              {fetching ? "Offboarding…" : "Revoke keys and deactivate"}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
