import type { ReactNode } from "react";

export type Tone = "neutral" | "info" | "success" | "warning" | "danger";

export interface BadgeProps {
  children: ReactNode;
  tone?: Tone;
  className?: string;
}

/** A short label beside a name, e.g. "Requires approval" or an environment. */
export function Badge({ children, tone = "neutral", className }: BadgeProps) {
  return (
    <span className={["kw-badge", `kw-badge--${tone}`, className ?? ""].filter(Boolean).join(" ")}>
      {children}
    </span>
  );
}
