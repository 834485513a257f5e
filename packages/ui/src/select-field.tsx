import type { ComponentPropsWithRef, ReactNode } from "react";
import { FieldMessages } from "./field-messages.tsx";
import { useFieldIds } from "./use-field-ids.ts";

export interface SelectOption<Value extends string = string> {
  value: Value;
  label: string;
  disabled?: boolean;
}

export interface SelectFieldProps<Value extends string = string>
  extends Omit<ComponentPropsWithRef<"select">, "children" | "value"> {
  label: ReactNode;
  options: readonly SelectOption<Value>[];
  value?: Value | "";
  /** The chosen option's value, typed like the options ("" for the placeholder). */
  onValueChange?: (value: Value | "") => void;
  /** Shown as a first, empty option. */
  placeholder?: string;
  hint?: ReactNode;
  error?: ReactNode;
}

export function SelectField<Value extends string = string>({
  label,
  options,
  placeholder,
  hint,
  error,
  id,
  className,
  onValueChange,
  onChange,
  ...selectProps
}: SelectFieldProps<Value>) {
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
        onChange={(event) => {
          onChange?.(event);
          const chosen = options.find((option) => option.value === event.currentTarget.value);
          onValueChange?.(chosen ? chosen.value : "");
        }}
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
