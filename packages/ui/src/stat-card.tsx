import type { ReactNode } from "react";

export interface StatCardProps {
  label: ReactNode;
  value: ReactNode;
  /** A short line under the value, e.g. "+12% on last week". */
  hint?: ReactNode;
  tone?: "neutral" | "positive" | "warning" | "danger";
}

/** One headline number, for overview grids. */
export function StatCard({ label, value, hint, tone = "neutral" }: StatCardProps) {
  return (
    <div className={`kw-card kw-stat kw-stat--${tone}`}>
      <p className="kw-stat__label">{label}</p>
      <p className="kw-stat__value">{value}</p>
      {hint ? <p className="kw-stat__hint">{hint}</p> : null}
    </div>
  );
}
