import { type ReactNode, useId } from "react";

export interface CardProps {
  title?: ReactNode;
  /** Controls at the right of the title, e.g. a filter or a link. */
  actions?: ReactNode;
  children?: ReactNode;
  className?: string;
}

/** A titled section; the title labels the region. */
export function Card({ title, actions, children, className }: CardProps) {
  const titleId = useId();
  return (
    <section
      className={["kw-card", className ?? ""].filter(Boolean).join(" ")}
      aria-labelledby={title ? titleId : undefined}
    >
      {title || actions ? (
        <header className="kw-card__header">
          {title ? (
            <h2 id={titleId} className="kw-card__title">
              {title}
            </h2>
          ) : null}
          {actions ? <div className="kw-card__actions">{actions}</div> : null}
        </header>
      ) : null}
      {children}
    </section>
  );
}
