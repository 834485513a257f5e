import type { ChartDatum } from "./chart-scale.ts";

/** The numbers behind a chart, as a table only assistive technology sees. */
export function ChartDataTable(props: {
  caption: string;
  labelHeader: string;
  valueHeader: string;
  data: readonly ChartDatum[];
  formatValue: (value: number) => string;
}) {
  return (
    <table className="kw-visually-hidden">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.labelHeader}</th>
          <th scope="col">{props.valueHeader}</th>
        </tr>
      </thead>
      <tbody>
        {props.data.map((datum) => (
          <tr key={datum.label}>
            <th scope="row">{datum.label}</th>
            <td>{props.formatValue(datum.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
