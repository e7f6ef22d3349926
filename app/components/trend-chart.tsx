/**
 * A small bar chart of one theme's disclosed figures month by month, with
 * the same figures as a table for screen readers and anyone who prefers one.
 * It plots only what the page may show: a "<8" month is drawn at a fixed
 * height with a dashed outline (never at its real height), a rounded figure
 * at its rounded value.
 */
import { TableWrap } from "~/components/table-wrap";
import { monthLabel, shortMonthLabel } from "~/components/advisory";

const WIDTH = 320;
const HEIGHT = 140;
const TOP = 16;
const BOTTOM = 22;
const SIDE = 6;
/** Where a "<8" bar reaches: half the threshold, so it never suggests a value. */
const SMALL_HEIGHT = 4;

type Point = { month: string; figure: string; plotted: number; small: boolean };

/** "0" → 0, "<8" → small, "1,235" → 1235. Anything else (a withheld "[c]") is drawn as small. */
export function plotValue(figure: string): { value: number; small: boolean } {
  if (figure === "0") return { value: 0, small: false };
  const n = Number(figure.replace(/,/g, ""));
  if (figure.startsWith("<") || !Number.isFinite(n)) return { value: SMALL_HEIGHT, small: true };
  return { value: n, small: false };
}

/** The chart in one sentence: its months, highest month and latest month, in the figures as shown. */
export function describeTrend(title: string, months: string[], figures: string[]): string {
  if (!months.length) return `${title}: no months chosen.`;
  const points = months.map((month, i) => ({ month, figure: figures[i] ?? "0", ...plotValue(figures[i] ?? "0") }));
  const highest = points.reduce((best, p) => (p.value > best.value ? p : best), points[0]);
  const last = points[points.length - 1];
  const range = months.length === 1 ? monthLabel(months[0]) : `${monthLabel(months[0])} to ${monthLabel(last.month)}`;
  const peak = highest.value === 0 ? "no items in any month" : `highest ${highest.figure} in ${monthLabel(highest.month)}`;
  return `${title}, items by month, ${range}: ${peak}; ${last.figure} in ${monthLabel(last.month)}.`;
}

export function TrendChart({ title, months, figures }: { title: string; months: string[]; figures: string[] }) {
  const points: Point[] = months.map((month, i) => {
    const figure = figures[i] ?? "0";
    const { value, small } = plotValue(figure);
    return { month, figure, plotted: value, small };
  });
  const max = Math.max(8, ...points.map((p) => p.plotted));
  const slot = (WIDTH - 2 * SIDE) / Math.max(points.length, 1);
  const barWidth = Math.max(2, slot * 0.7);
  const chartHeight = HEIGHT - TOP - BOTTOM;
  // Month names under every bar would overlap on a phone: about six, always the first and last.
  const labelEvery = Math.max(1, Math.ceil(points.length / 6));
  const showFigures = points.length <= 12;
  return (
    <figure className="app-trend">
      <svg className="app-trend__chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={describeTrend(title, months, figures)} focusable="false">
        <line x1={SIDE} x2={WIDTH - SIDE} y1={HEIGHT - BOTTOM} y2={HEIGHT - BOTTOM} className="app-trend__axis" />
        {points.map((p, i) => {
          const x = SIDE + i * slot + (slot - barWidth) / 2;
          const h = p.plotted === 0 ? 0 : Math.max(2, (p.plotted / max) * chartHeight);
          const y = HEIGHT - BOTTOM - h;
          const labelled = i % labelEvery === 0 || i === points.length - 1;
          return (
            <g key={p.month}>
              {h > 0 ? <rect x={x} y={y} width={barWidth} height={h} className={p.small ? "app-trend__bar app-trend__bar--small" : "app-trend__bar"} /> : null}
              {showFigures ? (
                <text x={x + barWidth / 2} y={y - 3} textAnchor="middle" className="app-trend__figure">
                  {p.figure}
                </text>
              ) : null}
              {labelled ? (
                <text x={x + barWidth / 2} y={HEIGHT - 6} textAnchor="middle" className="app-trend__month">
                  {shortMonthLabel(p.month)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <details className="nhsuk-details app-trend__details">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">
            Show as a table<span className="nhsuk-u-visually-hidden">: {title}</span>
          </span>
        </summary>
        <div className="nhsuk-details__text">
          <TableWrap label={`${title} by month`}>
            <table className="nhsuk-table">
              <caption className="nhsuk-table__caption nhsuk-table__caption--s">{title}: items by month</caption>
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  <th scope="col" className="nhsuk-table__header">
                    Month
                  </th>
                  <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                    Items
                  </th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {points.map((p) => (
                  <tr className="nhsuk-table__row" key={p.month}>
                    <th scope="row" className="nhsuk-table__header">
                      {monthLabel(p.month)}
                    </th>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{p.figure}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </div>
      </details>
    </figure>
  );
}
