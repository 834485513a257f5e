import type { ReactNode } from "react";

export interface DescriptionItem {
  term: ReactNode;
  detail: ReactNode;
  /** Stable key when `term` is not a string. */
  id?: string;
}

export interface DescriptionListProps {
  items: readonly DescriptionItem[];
  columns?: 1 | 2 | 3;
  className?: string;
}

/** Label–value pairs, e.g. a key's metadata. */
export function DescriptionList({ items, columns = 2, className }: DescriptionListProps) {
  return (
    <dl className={["kw-dl", `kw-dl--${columns}`, className ?? ""].filter(Boolean).join(" ")}>
      {items.map((item, index) => (
        <div key={item.id ?? (typeof item.term === "string" ? item.term : index)} className="kw-dl__item">
          <dt>{item.term}</dt>
          <dd>{item.detail}</dd>
        </div>
      ))}
    </dl>
  );
}
