import type { ReactNode } from "react";

export interface MeterProps {
  label: ReactNode;
  value: number;
  max: number;
  /** The value in words, e.g. "82,000 of 100,000 verifications". */
  valueText: string;
  /** From this share of `max` on, the bar turns to a warning. */
  warnAt?: number;
}

/** A horizontal gauge, e.g. the month's verifications against the plan limit. */
export function Meter({ label, value, max, valueText, warnAt = 0.8 }: MeterProps) {
  const ratio = max > 0 ? Math.min(1, Math.max(0, value / max)) : 1;
  const tone = ratio >= 1 ? "danger" : ratio >= warnAt ? "warning" : "ok";
  return (
    <div className="kw-meter">
      <div className="kw-meter__header">
        <span className="kw-meter__label">{label}</span>
        <span className="kw-meter__value">{valueText}</span>
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: a native <meter> cannot be styled alike in every browser. */}
      <div
        className={`kw-meter__track kw-meter__track--${tone}`}
        role="meter"
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={Math.min(value, max)}
        aria-valuetext={valueText}
        aria-label={typeof label === "string" ? label : undefined}
      >
        <span className="kw-meter__fill" style={{ width: `${ratio * 100}%` }} />
      </div>
    </div>
  );
}
