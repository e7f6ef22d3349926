import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CheckboxesField, RadiosField, SubmitButton, SuccessBanner, TextareaField, TextField, ValidatedForm } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import {
  cancelMeeting,
  changeMeeting,
  confirmAttendance,
  JOIN_OPENS_MINUTES,
  meetingDetail,
  meetingRole,
  respondToMeeting,
} from "~/models/meetings.server";
import { AttendanceSchema, CancelMeetingSchema, ChangeMeetingSchema, minutesBetween, RespondSchema } from "~/schemas/meetings";
import { forbidden, requireUser } from "~/server/guards.server";
import { fieldError, formError, invalid, readFormData } from "~/server/request.server";
import { formatMeetingDay, formatTimeRange } from "~/utils/dates";
import { validateForm } from "~/utils/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.meeting.cohortName}, ${formatMeetingDay(data.meeting.startsAt)} - CLN Action Learning Sets` : "Meeting - CLN Action Learning Sets" },
];

async function guard(request: Request, meetingId: string) {
  const user = await requireUser(request);
  // The same answer for "no such meeting" and "not your set".
  const role = meetingRole(user, meetingId);
  if (!role) throw forbidden();
  return { user, role };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, role } = await guard(request, params.meetingId ?? "");
  const meeting = meetingDetail(params.meetingId ?? "", role, user.id);
  if (!meeting) throw forbidden();
  const now = Date.now();
  // Worked out here: JOIN_OPENS_MINUTES lives in a .server module, which the browser bundle does not have.
  const joinable = meeting.status === "scheduled" && now >= meeting.startsAt - JOIN_OPENS_MINUTES * 60_000 && now < meeting.endsAt;
  return json({ role, meeting, now, joinable });
}

const NOTICES: Record<string, string> = {
  answered: "Thank you. Your answer is saved and your facilitator can see it.",
  changed: "The meeting is changed. Members will get an email and their calendars will update.",
  cancelled: "The meeting is cancelled. Members will get an email.",
  attendance: "Attendance is saved.",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const meetingId = params.meetingId ?? "";
  const { user, role } = await guard(request, meetingId);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const actor = { id: user.id, roles: user.roles, ip: context.ip };
  const now = Date.now();
  const back = (notice: string) => redirect(`/meetings/${meetingId}?notice=${notice}`);

  if (intent === "respond") {
    if (role !== "member") throw forbidden("Only members of this set answer invitations");
    const result = validateForm(RespondSchema, formData);
    if (!result.ok) return invalid(result);
    const outcome = respondToMeeting({ meetingId, userId: user.id, response: result.data.response, reason: result.data.reason, now });
    return outcome.ok ? back("answered") : formError(outcome.message, result.values, 409);
  }
  // Everything below is for the set's facilitators only.
  if (role !== "facilitator" && !(role === "admin" && intent !== "attendance")) throw forbidden("Only the set's facilitators can do this");
  if (intent === "change") {
    const result = validateForm(ChangeMeetingSchema, formData);
    if (!result.ok) return invalid(result);
    const { date, startTime, endTime, videoUrl, applyToRest } = result.data;
    const outcome = changeMeeting({
      meetingId,
      change: { date, startTime, durationMinutes: minutesBetween(startTime, endTime), videoUrl },
      applyToRest: applyToRest.includes("yes"),
      actor,
      now,
    });
    if (!outcome.ok) {
      if (outcome.field === "form") return formError(outcome.message, result.values, 409);
      return fieldError(outcome.field === "durationMinutes" ? "endTime" : outcome.field, outcome.message, result.values);
    }
    return back("changed");
  }
  if (intent === "cancel") {
    const result = validateForm(CancelMeetingSchema, formData);
    if (!result.ok) return invalid(result);
    const outcome = cancelMeeting({ meetingId, reason: result.data.reason, actor, now });
    return outcome.ok ? back("cancelled") : formError(outcome.message, result.values, 409);
  }
  if (intent === "attendance") {
    const result = validateForm(AttendanceSchema, formData);
    if (!result.ok) return invalid(result);
    const outcome = confirmAttendance({ meetingId, attendedIds: result.data.attended, actor, now });
    return outcome.ok ? back("attendance") : formError(outcome.message, result.values, 409);
  }
  return formError("This form was sent with an unknown action. Reload the page and try again.");
}

