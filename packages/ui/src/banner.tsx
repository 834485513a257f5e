import type { ReactNode } from "react";
import type { Tone } from "./badge.tsx";

export interface BannerProps {
  tone?: Exclude<Tone, "neutral">;
  title?: ReactNode;
  children?: ReactNode;
  /** Controls at the end, e.g. a link or a button. */
  action?: ReactNode;
  /**
   * `alert` interrupts screen readers (errors that need attention now); `status` announces politely;
   * none is for content that is there from the start.
   */
  role?: "alert" | "status";
  className?: string;
}

/** A message across the width of its container: a warning, an error, a notice. */
export function Banner({ tone = "info", title, children, action, role, className }: BannerProps) {
  return (
    <div
      className={["kw-banner", `kw-banner--${tone}`, className ?? ""].filter(Boolean).join(" ")}
      role={role}
    >
      <div className="kw-banner__body">
        {title ? <p className="kw-banner__title">{title}</p> : null}
        {children ? <div className="kw-banner__text">{children}</div> : null}
      </div>
      {action ? <div className="kw-banner__action">{action}</div> : null}
    </div>
  );
}
