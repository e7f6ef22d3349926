import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { describeTrend, plotValue, TrendChart } from "./trend-chart";

describe("TrendChart", () => {
  it("reads the disclosed figures without inventing a value for <8", () => {
    expect(plotValue("0")).toEqual({ value: 0, small: false });
    expect(plotValue("<8")).toEqual({ value: 4, small: true });
    expect(plotValue("1,235")).toEqual({ value: 1235, small: false });
    expect(plotValue("[c]").small).toBe(true);
  });

  it("sums the chart up in words for screen readers", () => {
    expect(describeTrend("Peer support", ["2025-01", "2025-02", "2025-03"], ["<8", "15", "0"])).toBe(
      "Peer support, items by month, January 2025 to March 2025: highest 15 in February 2025; 0 in March 2025.",
    );
    expect(describeTrend("Rest", ["2025-01"], ["0"])).toBe("Rest, items by month, January 2025: no items in any month; 0 in January 2025.");
  });

  it("is an image with a label, a dashed bar for <8, and the same figures as a table", () => {
    const html = renderToStaticMarkup(<TrendChart title="Peer support" months={["2025-01", "2025-02", "2025-03"]} figures={["<8", "15", "0"]} />);
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-label="Peer support, items by month, January 2025 to March 2025: highest 15 in February 2025; 0 in March 2025."');
    expect(html.match(/app-trend__bar--small/g)).toHaveLength(1);
    expect(html.match(/<rect/g)).toHaveLength(2);
    expect(html).toContain("Show as a table");
    expect(html).toContain('<th scope="row" class="nhsuk-table__header">February 2025</th><td class="nhsuk-table__cell nhsuk-table__cell--numeric">15</td>');
    expect(html).toContain("<caption");
  });

  it("keeps month labels apart over two years", () => {
    const months = Array.from({ length: 24 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);
    const html = renderToStaticMarkup(<TrendChart title="T" months={months} figures={months.map(() => "10")} />);
    expect(html.match(/app-trend__month/g)!.length).toBeLessThanOrEqual(7);
    // Too many bars for a figure above each: the table has them.
    expect(html).not.toContain("app-trend__figure");
  });
});
