import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { SelectField } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import { showCount } from "~/domain/disclosure";
import { footprintOptions } from "~/models/footprints.server";
import { meetingsByFootprint } from "~/models/meetings.server";
import { requireRole } from "~/server/guards.server";
import { formatMeetingDay, formatTimeRange } from "~/utils/dates";
import { monthRange } from "~/utils/months";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Meetings in ${data?.label ?? "a month"} - CLN Action Learning Sets` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const url = new URL(request.url);
  const range = monthRange(url.searchParams.get("month"), Date.now());
  const footprints = footprintOptions().map((f) => ({ value: f.id, label: f.name }));
  const wanted = url.searchParams.get("footprint");
  const footprintId = footprints.some((f) => f.value === wanted) ? wanted! : undefined;
  const rows = meetingsByFootprint(range.from, range.to, footprintId);
  const groups = new Map<string, { footprint: string; meetings: typeof rows; attended: number }>();
  for (const r of rows) {
    const g = groups.get(r.footprintId) ?? { footprint: r.footprint, meetings: [], attended: 0 };
    g.meetings.push(r);
    g.attended += r.attended;
    groups.set(r.footprintId, g);
  }
  // Attendance leaves the sets only as disclosure-controlled counts (trust.md).
  return json({
    ...range,
    footprints,
    footprintId: footprintId ?? "",
    groups: [...groups.values()].map((g) => ({
      footprint: g.footprint,
      attendedTotal: showCount(g.attended),
      meetings: g.meetings.map((m) => ({
        id: m.id,
        cohortName: m.cohortName,
        startsAt: m.startsAt,
        endsAt: m.endsAt,
        status: m.status,
        attended: m.recorded ? showCount(m.attended) : "Not recorded",
      })),
    })),
  });
}

export default function AdminMeetings() {
  const data = useLoaderData<typeof loader>();
  const query = (month: string) => `?month=${month}${data.footprintId ? `&footprint=${data.footprintId}` : ""}`;
  return (
    <>
      <h1>Meetings in {data.label}</h1>
      <Form method="get" className="app-filter">
        <input type="hidden" name="month" value={data.month} />
        <SelectField name="footprint" label="Footprint" placeholder="All footprints" options={data.footprints} defaultValue={data.footprintId} />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button">
          Show meetings
        </button>
      </Form>
      <nav className="nhsuk-pagination" role="navigation" aria-label="Months">
        <ul className="nhsuk-list nhsuk-pagination__list">
          <li className="nhsuk-pagination-item--previous">
            <Link className="nhsuk-pagination__link nhsuk-pagination__link--prev" to={query(data.previous)}>
              <span className="nhsuk-pagination__title">Previous month</span>
            </Link>
          </li>
          <li className="nhsuk-pagination-item--next">
            <Link className="nhsuk-pagination__link nhsuk-pagination__link--next" to={query(data.next)}>
              <span className="nhsuk-pagination__title">Next month</span>
            </Link>
          </li>
        </ul>
      </nav>
      {data.groups.length === 0 ? <p>No meetings in {data.label}.</p> : null}
      {data.groups.map((g) => (
        <section key={g.footprint} aria-label={g.footprint}>
          <h2>{g.footprint}</h2>
          <TableWrap label={`Meetings in ${g.footprint}, ${data.label}`}>
            <table className="nhsuk-table">
              <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">
                Meetings in {g.footprint}, {data.label}
              </caption>
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  <th scope="col" className="nhsuk-table__header">Date</th>
                  <th scope="col" className="nhsuk-table__header">Time</th>
                  <th scope="col" className="nhsuk-table__header">Cohort</th>
                  <th scope="col" className="nhsuk-table__header">Status</th>
                  <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Attended</th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {g.meetings.map((m) => (
                  <tr className="nhsuk-table__row" key={m.id}>
                    <td className="nhsuk-table__cell">{formatMeetingDay(m.startsAt)}</td>
                    <td className="nhsuk-table__cell app-nowrap">{formatTimeRange(m.startsAt, m.endsAt)}</td>
                    <td className="nhsuk-table__cell">{m.cohortName}</td>
                    <td className="nhsuk-table__cell">{m.status === "cancelled" ? "Cancelled" : "Scheduled"}</td>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{m.attended}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <p className="nhsuk-body-s">Attended across these meetings: {g.attendedTotal}.</p>
        </section>
      ))}
      <p className="nhsuk-body-s">
        Attendance counts from 1 to 7 are shown as &lt;8 and others are rounded to the nearest 5, so no one can be picked
        out. Facilitators see who attended.
      </p>
    </>
  );
}
