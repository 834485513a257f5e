import { useEffect, useRef, useState } from "react";
import { Button, type ButtonProps } from "./button.tsx";

export interface CopyButtonProps extends Omit<ButtonProps, "onClick" | "children" | "value"> {
  /** The text written to the clipboard. */
  value: string;
  /** Visible label; also names what is copied for screen readers, e.g. "Copy key". */
  label?: string;
  onCopied?: () => void;
}

type CopyState = "idle" | "copied" | "failed";

/** Copies `value` with the Clipboard API and announces the outcome through a polite live region. */
export function CopyButton({ value, label = "Copy", onCopied, ...buttonProps }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
      onCopied?.();
    } catch {
      setState("failed");
    }
    timer.current = setTimeout(() => setState("idle"), 2500);
  };

  return (
    <span className="kw-copy">
      <Button {...buttonProps} onClick={copy}>
        {state === "copied" ? "Copied" : label}
      </Button>
      <span className="kw-visually-hidden" aria-live="polite" role="status">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select the text and copy it" : ""}
      </span>
    </span>
  );
}
