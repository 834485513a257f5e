import type { ReactNode } from "react";

export interface EmptyStateProps {
  title: ReactNode;
  description?: ReactNode;
  /** A call to action, e.g. a "Create key" button. */
  action?: ReactNode;
}

export function EmptyState({ title, description, action }: EmptyStateProps) {
  return (
    <div className="kw-empty">
      <p className="kw-empty__title">{title}</p>
      {description ? <p className="kw-empty__description">{description}</p> : null}
      {action ? <div className="kw-empty__action">{action}</div> : null}
    </div>
  );
}
