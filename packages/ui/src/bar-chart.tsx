import { CategoryLabel, ChartFrame } from "./chart-frame.tsx";
import { type ChartProps, chartPadding, labelStride } from "./chart-scale.ts";

export type BarChartProps = ChartProps;

/** A single-series bar chart in plain SVG, with its numbers in a visually hidden table. */
export function BarChart(props: BarChartProps) {
  const { data } = props;
  const stride = labelStride(data.length);
  return (
    <ChartFrame {...props}>
      {({ max, height, plotWidth, plotHeight }) => {
        const band = data.length > 0 ? plotWidth / data.length : plotWidth;
        const barWidth = Math.max(2, band * 0.7);
        return data.map((datum, index) => {
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
                <CategoryLabel x={x + barWidth / 2} height={height}>
                  {datum.label}
                </CategoryLabel>
              ) : null}
            </g>
          );
        });
      }}
    </ChartFrame>
  );
}
