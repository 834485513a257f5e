import type { ReactNode } from "react";

export interface RankedBarItem {
  id: string;
  label: ReactNode;
  value: number;
  /** A second, smaller figure after the value, e.g. failures. */
  detail?: ReactNode;
}

export interface RankedBarListProps {
  /** Names the table for assistive technology. */
  caption: string;
  labelHeader: string;
  valueHeader: string;
  items: readonly RankedBarItem[];
  formatValue?: (value: number) => string;
  emptyText?: string;
}

/** A ranking with proportional bars: long labels (key names, modules) stay readable. */
export function RankedBarList({
  caption,
  labelHeader,
  valueHeader,
  items,
  formatValue = (value) => value.toLocaleString(),
  emptyText = "Nothing to show.",
}: RankedBarListProps) {
  if (items.length === 0) return <p className="kw-muted">{emptyText}</p>;
  const max = Math.max(1, ...items.map((item) => item.value));
  return (
    <table className="kw-ranked">
      <caption className="kw-visually-hidden">{caption}</caption>
      <thead className="kw-visually-hidden">
        <tr>
          <th scope="col">{labelHeader}</th>
          <th scope="col">{valueHeader}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            <th scope="row" className="kw-ranked__label">
              {item.label}
              <span className="kw-ranked__track" aria-hidden="true">
                <span className="kw-ranked__bar" style={{ width: `${(item.value / max) * 100}%` }} />
              </span>
            </th>
            <td className="kw-ranked__value">
              {formatValue(item.value)}
              {item.detail ? <span className="kw-ranked__detail">{item.detail}</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
