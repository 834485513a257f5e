import * as RadixDialog from "@radix-ui/react-dialog";
import type { ReactElement, ReactNode } from "react";

export interface DrawerProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  trigger?: ReactElement;
  side?: "right" | "left";
  className?: string;
}

/** A side sheet: a modal Radix dialog pinned to one edge of the screen, for detail views and forms. */
export function Drawer({
  open,
  onOpenChange,
  title,
  description,
  children,
  footer,
  trigger,
  side = "right",
  className,
}: DrawerProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger ? <RadixDialog.Trigger asChild>{trigger}</RadixDialog.Trigger> : null}
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="kw-overlay" />
        <RadixDialog.Content
          className={["kw-drawer", `kw-drawer--${side}`, className ?? ""].filter(Boolean).join(" ")}
        >
          <header className="kw-dialog__header">
            <RadixDialog.Title className="kw-dialog__title">{title}</RadixDialog.Title>
            <RadixDialog.Close className="kw-icon-button" aria-label="Close">
              <span aria-hidden="true">×</span>
            </RadixDialog.Close>
          </header>
          <RadixDialog.Description className="kw-dialog__description">{description}</RadixDialog.Description>
          <div className="kw-drawer__body">{children}</div>
          {footer ? <footer className="kw-dialog__footer">{footer}</footer> : null}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
