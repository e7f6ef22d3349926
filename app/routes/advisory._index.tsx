/**
 * /advisory: the advisory group's home. Which needs keep coming back across
 * footprints and months (a heatmap of themes by footprint, a trend per
 * theme), the gap register, approved de-identified excerpts and candidate new
 * themes, for a chosen period and footprint. Every figure has passed the
 * disclosure rule in the model; when fewer than 8 people contributed to the
 * chosen scope the page shows no figures at all.
 */
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ShareKind } from "~db/enums";
import { SHARE_KIND_LABELS } from "~/components/actions";
import {
  AdvisoryFilterForm,
  CandidateThemesTable,
  DISCLOSURE_NOTE,
  filterQuery,
  formatDate,
  GapStatusTag,
  MAX_PERIOD_MONTHS,
  monthLabel,
  periodLabel,
  readAdvisoryFilters,
} from "~/components/advisory";
import { TableWrap } from "~/components/table-wrap";
import { TrendChart } from "~/components/trend-chart";
import { describeRule } from "~/domain/gaps";
import { advisoryOverview, emergentCandidates } from "~/models/advisory.server";
import { footprintOptions } from "~/models/footprints.server";
import { gapRegister, gapThresholds } from "~/models/gaps.server";
import { requireRole } from "~/server/guards.server";

