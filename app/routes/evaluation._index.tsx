/**
 * The programme's evaluation for CLN admins and the advisory group: what the
 * sets did by footprint and month, themes over time and self-assessment
 * progress, every figure through the disclosure rule, and the research
 * extract to download.
 */
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { monthLabel, periodLabel } from "~/components/advisory";
import { ListTable } from "~/components/table-wrap";
import { TrendChart } from "~/components/trend-chart";
import { evaluationFigures, readEvaluationPeriod } from "~/models/evaluation.server";
import { requireRole } from "~/server/guards.server";

export const meta: MetaFunction = () => [{ title: "Evaluation - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin", "advisory"]);
  const now = Date.now();
  const { from, to, months } = readEvaluationPeriod(new URL(request.url).searchParams, now);
  return json({ figures: evaluationFigures({ from, to }, now), months });
}

export default function Evaluation() {
  const { figures, months } = useLoaderData<typeof loader>();
  const { period } = figures;
  const label = periodLabel(period.from, period.to);
  const query = new URLSearchParams({ from: period.from, to: period.to }).toString();
  return (
    <>
      <h1>Evaluation</h1>
      <p className="nhsuk-lede-text">What the action learning sets did, by footprint and month, {label}.</p>
      <Form method="get" className="app-filter" aria-label="Period">
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="from">
            From
          </label>
          <select className="nhsuk-select" id="from" name="from" defaultValue={period.from}>
            {months.map((m) => (
              <option key={m} value={m}>
                {monthLabel(m)}
              </option>
            ))}
          </select>
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="to">
            To
          </label>
          <select className="nhsuk-select" id="to" name="to" defaultValue={period.to}>
            {months.map((m) => (
              <option key={m} value={m}>
                {monthLabel(m)}
              </option>
            ))}
          </select>
        </div>
        <button className="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" type="submit">
          Show
        </button>
      </Form>
      <p className="nhsuk-body-s">
        To protect people's privacy, a count from 1 to 7 is shown as &lt;8, other counts are rounded to the nearest 5, and [c] marks a figure withheld so
        that a small one cannot be worked out from the others. Percentages are from the rounded figures.
      </p>

      <h2>By footprint</h2>
      <FiguresTable
        label="By footprint"
        caption={`Meetings, attendance and actions by footprint, ${label}`}
        columns={["Footprint", "Meetings held", "Attendance", "Actions committed", "Done or partly done by the next meeting", "Median meetings to completion"]}
        rows={[...figures.footprints, figures.totals].map((r) => ({
          key: r.footprint,
          cells: [r.footprint, r.meetingsHeld, r.attendanceRate, r.actionsCommitted, r.doneOrPartlyByNextMeeting, r.medianMeetingsToCompletion],
        }))}
      />

      <h2>By month</h2>
      <ul className="nhsuk-list app-trends">
        <li className="app-trends__item">
          <h3 className="nhsuk-heading-s">Meetings held</h3>
          <TrendChart title="Meetings held" months={figures.months} figures={figures.byMonth.map((m) => m.meetingsHeld)} />
        </li>
        <li className="app-trends__item">
          <h3 className="nhsuk-heading-s">Actions committed</h3>
          <TrendChart title="Actions committed" months={figures.months} figures={figures.byMonth.map((m) => m.actionsCommitted)} />
        </li>
      </ul>

      <h2>Themes over time</h2>
      {figures.themesOverTime.length ? (
        <FiguresTable
          label="Themes over time"
          caption="Shared items carrying each theme, by month"
          columns={["Theme", ...figures.months.map(monthLabel), "Total"]}
          rows={figures.themesOverTime.map((t) => ({ key: t.themeId, cells: [t.theme, ...t.months, t.total] }))}
        />
      ) : (
        <p>Nothing was shared beyond the sets in this period.</p>
      )}

      <h2>Self-assessment progress</h2>
      <FiguresTable
        label="Self-assessment progress"
        caption="Organisations' latest submitted self-assessments, answers at each level"
        columns={["Footprint", "Organisations assessed", "Fully in place", "Partly in place", "Not in place"]}
        rows={figures.alignment.map((a) => ({ key: a.footprint, cells: [a.footprint, a.organisationsAssessed, a.fully, a.partly, a.notInPlace] }))}
      />

      <h2>Wellbeing check</h2>
      {figures.wellbeing.length ? (
        <FiguresTable
          label="Wellbeing check"
          caption="Wellbeing check answers by footprint and quarter"
          columns={["Footprint", "Quarter", "People", "Median arrival score (0 to 10)", "PHQ-4: people", "PHQ-4: a sub-score of 3 or more"]}
          textColumns={2}
          rows={figures.wellbeing.map((w) => ({
            key: `${w.footprint}-${w.quarter}`,
            cells: [w.footprint, w.quarter, w.people, w.arrivalMedian, w.phq4People, w.phq4Positive],
          }))}
        />
      ) : (
        <p>Nobody answered the wellbeing check in this period (it is switched on by CLN admins in Settings, and taking part is optional).</p>
      )}

      <h2>Research extract</h2>
      <p>
        A zip of CSV files with a data dictionary, for the research and evaluation study: the same figures, with no person, set or meeting in them. Each
        download is recorded in the audit log.
      </p>
      <p>
        <a href={`/evaluation/extract.zip?${query}`} download>
          Download the research extract for {label} (zip)
        </a>
      </p>
    </>
  );
}

/**
 * A table of figures: the first column names the row (a row header), the
 * next `textColumns - 1` are words, the rest are numbers, right-aligned.
 */
function FiguresTable({
  label,
  caption,
  columns,
  rows,
  textColumns = 1,
}: {
  label: string;
  caption: string;
  columns: string[];
  rows: Array<{ key: string; cells: string[] }>;
  textColumns?: number;
}) {
  const numeric = (i: number) => i >= textColumns;
  return (
    <ListTable label={label} caption={caption} captionStyle="plain" columns={columns.map((c, i) => ({ label: c, numeric: numeric(i) }))}>
      {rows.map((r) => (
        <tr className="nhsuk-table__row" key={r.key}>
          {r.cells.map((cell, i) =>
            i === 0 ? (
              <th scope="row" className="nhsuk-table__header" key={columns[i]}>
                {cell}
              </th>
            ) : (
              <td className={`nhsuk-table__cell${numeric(i) ? " nhsuk-table__cell--numeric" : ""}`} key={columns[i]}>
                {cell}
              </td>
            ),
          )}
        </tr>
      ))}
    </ListTable>
  );
}
