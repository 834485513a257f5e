import { useId } from "react";
import { ValueAxis } from "./chart-axes.tsx";
import { ChartDataTable } from "./chart-data-table.tsx";
import {
  type ChartProps,
  chartPadding,
  chartWidth,
  defaultFormatValue,
  labelStride,
  valueTicks,
} from "./chart-scale.ts";

export type BarChartProps = ChartProps;

/** A single-series bar chart in plain SVG, with its numbers in a visually hidden table. */
export function BarChart({
  title,
  description,
  data,
  labelHeader = "Label",
  valueHeader = "Value",
  formatValue = defaultFormatValue,
  height = 240,
  tone = "accent",
}: BarChartProps) {
  const titleId = useId();
  const descriptionId = useId();
  const { max, ticks } = valueTicks(data);
  const plotWidth = chartWidth - chartPadding.left - chartPadding.right;
  const plotHeight = height - chartPadding.top - chartPadding.bottom;
  const band = data.length > 0 ? plotWidth / data.length : plotWidth;
  const barWidth = Math.max(2, band * 0.7);
  const stride = labelStride(data.length);

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
        {data.map((datum, index) => {
          const barHeight = (Math.max(0, datum.value) / max) * plotHeight;
          const x = chartPadding.left + index * band + (band - barWidth) / 2;
          return (
            <g key={datum.label}>
              <rect
                className="kw-chart__bar"
                x={x}
                y={chartPadding.top + plotHeight - barHeight}
                width={barWidth}
                height={barHeight}
                rx={2}
              />
              {index % stride === 0 ? (
                <text
                  className="kw-chart__label"
                  x={x + barWidth / 2}
                  y={height - chartPadding.bottom + 18}
                  textAnchor="middle"
                >
                  {datum.label}
                </text>
              ) : null}
            </g>
          );
        })}
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
