import { type ReactNode, useId } from "react";
import { FieldMessages } from "./field-messages.tsx";
import type { SelectOption } from "./select-field.tsx";
import { useFieldIds } from "./use-field-ids.ts";

export interface RadioOption<Value extends string = string> extends SelectOption<Value> {
  /** A second line under the label. */
  description?: ReactNode;
}

export interface RadioGroupProps<Value extends string = string> {
  legend: ReactNode;
  name: string;
  options: readonly RadioOption<Value>[];
  value: Value;
  onChange: (value: Value) => void;
  hint?: ReactNode;
  error?: ReactNode;
  /** Lay the options out in a row (short labels) instead of a column. */
  inline?: boolean;
  className?: string;
}

/** Mutually exclusive choices in a fieldset; arrow keys move between them (native radios). */
export function RadioGroup<Value extends string = string>({
  legend,
  name,
  options,
  value,
  onChange,
  hint,
  error,
  inline = false,
  className,
}: RadioGroupProps<Value>) {
  const ids = useFieldIds({ id: useId(), hint, error });
  return (
    <fieldset
      className={["kw-field", "kw-fieldset", className ?? ""].filter(Boolean).join(" ")}
      aria-describedby={ids.describedBy}
    >
      <legend className="kw-field__label">{legend}</legend>
      <div className={inline ? "kw-choice-row" : "kw-checkbox-list"}>
        {options.map((option, index) => {
          const optionId = `${ids.controlId}-${index}`;
          return (
            <div key={option.value} className="kw-checkbox">
              <input
                type="radio"
                id={optionId}
                name={name}
                value={option.value}
                checked={value === option.value}
                disabled={option.disabled}
                aria-invalid={error ? true : undefined}
                onChange={() => onChange(option.value)}
              />
              <label htmlFor={optionId}>
                {option.label}
                {option.description ? (
                  <span className="kw-choice__description">{option.description}</span>
                ) : null}
              </label>
            </div>
          );
        })}
      </div>
      <FieldMessages hint={hint} hintId={ids.hintId} error={error} errorId={ids.errorId} />
    </fieldset>
  );
}
