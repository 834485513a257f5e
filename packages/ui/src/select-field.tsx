import type { ComponentPropsWithRef, ReactNode } from "react";
import { FieldMessages } from "./field-messages.tsx";
import { useFieldIds } from "./use-field-ids.ts";

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface SelectFieldProps extends Omit<ComponentPropsWithRef<"select">, "children"> {
  label: ReactNode;
  options: readonly SelectOption[];
  /** Shown as a first, empty option. */
  placeholder?: string;
  hint?: ReactNode;
  error?: ReactNode;
}

export function SelectField({
  label,
  options,
  placeholder,
  hint,
  error,
  id,
  className,
  ...selectProps
}: SelectFieldProps) {
  const ids = useFieldIds({ id, hint, error });
  return (
    <div className={["kw-field", className ?? ""].filter(Boolean).join(" ")}>
      <label htmlFor={ids.controlId} className="kw-field__label">
        {label}
      </label>
      <select
        id={ids.controlId}
        className="kw-input kw-select"
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...selectProps}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldMessages hint={hint} hintId={ids.hintId} error={error} errorId={ids.errorId} />
    </div>
  );
}
