import { type ReactNode, useId } from "react";
import { FieldMessages } from "./field-messages.tsx";
import type { SelectOption } from "./select-field.tsx";
import { useFieldIds } from "./use-field-ids.ts";

export interface CheckboxGroupProps<Value extends string = string> {
  legend: ReactNode;
  /** Form field name shared by every checkbox. */
  name: string;
  options: readonly SelectOption<Value>[];
  value: readonly Value[];
  onChange: (value: Value[]) => void;
  hint?: ReactNode;
  error?: ReactNode;
  disabled?: boolean;
  className?: string;
}

/** A set of checkboxes in a fieldset; `value` holds the checked option values, in option order. */
export function CheckboxGroup<Value extends string = string>({
  legend,
  name,
  options,
  value,
  onChange,
  hint,
  error,
  disabled,
  className,
}: CheckboxGroupProps<Value>) {
  const ids = useFieldIds({ id: useId(), hint, error });
  const toggle = (optionValue: Value, checked: boolean) => {
    const next = new Set(value);
    if (checked) next.add(optionValue);
    else next.delete(optionValue);
    onChange(options.map((option) => option.value).filter((candidate) => next.has(candidate)));
  };
  return (
    <fieldset
      className={["kw-field", "kw-fieldset", className ?? ""].filter(Boolean).join(" ")}
      aria-describedby={ids.describedBy}
      disabled={disabled}
    >
      <legend className="kw-field__label">{legend}</legend>
      <div className="kw-checkbox-list">
        {options.map((option, index) => {
          const optionId = `${ids.controlId}-${index}`;
          return (
            <div key={option.value} className="kw-checkbox">
              <input
                type="checkbox"
                id={optionId}
                name={name}
                value={option.value}
                checked={value.includes(option.value)}
                disabled={option.disabled}
                aria-invalid={error ? true : undefined}
                onChange={(event) => toggle(option.value, event.currentTarget.checked)}
              />
              <label htmlFor={optionId}>{option.label}</label>
            </div>
          );
        })}
      </div>
      <FieldMessages hint={hint} hintId={ids.hintId} error={error} errorId={ids.errorId} />
    </fieldset>
  );
}
