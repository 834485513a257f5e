import { type ReactNode, useId, useState } from "react";
import { Button } from "./button.tsx";
import { CopyButton } from "./copy-button.tsx";
import { Dialog } from "./dialog.tsx";

export interface RevealOnceModalProps {
  open: boolean;
  /** The secret to show. The caller should drop it from its state in `onAcknowledge`. */
  secret: string;
  /** Called once the user has confirmed they stored the secret; close the modal here. */
  onAcknowledge: () => void;
  title?: ReactNode;
  /** Extra context under the warning, e.g. the key's name and prefix. */
  children?: ReactNode;
}

/**
 * Shows a newly issued secret exactly once. Escape, outside clicks and the close button are
 * disabled: the only way out is to tick "I have stored it" and press Done.
 */
export function RevealOnceModal({
  open,
  secret,
  onAcknowledge,
  title = "Your new API key",
  children,
}: RevealOnceModalProps) {
  const [stored, setStored] = useState(false);
  const checkboxId = useId();

  const acknowledge = () => {
    setStored(false);
    onAcknowledge();
  };

  return (
    <Dialog
      open={open}
      onOpenChange={() => {}}
      dismissible={false}
      title={title}
      className="kw-reveal-once"
      description={
        <>
          <strong>You will not see this key again.</strong> Copy it now and store it somewhere safe: Keyward
          keeps only a hash of it.
        </>
      }
      footer={
        <Button variant="primary" disabled={!stored} onClick={acknowledge}>
          Done
        </Button>
      }
    >
      {children}
      <div className="kw-secret">
        <code className="kw-secret__value">{secret}</code>
        <CopyButton value={secret} label="Copy key" variant="primary" />
      </div>
      <div className="kw-checkbox">
        <input
          type="checkbox"
          id={checkboxId}
          checked={stored}
          onChange={(event) => setStored(event.currentTarget.checked)}
        />
        <label htmlFor={checkboxId}>I have stored it somewhere safe</label>
      </div>
    </Dialog>
  );
}