export const meta: MetaFunction = () => [{ title: "Advisory group - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "advisory");
  const thresholds = gapThresholds();
  const footprints = footprintOptions();
  const filters = readAdvisoryFilters(new URL(request.url).searchParams, {
    now: Date.now(),
    windowMonths: thresholds.windowMonths,
    footprintIds: footprints.map((f) => f.id),
  });
  const period = { from: filters.from, to: filters.to, footprintId: filters.footprintId };
  const overview = advisoryOverview(period);
  // The register is the group's own work: theme, status and owner, no figures.
  const register = gapRegister().map((g) => ({ id: g.id, themeName: g.themeName, status: g.status, ownerName: g.ownerName, flaggedAt: g.flaggedAt, updatedAt: g.updatedAt }));
  const base = { filters, footprints, rule: describeRule(thresholds), register };
  if (!overview.enoughData) return json({ ...base, figures: null });
  const shown = overview.heat.filter((h) => h.cells.some((c) => c !== "0") || h.trend.some((c) => c !== "0"));
  return json({
    ...base,
    figures: {
      contributors: overview.contributors,
      columns: overview.columns,
      months: overview.months,
      heat: overview.heat.map((h) => ({ themeId: h.themeId, name: h.name, cells: h.cells, bands: h.bands })),
      trends: shown.map((h) => ({ themeId: h.themeId, name: h.name, trend: h.trend })),
      excerpts: shown.map((h) => ({ themeId: h.themeId, name: h.name, allowed: h.excerptsAllowed, items: h.excerptsAllowed ? (overview.excerpts[h.themeId] ?? []) : [] })),
      emergent: emergentCandidates(period),
    },
  });
}

const BAND_WORDS = ["0: none", "<8: from 1 to 7", "10 to 20", "25 to 70", "75 or more"];

export default function AdvisoryHome() {
  const { filters, footprints, rule, register, figures } = useLoaderData<typeof loader>();
  const period = periodLabel(filters.from, filters.to);
  const footprintName = filters.footprintId ? (footprints.find((f) => f.id === filters.footprintId)?.name ?? "one footprint") : "all footprints";
  const open = register.filter((g) => g.status !== "closed" && g.status !== "not_a_gap");
  return (
    <>
      <h1>Advisory group</h1>
      <p className="nhsuk-lede-text">
        Which needs keep coming back across sets, footprints and months, the register of possible intervention gaps, and what was done about them.
      </p>

      <h2 id="register-heading">Gap register</h2>
      <p>{rule}</p>
      {register.length ? (
        <>
          <p>
            {open.length === 0
              ? "There are no open entries."
              : open.length === 1
                ? "There is 1 open entry."
                : `There are ${open.length} open entries.`}{" "}
            Open entries come first. Choose a theme to review it, record what was decided and add interventions.
          </p>
          <TableWrap label="Gap register">
            <table className="nhsuk-table">
              <caption className="nhsuk-table__caption nhsuk-table__caption--s">Gap register, open entries first</caption>
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  <th scope="col" className="nhsuk-table__header">
                    Theme
                  </th>
                  <th scope="col" className="nhsuk-table__header">
                    Status
                  </th>
                  <th scope="col" className="nhsuk-table__header">
                    Owner
                  </th>
                  <th scope="col" className="nhsuk-table__header">
                    Flagged
                  </th>
                  <th scope="col" className="nhsuk-table__header">
                    Last changed
                  </th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {register.map((g) => (
                  <tr className="nhsuk-table__row" key={g.id}>
                    <th scope="row" className="nhsuk-table__header">
                      <Link to={`/advisory/gaps/${g.id}`}>{g.themeName}</Link>
                    </th>
                    <td className="nhsuk-table__cell">
                      <GapStatusTag status={g.status} />
                    </td>
                    <td className="nhsuk-table__cell">{g.ownerName ?? "No owner yet"}</td>
                    <td className="nhsuk-table__cell">{formatDate(g.flaggedAt)}</td>
                    <td className="nhsuk-table__cell">{formatDate(g.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : (
        <p>No theme has been flagged yet. Themes are checked against the rule every hour.</p>
      )}
      <p>
        <a href="/advisory/register/print">Printable gap register</a> · <a href="/advisory/alignment">Organisations' self-assessments by footprint</a> ·{" "}
        <a href="/evaluation">Evaluation of the programme</a>
      </p>

      <AdvisoryFilterForm filters={filters} footprints={footprints} />
      {filters.swapped ? (
        <div className="nhsuk-inset-text">
          <p>The "From" month was after the "To" month, so they were swapped.</p>
        </div>
      ) : null}
      {filters.shortened ? (
        <div className="nhsuk-inset-text">
          <p>The page shows up to {MAX_PERIOD_MONTHS} months at a time, so the period now starts in {monthLabel(filters.from)}.</p>
        </div>
      ) : null}

      {figures === null ? (
        <div className="nhsuk-warning-callout">
          <h3 className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>Not enough data
          </h3>
          <p>
            Not enough data: fewer than 8 people contributed in this period and footprint. Choose a longer period or all footprints.
          </p>
        </div>
      ) : (
        <>
          <p>
            Shared items from {period}, {footprintName}. Contributors: {figures.contributors} people.
          </p>
          <p className="nhsuk-body-s">{DISCLOSURE_NOTE}</p>

          <h2 id="heat-heading">Themes by footprint</h2>
          <p>Each figure is the number of shared items carrying the theme. The shading follows the figure:</p>
          <ul className="app-heat-legend" aria-label="Shading key">
            {BAND_WORDS.map((words, band) => (
              <li key={words}>
                <span className={`app-heat-swatch app-heat-${band}`} aria-hidden="true" />
                {words}
              </li>
            ))}
          </ul>
          <TableWrap label="Themes by footprint">
            <table className="nhsuk-table app-heat-table">
              <caption className="nhsuk-table__caption nhsuk-table__caption--s">
                Shared items by theme and footprint, {period}
              </caption>
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  <th scope="col" className="nhsuk-table__header">
                    Theme
                  </th>
                  {figures.columns.map((f) => (
                    <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric" key={f.id}>
                      {f.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {figures.heat.map((h) => (
                  <tr className="nhsuk-table__row" key={h.themeId}>
                    <th scope="row" className="nhsuk-table__header">
                      {h.name}
                    </th>
                    {h.cells.map((cell, i) => (
                      <td className={`nhsuk-table__cell nhsuk-table__cell--numeric app-heat app-heat-${h.bands[i]}`} key={figures.columns[i].id}>
                        {cell}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>

          <h2 id="trends-heading">Themes month by month</h2>
          {figures.trends.length ? (
            <>
              <p>Shared items carrying each theme, by the month of the meeting they came from. Themes with no items in the period are left out.</p>
              <ul className="nhsuk-list app-trends">
                {figures.trends.map((t) => (
                  <li key={t.themeId} className="app-trends__item">
                    <h3 className="nhsuk-heading-s">{t.name}</h3>
                    <TrendChart title={t.name} months={figures.months} figures={t.trend} />
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>No shared item in this period carries a theme.</p>
          )}

          <h2 id="excerpts-heading">What people shared</h2>
          <p>
            Excerpts are de-identified and were approved by the set's facilitator, with the owner's agreement or after their notice period. A theme shows
            excerpts only when at least 8 people contributed to it.
          </p>
          {figures.excerpts.length ? (
            figures.excerpts.map((e) => (
              <section key={e.themeId} aria-labelledby={`excerpts-${e.themeId}`}>
                <h3 id={`excerpts-${e.themeId}`} className="nhsuk-heading-s">
                  {e.name}
                </h3>
                {e.allowed && e.items.length ? (
                  <ul className="nhsuk-list app-excerpts">
                    {e.items.map((item, i) => (
                      <li key={i} className="app-excerpt">
                        <p className="app-break-anywhere app-excerpt__text">{item.text}</p>
                        <p className="nhsuk-body-s app-excerpt__meta">
                          {SHARE_KIND_LABELS[item.kind as ShareKind] ?? "Shared item"}, {monthLabel(item.month)}
                        </p>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p>Not enough people have contributed to show excerpts.</p>
                )}
              </section>
            ))
          ) : (
            <p>There are no excerpts for this period.</p>
          )}

          <h2 id="emergent-heading">Possible new themes</h2>
          {figures.emergent.length ? (
            <>
              <p>
                Shared items that carry no theme yet, grouped by the words they have in common. An admin can add a group as a new theme in the codebook.
              </p>
              <CandidateThemesTable candidates={figures.emergent} caption={`Groups of items with no theme, ${period}`} />
            </>
          ) : (
            <p>No possible new themes: no group of at least 8 shared items without a theme was found in this period.</p>
          )}

          <h2 id="downloads-heading">Downloads</h2>
          <ul className="nhsuk-list">
            <li>
              <a href={`/advisory/figures.csv?${filterQuery(filters)}`}>Download these figures (CSV)</a>
            </li>
            <li>
              <a href="/advisory/register/print">Printable gap register</a>
            </li>
          </ul>
        </>
      )}
    </>
  );
}
