import { type ReactNode, useId } from "react";
import { ValueAxis } from "./chart-axes.tsx";
import { ChartDataTable } from "./chart-data-table.tsx";
import { type ChartProps, chartPadding, chartWidth, defaultFormatValue, valueTicks } from "./chart-scale.ts";

/** What every single-series chart shares, with the plot area's geometry for its marks. */
export interface ChartGeometry {
  max: number;
  height: number;
  plotWidth: number;
  plotHeight: number;
}

/**
 * The figure around a chart: an accessible SVG (title, description, value axis) holding the
 * marks `children` draws, and the numbers again in a visually hidden table.
 */
export function ChartFrame({
  title,
  description,
  data,
  labelHeader = "Label",
  valueHeader = "Value",
  formatValue = defaultFormatValue,
  height = 240,
  tone = "accent",
  children,
}: ChartProps & { children: (geometry: ChartGeometry) => ReactNode }) {
  const titleId = useId();
  const descriptionId = useId();
  const { max, ticks } = valueTicks(data);
  const plotWidth = chartWidth - chartPadding.left - chartPadding.right;
  const plotHeight = height - chartPadding.top - chartPadding.bottom;
  return (
    <figure className={`kw-chart kw-chart--${tone}`}>
      <svg
        role="img"
        aria-labelledby={description ? `${titleId} ${descriptionId}` : titleId}
        viewBox={`0 0 ${chartWidth} ${height}`}
        className="kw-chart__svg"
      >
        <title id={titleId}>{title}</title>
        {description ? <desc id={descriptionId}>{description}</desc> : null}
        <ValueAxis ticks={ticks} max={max} height={height} formatValue={formatValue} />
        {children({ max, height, plotWidth, plotHeight })}
      </svg>
      <ChartDataTable
        caption={title}
        labelHeader={labelHeader}
        valueHeader={valueHeader}
        data={data}
        formatValue={formatValue}
      />
    </figure>
  );
}

/** A category label under the plot, centred on `x`. */
export function CategoryLabel({ x, height, children }: { x: number; height: number; children: ReactNode }) {
  return (
    <text className="kw-chart__label" x={x} y={height - chartPadding.bottom + 18} textAnchor="middle">
      {children}
    </text>
  );
}
