import type { ComponentPropsWithRef, ReactNode } from "react";
import { FieldMessages } from "./field-messages.tsx";
import { useFieldIds } from "./use-field-ids.ts";

export interface TextareaFieldProps extends Omit<ComponentPropsWithRef<"textarea">, "children"> {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
}

export function TextareaField({ label, hint, error, id, className, rows = 3, ...props }: TextareaFieldProps) {
  const ids = useFieldIds({ id, hint, error });
  return (
    <div className={["kw-field", className ?? ""].filter(Boolean).join(" ")}>
      <label htmlFor={ids.controlId} className="kw-field__label">
        {label}
      </label>
      <textarea
        id={ids.controlId}
        className="kw-input kw-textarea"
        rows={rows}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...props}
      />
      <FieldMessages hint={hint} hintId={ids.hintId} error={error} errorId={ids.errorId} />
    </div>
  );
}
