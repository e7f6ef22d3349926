import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MeetingList } from "~/components/meeting-list";
import { facilitatorMeetingsBetween } from "~/models/meetings.server";
import { requireRole } from "~/server/guards.server";
import { monthRange } from "~/utils/months";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Your meetings in ${data?.label ?? "a month"} - CLN Action Learning Sets` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "facilitator");
  const range = monthRange(new URL(request.url).searchParams.get("month"), Date.now());
  return json({ ...range, meetings: facilitatorMeetingsBetween(user.id, range.from, range.to) });
}

export default function FacilitatorCalendar() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <Link to="/facilitator" className="nhsuk-back-link">
        Back to your sets
      </Link>
      <h1>Your meetings in {data.label}</h1>
      <nav className="nhsuk-pagination" role="navigation" aria-label="Months">
        <ul className="nhsuk-list nhsuk-pagination__list">
          <li className="nhsuk-pagination-item--previous">
            <Link className="nhsuk-pagination__link nhsuk-pagination__link--prev" to={`?month=${data.previous}`}>
              <span className="nhsuk-pagination__title">Previous month</span>
            </Link>
          </li>
          <li className="nhsuk-pagination-item--next">
            <Link className="nhsuk-pagination__link nhsuk-pagination__link--next" to={`?month=${data.next}`}>
              <span className="nhsuk-pagination__title">Next month</span>
            </Link>
          </li>
        </ul>
      </nav>
      <MeetingList meetings={data.meetings} empty={`You have no meetings in ${data.label}.`} label={`Meetings in ${data.label}`} showCohort />
    </>
  );
}
