import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { leadOrganisations } from "~/models/alignment.server";
import { facilitatorCohortsWithNext } from "~/models/meetings.server";
import { meetingsToReview } from "~/models/sharing.server";
import { requireRole } from "~/server/guards.server";
import { formatDay, formatMeetingDay, formatTimeRange } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Your sets - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "facilitator");
  const now = Date.now();
  return json({ name: user.name, cohorts: facilitatorCohortsWithNext(user.id, now), toReview: meetingsToReview(user.id, now), leadsAssessment: leadOrganisations(user.id).length > 0 });
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
      {data.toReview.length ? (
        <section aria-labelledby="review-heading">
          <h2 id="review-heading">To review for sharing</h2>
          <p>Actions and report-backs from these meetings are waiting for you to choose what, de-identified, may leave the set.</p>
          <ul>
            {data.toReview.map((m) => (
              <li key={m.meetingId}>
                <Link to={`/meetings/${m.meetingId}/share`}>
                  {m.cohortName}, {formatMeetingDay(m.startsAt)}
                </Link>{" "}
                ({m.undecided} to decide)
              </li>
            ))}
          </ul>
        </section>
      ) : null}
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
      {data.leadsAssessment ? (
        <p>
          <Link to="/alignment">Self-assessment: your organisation against the recommendations</Link>
        </p>
      ) : null}
    </>
  );
}
