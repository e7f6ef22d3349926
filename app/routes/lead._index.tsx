import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { CohortList } from "~/components/cohort-list";
import { SuccessBanner } from "~/components/form";
import { MeetingList } from "~/components/meeting-list";
import { YouSaidWeDid } from "~/components/you-said-we-did";
import { myActions } from "~/models/actions.server";
import { leadOrganisations } from "~/models/alignment.server";
import { footprintsOfPerson, interventionsInPlaceFor } from "~/models/gaps.server";
import { JOIN_OPENS_MINUTES, leadMeetings } from "~/models/meetings.server";
import { cohortsOf } from "~/models/overview.server";
import { requireRole } from "~/server/guards.server";
import { formatMeetingDay, formatTimeRange } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Your action learning sets - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "clinical_lead");
  const now = Date.now();
  const { upcoming, past } = leadMeetings(user.id, now);
  const openActions = myActions(user.id).filter((a) => a.status === "open").length;
  const leadsAssessment = leadOrganisations(user.id).length > 0;
  return json({ name: user.name, leadsAssessment, cohorts: cohortsOf(user.id).member, upcoming, past, now, openActions, interventions: interventionsInPlaceFor(footprintsOfPerson(user.id)) });
}

export default function LeadHome() {
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const next = data.upcoming.find((m) => m.status === "scheduled");
  const joinable = next && data.now >= next.startsAt - JOIN_OPENS_MINUTES * 60_000;
  return (
    <>
      {params.has("welcome") ? <SuccessBanner>Welcome. Your account is ready.</SuccessBanner> : null}
      <h1>Your action learning sets</h1>
      <p className="nhsuk-lede-text">Hello {data.name}.</p>
      <p>
        <Link to="/wellbeing">Wellbeing</Link>: your private wellbeing check, your answers over time and where to get support.
      </p>
      <h2>Your next meeting</h2>
      {next ? (
        <div className="nhsuk-card">
          <div className="nhsuk-card__content">
            <h3 className="nhsuk-card__heading">
              <Link to={`/meetings/${next.id}`}>{formatMeetingDay(next.startsAt)}</Link>
            </h3>
            <p className="nhsuk-card__description">
              {formatTimeRange(next.startsAt, next.endsAt)}, {next.cohortName}.{" "}
              {next.response === "attending" ? "You said you will attend." : next.response === "apologies" ? "You sent your apologies." : "You have not answered yet."}
            </p>
            {joinable ? (
              <a className="nhsuk-button" href={next.videoUrl} rel="noopener noreferrer">
                Join the meeting
              </a>
            ) : (
              <p className="nhsuk-body-s">The join button appears 15 minutes before the start.</p>
            )}
            <p>
              <Link to={`/meetings/${next.id}`}>{next.response ? "Change your answer" : "Say whether you can attend"}</Link>
            </p>
          </div>
        </div>
      ) : (
        <p>No meetings are scheduled yet. Your facilitator will schedule them.</p>
      )}
      {data.upcoming.length > 1 ? (
        <>
          <h2>Coming up</h2>
          <MeetingList meetings={data.upcoming.filter((m) => m.id !== next?.id)} empty="" label="Later meetings" showCohort showAnswer />
        </>
      ) : null}
      {data.past.length ? (
        <>
          <h2>Past meetings</h2>
          <MeetingList meetings={data.past} empty="" label="Past meetings" showCohort />
        </>
      ) : null}
      <YouSaidWeDid interventions={data.interventions} />
      <h2>Your actions</h2>
      <p>
        {data.openActions === 0 ? "You have no open actions." : data.openActions === 1 ? "You have 1 open action." : `You have ${data.openActions} open actions.`}{" "}
        <Link to="/actions">See and update your actions</Link>
      </p>
      <h2>Your sets</h2>
      <CohortList cohorts={data.cohorts} empty="You are not in a set yet. Your CLN admin adds you to a cohort." />
      {data.leadsAssessment ? (
        <p>
          <Link to="/alignment">Self-assessment: your organisation against the recommendations</Link>
        </p>
      ) : null}
      <p>
        <Link to="/account">Add all your meetings to Outlook with your calendar link</Link>
      </p>
    </>
  );
}