export default function Meeting() {
  const { role, meeting, now, joinable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = params.get("notice");
  const upcoming = meeting.status === "scheduled" && meeting.startsAt > now;
  const started = meeting.startsAt <= now;
  return (
    <>
      <Link to={`/cohorts/${meeting.cohortId}`} className="nhsuk-back-link">
        Back to {meeting.cohortName}
      </Link>
      {notice && NOTICES[notice] ? <SuccessBanner>{NOTICES[notice]}</SuccessBanner> : null}
      <span className="nhsuk-caption-l">{meeting.cohortName}</span>
      <h1>{formatMeetingDay(meeting.startsAt)}</h1>
      {meeting.status === "cancelled" ? (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>This meeting is cancelled
            </span>
          </h2>
          <p>{meeting.cancelReason}</p>
        </div>
      ) : null}
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Time</dt>
          <dd className="nhsuk-summary-list__value">{formatTimeRange(meeting.startsAt, meeting.endsAt)} (UK time)</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Video link</dt>
          <dd className="nhsuk-summary-list__value app-break-anywhere">{meeting.videoUrl}</dd>
        </div>
      </dl>
      {joinable ? (
        <div className="nhsuk-button-group">
          {role === "member" || role === "facilitator" ? (
            <Link className="nhsuk-button" to={`/meetings/${meeting.id}/live`}>
              Open the live meeting
            </Link>
          ) : null}
          <a className={`nhsuk-button${role === "member" || role === "facilitator" ? " nhsuk-button--secondary" : ""}`} href={meeting.videoUrl} rel="noopener noreferrer">
            Join the meeting
          </a>
        </div>
      ) : meeting.status === "scheduled" && !started ? (
        <p>The join button appears here 15 minutes before the meeting starts.</p>
      ) : null}
      {role === "admin" ? null : (
        // The calendar file is for the set's own people (admins are not in the meeting).
        <p>
          <a href={`/meetings/${meeting.id}/calendar.ics`} download>
            Add this meeting to your calendar (.ics file)
          </a>
        </p>
      )}

      {role === "member" && upcoming ? (
        <section aria-labelledby="answer-heading">
          <h2 id="answer-heading">Can you attend?</h2>
          {meeting.myResponse ? (
            <p>
              You said: <strong>{meeting.myResponse === "attending" ? "I will attend" : "I send my apologies"}</strong>. You can change your answer.
            </p>
          ) : null}
          <ValidatedForm schema={RespondSchema} result={result}>
            <RadiosField
              name="response"
              legend="Your answer"
              defaultValue={meeting.myResponse ?? undefined}
              options={[
                { value: "attending", label: "I will attend" },
                { value: "apologies", label: "I send my apologies" },
              ]}
            />
            <TextareaField name="reason" label="Reason for apologies (optional)" hint="Only your facilitator sees this." defaultValue={meeting.myReason ?? undefined} rows={3} />
            <SubmitButton intent="respond">Save my answer</SubmitButton>
          </ValidatedForm>
        </section>
      ) : null}

      {role === "facilitator" ? <FacilitatorSections meeting={meeting} result={result} upcoming={upcoming} started={started} /> : null}
      {role === "admin" ? <AdminSections meeting={meeting} result={result} upcoming={upcoming} /> : null}
    </>
  );
}

type Detail = ReturnType<typeof useLoaderData<typeof loader>>["meeting"];

function AdminSections({ meeting, result, upcoming }: { meeting: Detail; result: unknown; upcoming: boolean }) {
  const all = result as (Parameters<typeof ValidatedForm>[0]["result"] & { values?: { intent?: unknown } }) | undefined;
  const resFor = (intent: string) => (all?.values?.intent === intent ? all : undefined);
  return (
    <>
      <p>As an admin you can see when this set meets and change or cancel a meeting, not who is coming or why.</p>
      {upcoming && !meeting.archivedAt ? <ChangeOrCancel meeting={meeting} resFor={resFor} /> : null}
    </>
  );
}

function FacilitatorSections({ meeting, result, upcoming, started }: { meeting: Detail; result: unknown; upcoming: boolean; started: boolean }) {
  // Each form shows only its own errors: the answer says which button sent it.
  const all = result as (Parameters<typeof ValidatedForm>[0]["result"] & { values?: { intent?: unknown } }) | undefined;
  const resFor = (intent: string) => (all?.values?.intent === intent ? all : undefined);
  // Members who joined the live meeting (the facilitators join too, but are not on this list).
  const joinedMembers = meeting.members.filter((m) => meeting.joined.includes(m.id)).map((m) => m.id);
  const answered = (r: "attending" | "apologies" | null) => (r === "attending" ? "Attending" : r === "apologies" ? "Apologies" : "No answer yet");
  return (
    <>
      {started && meeting.status === "scheduled" ? (
        <p>
          <Link to={`/meetings/${meeting.id}/share`}>Review this meeting's actions and report-backs for sharing beyond the set</Link>
        </p>
      ) : null}
      <h2>Members' answers</h2>
      <TableWrap label="Members' answers">
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Members' answers</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">Member</th>
              <th scope="col" className="nhsuk-table__header">Answer</th>
              <th scope="col" className="nhsuk-table__header">Reason (only you see this)</th>
              {meeting.attendanceConfirmedAt ? <th scope="col" className="nhsuk-table__header">Attended</th> : null}
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {meeting.members.map((m) => (
              <tr className="nhsuk-table__row" key={m.id}>
                <td className="nhsuk-table__cell">{m.name}</td>
                <td className="nhsuk-table__cell">{answered(m.response)}</td>
                <td className="nhsuk-table__cell">{m.reason ?? ""}</td>
                {meeting.attendanceConfirmedAt ? <td className="nhsuk-table__cell">{m.attended ? "Yes" : "No"}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      {started && meeting.status === "scheduled" ? (
        <section aria-labelledby="attendance-heading">
          <h2 id="attendance-heading">Who attended</h2>
          <ValidatedForm schema={AttendanceSchema} result={resFor("attendance")}>
            <CheckboxesField
              name="attended"
              legend="Tick everyone who attended"
              hint={
                meeting.attendanceConfirmedAt
                  ? "Attendance was saved; you can correct it."
                  : joinedMembers.length
                    ? "Ticked from who joined the live meeting; correct it before saving."
                    : "Ticked from members' answers; correct it before saving."
              }
              options={meeting.members.map((m) => ({ value: m.id, label: m.name }))}
              defaultValue={
                meeting.attendanceConfirmedAt
                  ? meeting.members.filter((m) => m.attended).map((m) => m.id)
                  : joinedMembers.length
                    ? joinedMembers
                    : meeting.members.filter((m) => m.response === "attending").map((m) => m.id)
              }
            />
            <SubmitButton intent="attendance">Save attendance</SubmitButton>
          </ValidatedForm>
        </section>
      ) : null}

      {upcoming && !meeting.archivedAt ? <ChangeOrCancel meeting={meeting} resFor={resFor} /> : null}
    </>
  );
}

/** Changing or cancelling an upcoming meeting: for the set's facilitators, and for admins (who schedule too). */
function ChangeOrCancel({ meeting, resFor }: { meeting: Detail; resFor: (intent: string) => Parameters<typeof ValidatedForm>[0]["result"] }) {
  return (
    <>
      <section aria-labelledby="change-heading">
        <h2 id="change-heading">Change this meeting</h2>
        <ValidatedForm schema={ChangeMeetingSchema} result={resFor("change")}>
          <TextField name="date" label="Date" type="date" defaultValue={meeting.date} />
          <TextField name="startTime" label="Start time" width={5} defaultValue={meeting.startTime} hint="24-hour clock, for example 14:00" />
          <TextField name="endTime" label="End time" width={5} defaultValue={endTime(meeting.startTime, meeting.durationMinutes)} />
          <TextField name="videoUrl" label="Video link" type="url" defaultValue={meeting.videoUrl} spellCheck={false} />
          {meeting.seriesId ? (
            <CheckboxesField
              name="applyToRest"
              legend="Later meetings"
              options={[{ value: "yes", label: "Also use this time and video link for every later meeting in this series (each keeps its own date)" }]}
            />
          ) : null}
          <SubmitButton intent="change">Save changes</SubmitButton>
        </ValidatedForm>
      </section>
      <section aria-labelledby="cancel-heading">
        <h2 id="cancel-heading">Cancel this meeting</h2>
        <ValidatedForm schema={CancelMeetingSchema} result={resFor("cancel")}>
          <TextareaField name="reason" label="Why is it cancelled?" hint="Members see this in their email and calendar." rows={3} />
          <SubmitButton intent="cancel" warning busyText="Cancelling…">
            Cancel meeting
          </SubmitButton>
        </ValidatedForm>
      </section>
    </>
  );
}

function endTime(start: string, minutes: number) {
  const [h, m] = start.split(":").map(Number);
  const total = h * 60 + m + minutes;
  return `${String(Math.floor(total / 60) % 24).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}
