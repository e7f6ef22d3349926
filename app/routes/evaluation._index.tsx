/**
 * The programme's evaluation for CLN admins and the advisory group: what the
 * sets did by footprint and month, themes over time and self-assessment
 * progress, every figure through the disclosure rule, and the research
 * extract to download.
 */
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { monthLabel, periodLabel } from "~/components/advisory";
import { TableWrap } from "~/components/table-wrap";
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
      <TableWrap label="By footprint">
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption">Meetings, attendance and actions by footprint, {label}</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                Footprint
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Meetings held
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Attendance
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Actions committed
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Done or partly done by the next meeting
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Median meetings to completion
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {[...figures.footprints, figures.totals].map((r) => (
              <tr className="nhsuk-table__row" key={r.footprint}>
                <th scope="row" className="nhsuk-table__header">
                  {r.footprint}
                </th>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{r.meetingsHeld}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{r.attendanceRate}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{r.actionsCommitted}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{r.doneOrPartlyByNextMeeting}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{r.medianMeetingsToCompletion}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

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
        <TableWrap label="Themes over time">
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption">Shared items carrying each theme, by month</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">
                  Theme
                </th>
                {figures.months.map((m) => (
                  <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric" key={m}>
                    {monthLabel(m)}
                  </th>
                ))}
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  Total
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {figures.themesOverTime.map((t) => (
                <tr className="nhsuk-table__row" key={t.themeId}>
                  <th scope="row" className="nhsuk-table__header">
                    {t.theme}
                  </th>
                  {t.months.map((n, i) => (
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric" key={figures.months[i]}>
                      {n}
                    </td>
                  ))}
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{t.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p>Nothing was shared beyond the sets in this period.</p>
      )}

      <h2>Self-assessment progress</h2>
      <TableWrap label="Self-assessment progress">
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption">Organisations' latest submitted self-assessments, answers at each level</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                Footprint
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Organisations assessed
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Fully in place
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Partly in place
              </th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                Not in place
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {figures.alignment.map((a) => (
              <tr className="nhsuk-table__row" key={a.footprint}>
                <th scope="row" className="nhsuk-table__header">
                  {a.footprint}
                </th>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{a.organisationsAssessed}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{a.fully}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{a.partly}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{a.notInPlace}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      <h2>Wellbeing check</h2>
      {figures.wellbeing.length ? (
        <TableWrap label="Wellbeing check">
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption">Wellbeing check answers by footprint and quarter</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">
                  Footprint
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Quarter
                </th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  People
                </th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  Median arrival score (0 to 10)
                </th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  PHQ-4: people
                </th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  PHQ-4: a sub-score of 3 or more
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {figures.wellbeing.map((w) => (
                <tr className="nhsuk-table__row" key={`${w.footprint}-${w.quarter}`}>
                  <th scope="row" className="nhsuk-table__header">
                    {w.footprint}
                  </th>
                  <td className="nhsuk-table__cell">{w.quarter}</td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{w.people}</td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{w.arrivalMedian}</td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{w.phq4People}</td>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{w.phq4Positive}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
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
