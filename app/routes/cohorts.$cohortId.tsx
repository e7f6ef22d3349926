import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { SuccessBanner } from "~/components/form";
import { MeetingList } from "~/components/meeting-list";
import { YouSaidWeDid } from "~/components/you-said-we-did";
import { footprintsOfCohort, interventionsInPlaceFor } from "~/models/gaps.server";
import { cohortAttendance, cohortMeetings } from "~/models/meetings.server";
import { TableWrap } from "~/components/table-wrap";
import { PROFESSION_LABELS } from "~/domain/labels";
import { cohortAccess, cohortRoster } from "~/models/overview.server";
import { forbidden, requireUser } from "~/server/guards.server";
import { formatDay } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.cohort.name ?? "Cohort"} - CLN Action Learning Sets` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const cohortId = params.cohortId ?? "";
  // Same answer for "no such cohort" and "not yours", so ids cannot be probed.
  // Admins see who is in a set and when it meets (they manage both), never attendance by person.
  const access = cohortAccess(user.id, cohortId) ?? (user.roles.includes("admin") ? ("admin" as const) : null);
  if (!access) throw forbidden();
  const cohort = cohortRoster(cohortId);
  if (!cohort) throw forbidden();
  const now = Date.now();
  const all = cohortMeetings(cohortId);
  return json({
    access,
    cohort,
    now,
    upcoming: all.filter((m) => m.endsAt > now),
    past: all.filter((m) => m.endsAt <= now).reverse(),
    // Per-person attendance is for the set's facilitators only.
    attendance: access === "facilitator" ? cohortAttendance(cohortId) : [],
    interventions: interventionsInPlaceFor(footprintsOfCohort(cohortId)),
  });
}

export default function Cohort() {
  const { cohort, access, upcoming, past, attendance, interventions } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("notice") === "scheduled" ? (
        <SuccessBanner>
          {params.get("count") ?? "The"} meetings are scheduled. Members will get an email with the dates and can add them to their calendars.
        </SuccessBanner>
      ) : null}
      <h1>{cohort.name}</h1>
      <p className="nhsuk-lede-text">
        {cohort.footprint}. Programme term {formatDay(cohort.termStart)} to {formatDay(cohort.termEnd)}.
        {cohort.archivedAt ? " This cohort has finished and is archived." : ""}
      </p>
      <YouSaidWeDid interventions={interventions} />
      <h2>Meetings</h2>
      {access !== "member" && !cohort.archivedAt ? (
        <p>
          <Link to={`/cohorts/${cohort.id}/schedule`} className="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" role="button">
            Schedule meetings
          </Link>
        </p>
      ) : null}
      <MeetingList meetings={upcoming} empty="No meetings are scheduled yet." label={`Upcoming meetings of ${cohort.name}`} />
      {past.length ? (
        <details className="nhsuk-details">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Past meetings ({past.length})</span>
          </summary>
          <div className="nhsuk-details__text">
            <MeetingList meetings={past} empty="" label={`Past meetings of ${cohort.name}`} />
          </div>
        </details>
      ) : null}
      {access !== "admin" ? (
        <>
          <h2>Actions</h2>
          <p>
            <Link to={`/cohorts/${cohort.id}/actions`}>The actions committed in this set and how they are going</Link>
          </p>
        </>
      ) : null}
      {attendance.length ? (
        <>
          <h2>Attendance</h2>
          <TableWrap label="Attendance by member">
            <table className="nhsuk-table">
              <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Attendance by member</caption>
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  <th scope="col" className="nhsuk-table__header">Member</th>
                  <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Attended</th>
                  <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Meetings recorded</th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {attendance.map((a) => (
                  <tr className="nhsuk-table__row" key={a.name}>
                    <td className="nhsuk-table__cell">{a.name}</td>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{a.attended}</td>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{a.recorded}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : null}
      <h2>Facilitators</h2>
      <ul className="nhsuk-list">
        {cohort.facilitators.map((f) => (
          <li key={f.id}>{f.name}</li>
        ))}
      </ul>
      <h2>Members</h2>
      <TableWrap label={`Members of ${cohort.name}`}>
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Members of {cohort.name}</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">Name</th>
              <th scope="col" className="nhsuk-table__header">Profession</th>
              <th scope="col" className="nhsuk-table__header">Organisation</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {cohort.members.map((m) => (
              <tr className="nhsuk-table__row" key={m.id}>
                <td className="nhsuk-table__cell">{m.name}</td>
                <td className="nhsuk-table__cell">{PROFESSION_LABELS[m.profession]}</td>
                <td className="nhsuk-table__cell">{m.organisation ?? "Not recorded"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}
