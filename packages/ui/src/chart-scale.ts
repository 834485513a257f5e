export interface ChartDatum {
  label: string;
  value: number;
}

export interface ChartProps {
  /** Names the chart; also the caption of its data table. */
  title: string;
  /** A sentence summarising the chart for screen readers. */
  description?: string;
  data: readonly ChartDatum[];
  /** Column headers of the hidden data table. */
  labelHeader?: string;
  valueHeader?: string;
  formatValue?: (value: number) => string;
  height?: number;
  /** Colour of the series: the accent, or red for failures. */
  tone?: "accent" | "danger";
}

export const chartWidth = 640;
export const chartPadding = { top: 16, right: 16, bottom: 32, left: 48 };

export const defaultFormatValue = (value: number) => value.toLocaleString();

/** A rounded-up maximum and evenly spaced ticks for the value axis. */
export function valueTicks(data: readonly ChartDatum[], count = 4): { max: number; ticks: number[] } {
  const largest = Math.max(0, ...data.map((datum) => datum.value));
  if (largest === 0) return { max: 1, ticks: [0, 1] };
  const rawStep = largest / count;
  const magnitude = 10 ** Math.floor(Math.log10(rawStep));
  const step = ([1, 2, 5, 10].find((multiple) => multiple * magnitude >= rawStep) ?? 10) * magnitude;
  const max = Math.ceil(largest / step) * step;
  const ticks: number[] = [];
  for (let tick = 0; tick <= max + step / 2; tick += step) ticks.push(tick);
  return { max, ticks };
}

/** Shows at most about `limit` x-axis labels so they do not overlap. */
export function labelStride(length: number, limit = 8): number {
  return Math.max(1, Math.ceil(length / limit));
}
