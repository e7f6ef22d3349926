/**
 * Pieces shared by the advisory pages (the themes page, a gap's page, the
 * printable register, the CSV) and the codebook: the period and footprint
 * filter, words for months, statuses, areas and a gap's evidence.
 * Browser-safe: no server imports.
 */
import { TableWrap } from "~/components/table-wrap";
import { TZDate } from "@date-fns/tz";
import { Form } from "@remix-run/react";
import { format } from "date-fns";
import type { GapStatus, ThemeArea } from "~db/enums";
import { GAP_STATUS_LABELS, windowStart } from "~/domain/gaps";
import { LONDON } from "~/utils/dates";

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "2025-03" → "March 2025". */
export function monthLabel(month: string): string {
  const m = MONTH.exec(month);
  return m ? `${MONTH_NAMES[Number(m[2]) - 1]} ${m[1]}` : month;
}

/** "2025-03" → "Mar 25", for chart axes. */
export function shortMonthLabel(month: string): string {
  const m = MONTH.exec(month);
  return m ? `${MONTH_NAMES[Number(m[2]) - 1].slice(0, 3)} ${m[1].slice(2)}` : month;
}

/** An instant as a UK date: "1 September 2026". */
export function formatDate(epochMs: number): string {
  return format(new TZDate(epochMs, LONDON), "d MMMM yyyy");
}

export const currentMonth = (now: number) => format(new TZDate(now, LONDON), "yyyy-MM");

/** The months a filter offers, newest first: `count` months ending with this month (UK time). */
export function monthOptions(now: number, count: number): string[] {
  const current = currentMonth(now);
  return Array.from({ length: count }, (_, i) => windowStart(current, i + 1));
}

export type AdvisoryFilters = {
  from: string;
  to: string;
  footprintId: string | null;
  /** The months offered, newest first. */
  months: string[];
  /** The months came in the wrong order and were swapped. */
  swapped: boolean;
  /** The period was longer than MAX_PERIOD_MONTHS and its start was moved. */
  shortened: boolean;
};

/**
 * The longest period the page shows at once. Each theme's figures are one
 * disclosure-protected table of footprints by months, and protecting a table
 * costs more the more months it has (docs/performance.md).
 */
export const MAX_PERIOD_MONTHS = 12;

/**
 * Reads `from`, `to` and `footprint` from a query string. A value that is not
 * offered (or is missing) means the default: the gap window ending this
 * month, all footprints. Never an error: it is a filter, not a form to save.
 */
export function readAdvisoryFilters(params: URLSearchParams, opts: { now: number; windowMonths: number; footprintIds: readonly string[] }): AdvisoryFilters {
  // Two years to choose from, or the whole gap window if an admin made it longer.
  const months = monthOptions(opts.now, Math.max(24, opts.windowMonths));
  const offered = new Set(months);
  const to = months[0];
  const defaultFrom = months[Math.min(opts.windowMonths, months.length) - 1];
  const pick = (key: string, fallback: string) => {
    const v = params.get(key);
    return v && offered.has(v) ? v : fallback;
  };
  let from = pick("from", defaultFrom);
  let until = pick("to", to);
  const swapped = from > until;
  if (swapped) [from, until] = [until, from];
  const earliest = windowStart(until, Math.max(MAX_PERIOD_MONTHS, opts.windowMonths));
  const shortened = from < earliest;
  if (shortened) from = earliest;
  const footprint = params.get("footprint");
  const footprintId = footprint && opts.footprintIds.includes(footprint) ? footprint : null;
  return { from, to: until, footprintId, months, swapped, shortened };
}

/** The query string of a filter, for links to the CSV and back. */
export function filterQuery(f: { from: string; to: string; footprintId: string | null }): string {
  const q = new URLSearchParams({ from: f.from, to: f.to });
  if (f.footprintId) q.set("footprint", f.footprintId);
  return q.toString();
}

