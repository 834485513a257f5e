import { Banner, Button, Dialog } from "@keyward/ui";
import { Link } from "../routing/router.tsx";
import { TotpForm } from "./totp-form.tsx";
import { useViewer } from "./viewer-context.ts";

export interface StepUpDialogProps {
  open: boolean;
  /** What the confirmation unlocks, e.g. "create a key with Execute permission". */
  reason: string;
  onVerified: () => void;
  onCancel: () => void;
}

/**
 * Step-up: the API answered MFA_REQUIRED, so the person confirms with a TOTP code and the action
 * is retried. Without MFA set up, it explains where to set it up instead.
 */
export function StepUpDialog({ open, reason, onVerified, onCancel }: StepUpDialogProps) {
  const viewer = useViewer();
  const enrolled = viewer.profile?.mfaEnabled !== false;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) onCancel();
      }}
      title="Confirm it is you"
      description={`To ${reason}, enter a code from your authenticator app.`}
    >
      {enrolled ? (
        <TotpForm
          autoFocus
          submitLabel="Confirm"
          onVerified={onVerified}
          secondaryAction={<Button onClick={onCancel}>Cancel</Button>}
        />
      ) : (
        <>
          <Banner tone="warning" title="Two-factor authentication is not set up">
            Set it up once in Security, then come back and try again.
          </Banner>
          <div className="kw-dialog__footer">
            <Button onClick={onCancel}>Cancel</Button>
            <Link to="/console/security" className="kw-button kw-button--primary">
              Set up two-factor authentication
            </Link>
          </div>
        </>
      )}
    </Dialog>
  );
}
