import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { BarChart, LineChart } from "../src/index.ts";

const data = [
  { label: "Mon", value: 12 },
  { label: "Tue", value: 0 },
  { label: "Wed", value: 30 },
];

describe("charts", () => {
  it("a bar chart is an image named by its title, one bar per datum, tallest for the largest value", () => {
    const { container } = render(
      <BarChart title="Executions per day" description="Busiest on Wednesday" data={data} />,
    );
    const image = screen.getByRole("img", { name: "Executions per day Busiest on Wednesday" });
    const bars = [...image.querySelectorAll("rect.kw-chart__bar")];
    expect(bars).toHaveLength(3);
    const heights = bars.map((bar) => Number(bar.getAttribute("height")));
    expect(heights[1]).toBe(0);
    expect(heights[2]).toBeGreaterThan(heights[0] ?? Number.POSITIVE_INFINITY);
    expect(container.querySelectorAll("text.kw-chart__label")).toHaveLength(3);
  });

  it("a line chart draws one point per datum and repeats the numbers in a table for screen readers", () => {
    render(
      <LineChart
        title="Failed authentications"
        data={data}
        labelHeader="Day"
        valueHeader="Failures"
        formatValue={(value) => `${value} failed`}
        tone="danger"
      />,
    );
    const image = screen.getByRole("img", { name: "Failed authentications" });
    expect(image.querySelectorAll("circle.kw-chart__point")).toHaveLength(3);
    expect(image.querySelector("polyline")?.getAttribute("points")?.split(" ")).toHaveLength(3);
    const table = screen.getByRole("table", { name: "Failed authentications" });
    expect(within(table).getByRole("columnheader", { name: "Failures" })).toBeTruthy();
    expect(within(table).getByRole("row", { name: "Wed 30 failed" })).toBeTruthy();
  });

  it("an empty chart still renders its frame and axis", () => {
    render(<BarChart title="Nothing yet" data={[]} />);
    const image = screen.getByRole("img", { name: "Nothing yet" });
    expect(image.querySelectorAll("rect")).toHaveLength(0);
    expect(image.querySelectorAll(".kw-chart__grid").length).toBeGreaterThan(0);
  });
});
