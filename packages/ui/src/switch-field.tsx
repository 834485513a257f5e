import type { ReactNode } from "react";
import { FieldMessages } from "./field-messages.tsx";
import { useFieldIds } from "./use-field-ids.ts";

export interface SwitchFieldProps {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
  disabled?: boolean;
  id?: string;
}

/** An on/off setting: a checkbox with the `switch` role, its label and a hint. */
export function SwitchField({ label, checked, onChange, hint, disabled, id }: SwitchFieldProps) {
  const ids = useFieldIds({ id, hint });
  return (
    <div className="kw-switch-field">
      <input
        type="checkbox"
        role="switch"
        aria-checked={checked}
        id={ids.controlId}
        className="kw-switch"
        checked={checked}
        disabled={disabled}
        aria-describedby={ids.describedBy}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <div className="kw-switch-field__text">
        <label htmlFor={ids.controlId} className="kw-field__label">
          {label}
        </label>
        <FieldMessages hint={hint} hintId={ids.hintId} error={undefined} errorId={undefined} />
      </div>
    </div>
  );
}
