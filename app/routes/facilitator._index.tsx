import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { facilitatorCohortsWithNext } from "~/models/meetings.server";
import { requireRole } from "~/server/guards.server";
import { formatDay, formatMeetingDay, formatTimeRange } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Your sets - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "facilitator");
  return json({ name: user.name, cohorts: facilitatorCohortsWithNext(user.id, Date.now()) });
}

export default function FacilitatorHome() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Your sets</h1>
      <p className="nhsuk-lede-text">Hello {data.name}. These are the cohorts you facilitate.</p>
      <p>
        <Link to="/facilitator/calendar">See all your meetings by month</Link>
      </p>
      <h2>Cohorts you facilitate</h2>
      {data.cohorts.length === 0 ? (
        <p>You are not facilitating a cohort yet. A CLN admin adds you when a cohort is set up.</p>
      ) : (
        <ul className="nhsuk-grid-row nhsuk-card-group">
          {data.cohorts.map((c) => (
            <li className="nhsuk-grid-column-one-half nhsuk-card-group__item" key={c.id}>
              <div className="nhsuk-card">
                <div className="nhsuk-card__content">
                  <h3 className="nhsuk-card__heading nhsuk-heading-m">
                    <Link to={`/cohorts/${c.id}`}>{c.name}</Link>
                  </h3>
                  <p className="nhsuk-card__description">
                    {c.footprint}. Term {formatDay(c.termStart)} to {formatDay(c.termEnd)}
                    {c.archivedAt ? " (archived)" : ""}.
                  </p>
                  {c.next ? (
                    <p>
                      Next meeting:{" "}
                      <Link to={`/meetings/${c.next.id}`}>
                        {formatMeetingDay(c.next.startsAt)}, {formatTimeRange(c.next.startsAt, c.next.endsAt)}
                      </Link>
                      <br />
                      {c.rsvp.attending} attending, {c.rsvp.apologies} apologies, {c.rsvp.noAnswer} not answered
                    </p>
                  ) : c.archivedAt ? null : (
                    <p>
                      No meetings scheduled. <Link to={`/cohorts/${c.id}/schedule`}>Schedule meetings<span className="nhsuk-u-visually-hidden"> for {c.name}</span></Link>
                    </p>
                  )}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
