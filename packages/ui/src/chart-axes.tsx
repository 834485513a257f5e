import { chartPadding, chartWidth } from "./chart-scale.ts";

/** Horizontal grid lines with value labels on the left. */
export function ValueAxis(props: {
  ticks: readonly number[];
  max: number;
  height: number;
  formatValue: (value: number) => string;
}) {
  const plotHeight = props.height - chartPadding.top - chartPadding.bottom;
  return (
    <g className="kw-chart__axis">
      {props.ticks.map((tick) => {
        const y = chartPadding.top + plotHeight - (tick / props.max) * plotHeight;
        return (
          <g key={tick}>
            <line
              x1={chartPadding.left}
              x2={chartWidth - chartPadding.right}
              y1={y}
              y2={y}
              className="kw-chart__grid"
            />
            <text x={chartPadding.left - 8} y={y} dy="0.32em" textAnchor="end">
              {props.formatValue(tick)}
            </text>
          </g>
        );
      })}
    </g>
  );
}
