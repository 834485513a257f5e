import * as RadixDialog from "@radix-ui/react-dialog";
import type { ReactElement, ReactNode } from "react";

export interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description: ReactNode;
  children?: ReactNode;
  /** Actions row at the bottom, usually buttons. */
  footer?: ReactNode;
  /** An element that opens the dialog; focus returns to it on close. */
  trigger?: ReactElement;
  /**
   * When false, Escape and clicks outside do nothing and there is no close button:
   * the content must offer its own way out.
   */
  dismissible?: boolean;
  className?: string;
}

/** A modal dialog: focus is trapped inside and returns to the trigger on close. */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  footer,
  trigger,
  dismissible = true,
  className,
}: DialogProps) {
  const preventUnlessDismissible = (event: Event) => {
    if (!dismissible) event.preventDefault();
  };
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger ? <RadixDialog.Trigger asChild>{trigger}</RadixDialog.Trigger> : null}
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="kw-overlay" />
        <RadixDialog.Content
          className={["kw-dialog", className ?? ""].filter(Boolean).join(" ")}
          onEscapeKeyDown={preventUnlessDismissible}
          onPointerDownOutside={preventUnlessDismissible}
          onInteractOutside={preventUnlessDismissible}
        >
          <header className="kw-dialog__header">
            <RadixDialog.Title className="kw-dialog__title">{title}</RadixDialog.Title>
            {dismissible ? (
              <RadixDialog.Close className="kw-icon-button" aria-label="Close">
                <span aria-hidden="true">×</span>
              </RadixDialog.Close>
            ) : null}
          </header>
          <RadixDialog.Description className="kw-dialog__description">{description}</RadixDialog.Description>
          {children ? <div className="kw-dialog__body">{children}</div> : null}
          {footer ? <footer className="kw-dialog__footer">{footer}</footer> : null}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