/** "March 2025 to August 2025" (or one month). */
export function periodLabel(from: string, to: string): string {
  return from === to ? monthLabel(from) : `${monthLabel(from)} to ${monthLabel(to)}`;
}

/** The GET form that chooses the period and footprint. */
export function AdvisoryFilterForm({
  filters,
  footprints,
}: {
  filters: { from: string; to: string; footprintId: string | null; months: string[] };
  footprints: Array<{ id: string; name: string }>;
}) {
  const monthChoices = filters.months.map((m) => ({ value: m, label: monthLabel(m) }));
  return (
    <Form method="get" className="app-filter" aria-labelledby="filter-heading">
      <h2 id="filter-heading" className="nhsuk-heading-m">
        Period and footprint
      </h2>
      <div className="app-filter__fields">
        <PlainSelect id="from" name="from" label="From" options={monthChoices} value={filters.from} />
        <PlainSelect id="to" name="to" label="To" options={monthChoices} value={filters.to} />
        <PlainSelect
          id="footprint"
          name="footprint"
          label="Footprint"
          options={[{ value: "", label: "All footprints" }, ...footprints.map((f) => ({ value: f.id, label: f.name }))]}
          value={filters.footprintId ?? ""}
        />
      </div>
      <button type="submit" className="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button">
        Show figures
      </button>
    </Form>
  );
}

function PlainSelect({ id, name, label, options, value }: { id: string; name: string; label: string; options: Array<{ value: string; label: string }>; value: string }) {
  return (
    <div className="nhsuk-form-group">
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {/* Keyed by the value so that a new filter from the server resets it. */}
      <select key={value} className="nhsuk-select" id={id} name={name} defaultValue={value}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export const THEME_AREA_LABELS: Record<ThemeArea, string> = {
  prioritise_identify: "Prioritise & Identify",
  capacity_collaboration: "Capacity & Collaboration",
  leadership_culture: "Leadership & Culture",
};

const STATUS_TAG: Record<GapStatus, string> = {
  flagged: "nhsuk-tag--orange",
  under_review: "nhsuk-tag--yellow",
  designing: "nhsuk-tag--blue",
  in_place: "nhsuk-tag--green",
  closed: "nhsuk-tag--grey",
  not_a_gap: "nhsuk-tag--white",
};

export function GapStatusTag({ status }: { status: GapStatus }) {
  return <strong className={`nhsuk-tag ${STATUS_TAG[status]}`}>{GAP_STATUS_LABELS[status]}</strong>;
}

/** What a flag recorded, already through the disclosure rule (figures are strings like "<8" or "15"). */
export type EvidenceSnapshot = { from: string; to: string; rule: string; sets: string; footprints: string; people: string; items: string; notDoneBarriers: string };

/** The evidence of a flag in one sentence. */
export function evidenceInWords(e: EvidenceSnapshot): string {
  return (
    `From ${periodLabel(e.from, e.to)}, items carrying this theme were shared from ${e.sets} sets in ${e.footprints} footprints, by ${e.people} people: ` +
    `${e.items} items in all, ${e.notDoneBarriers} of them what got in the way of an action reported "not done".`
  );
}

export const DISCLOSURE_NOTE =
  "To protect people's privacy, a count from 1 to 7 is shown as <8 and other counts are rounded to the nearest 5. No figure or excerpt can be traced to a person, a set or a meeting.";

/** Candidate new themes: groups of shared items with no theme, by the words they share, with disclosed counts. */
export function CandidateThemesTable({ candidates, caption }: { candidates: Array<{ terms: string[]; count: string }>; caption: string }) {
  return (
    <TableWrap label="Possible new themes">
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption nhsuk-table__caption--s">{caption}</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th scope="col" className="nhsuk-table__header">
              Words in common
            </th>
            <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
              Items
            </th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {candidates.map((c) => (
            <tr className="nhsuk-table__row" key={c.terms.join(" ")}>
              <td className="nhsuk-table__cell app-break-anywhere">{c.terms.join(", ")}</td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{c.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
