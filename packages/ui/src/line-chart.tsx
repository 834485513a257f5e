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

export type LineChartProps = ChartProps;

/** A single-series line chart in plain SVG, with its numbers in a visually hidden table. */
export function LineChart({
  title,
  description,
  data,
  labelHeader = "Label",
  valueHeader = "Value",
  formatValue = defaultFormatValue,
  height = 240,
  tone = "accent",
}: LineChartProps) {
  const titleId = useId();
  const descriptionId = useId();
  const { max, ticks } = valueTicks(data);
  const plotWidth = chartWidth - chartPadding.left - chartPadding.right;
  const plotHeight = height - chartPadding.top - chartPadding.bottom;
  const step = data.length > 1 ? plotWidth / (data.length - 1) : 0;
  const baseline = chartPadding.top + plotHeight;
  const points = data.map((datum, index) => ({
    label: datum.label,
    x: chartPadding.left + (data.length > 1 ? index * step : plotWidth / 2),
    y: baseline - (Math.max(0, datum.value) / max) * plotHeight,
  }));
  const line = points.map((point) => `${point.x},${point.y}`).join(" ");
  const first = points[0];
  const last = points[points.length - 1];
  const area = first && last ? `${first.x},${baseline} ${line} ${last.x},${baseline}` : "";
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
        {area ? <polygon className="kw-chart__area" points={area} /> : null}
        <polyline className="kw-chart__line" points={line} />
        {points.map((point, index) => (
          <g key={point.label}>
            <circle className="kw-chart__point" cx={point.x} cy={point.y} r={3} />
            {index % stride === 0 ? (
              <text
                className="kw-chart__label"
                x={point.x}
                y={height - chartPadding.bottom + 18}
                textAnchor="middle"
              >
                {point.label}
              </text>
            ) : null}
          </g>
        ))}
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
