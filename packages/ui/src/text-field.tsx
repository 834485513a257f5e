import type { ComponentPropsWithRef, ReactNode } from "react";
import { FieldMessages } from "./field-messages.tsx";
import { useFieldIds } from "./use-field-ids.ts";

export interface TextFieldProps extends Omit<ComponentPropsWithRef<"input">, "children"> {
  label: ReactNode;
  hint?: ReactNode;
  /** Error text; when set the input is marked invalid and described by it. */
  error?: ReactNode;
}

export function TextField({ label, hint, error, id, className, ...inputProps }: TextFieldProps) {
  const ids = useFieldIds({ id, hint, error });
  return (
    <div className={["kw-field", className ?? ""].filter(Boolean).join(" ")}>
      <label htmlFor={ids.controlId} className="kw-field__label">
        {label}
      </label>
      <input
        id={ids.controlId}
        className="kw-input"
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...inputProps}
      />
      <FieldMessages hint={hint} hintId={ids.hintId} error={error} errorId={ids.errorId} />
    </div>
  );
}
