import { CategoryLabel, ChartFrame } from "./chart-frame.tsx";
import { type ChartProps, chartPadding, labelStride } from "./chart-scale.ts";

export type LineChartProps = ChartProps;

/** A single-series line chart in plain SVG, with its numbers in a visually hidden table. */
export function LineChart(props: LineChartProps) {
  const { data } = props;
  const stride = labelStride(data.length);
  return (
    <ChartFrame {...props}>
      {({ max, height, plotWidth, plotHeight }) => {
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
        return (
          <>
            {area ? <polygon className="kw-chart__area" points={area} /> : null}
            <polyline className="kw-chart__line" points={line} />
            {points.map((point, index) => (
              <g key={point.label}>
                <circle className="kw-chart__point" cx={point.x} cy={point.y} r={3} />
                {index % stride === 0 ? (
                  <CategoryLabel x={point.x} height={height}>
                    {point.label}
                  </CategoryLabel>
                ) : null}
              </g>
            ))}
          </>
        );
      }}
    </ChartFrame>
  );
}
