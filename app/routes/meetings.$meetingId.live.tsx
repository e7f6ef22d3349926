/**
 * The live meeting: everyone in the set on one page while the facilitator
 * moves the set through its rounds. The meeting itself runs over Socket.IO
 * (app/hooks/use-live-meeting.ts); this route only checks who is asking,
 * hands the page the meeting's basics and keeps the facilitators' private notes.
 *
 * Only the set's facilitators and members: CLN admins manage cohorts but
 * in-set content is not theirs (trust.md), so they get 403 here.
 */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { LiveMeeting } from "~/components/live/live-meeting";
import { LIMITS } from "~/domain/live/types";
import { readMeetingNotes, saveMeetingNotes } from "~/models/meeting-notes.server";
import { footprintsOfCohort, interventionsInPlaceFor } from "~/models/gaps.server";
import { meetingDetail, meetingRole } from "~/models/meetings.server";
import { forbidden, requireUser } from "~/server/guards.server";
import { formError, invalid, readFormData } from "~/server/request.server";
import { validateForm } from "~/utils/forms";
import { phq4FromForm, WellbeingAnswerSchema, WellbeingChoiceSchema } from "~/domain/wellbeing";
import { giveConsent, liveWellbeingFor, recordAnswer, withdrawConsent } from "~/models/wellbeing.server";

const NotesSchema = z.strictObject({
  notes: z
    .string({ error: "Write your notes" })
    // Browsers send a textarea's line breaks as CRLF; count and keep them as the person typed them.
    .transform((text) => text.replace(/\r\n?/g, "\n"))
    .pipe(z.string().max(LIMITS.note, `Notes must be ${LIMITS.note.toLocaleString("en-GB")} characters or fewer`)),
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Live meeting: ${data.meeting.cohortName} - CLN Action Learning Sets` : "Live meeting - CLN Action Learning Sets" },
];

async function guard(request: Request, meetingId: string) {
  const user = await requireUser(request);
  // The same answer for "no such meeting", "not your set" and "an admin".
  const role = meetingRole(user, meetingId);
  if (role !== "facilitator" && role !== "member") throw forbidden();
  return { user, role };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const meetingId = params.meetingId ?? "";
  const { user, role } = await guard(request, meetingId);
  const detail = meetingDetail(meetingId, role, user.id);
  if (!detail) throw forbidden();
  return json({
    meeting: {
      id: detail.id,
      cohortName: detail.cohortName,
      startsAt: detail.startsAt,
      endsAt: detail.endsAt,
      videoUrl: detail.videoUrl,
      status: detail.status,
      interventions: interventionsInPlaceFor(footprintsOfCohort(detail.cohortId)),
    },
    viewer: { userId: user.id, name: user.name, role },
    notes: role === "facilitator" ? readMeetingNotes(meetingId) : null,
    // The person's own wellbeing check (members only): never anyone else's, never over the socket.
    wellbeing: liveWellbeingFor(user.id, meetingId, role),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const meetingId = params.meetingId ?? "";
  const { user, role } = await guard(request, meetingId);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  if (intent === "wellbeing" || intent === "wellbeing-choice") {
    // Each person's own check: the person comes from the session, and only members answer it.
    if (role !== "member") throw forbidden("The wellbeing check is for the set's members");
    return wellbeingAction(intent, formData, user.id, meetingId);
  }
  if (role !== "facilitator") throw forbidden("Only the set's facilitators keep notes");
  if (intent !== "save-notes") return formError("This form was sent with an unknown action. Reload the page and try again.");
  const result = validateForm(NotesSchema, formData);
  if (!result.ok) return invalid(result);
  const saved = saveMeetingNotes({ meetingId, text: result.data.notes, userId: user.id, now: Date.now() });
  if (!saved.ok) return formError(saved.message, result.values);
  return json({ ok: true as const, savedAt: saved.updatedAt });
}

function wellbeingAction(intent: "wellbeing" | "wellbeing-choice", formData: FormData, userId: string, meetingId: string) {
  const now = Date.now();
  if (intent === "wellbeing-choice") {
    const result = validateForm(WellbeingChoiceSchema, formData);
    if (!result.ok) return invalid(result);
    const { choice } = result.data;
    if (choice === "take-part") giveConsent(userId, now);
    else if (choice === "withdraw") withdrawConsent(userId, now);
    else if (choice === "delete-answers") return formError("Delete your answers from your wellbeing page.");
    return json({ ok: true as const, wellbeing: choice });
  }
  const result = validateForm(WellbeingAnswerSchema, formData);
  if (!result.ok) return invalid(result);
  const saved = recordAnswer({ userId, meetingId, arrival: result.data.arrival, phq4: phq4FromForm(result.data), now });
  if (!saved.ok) return formError(saved.message, result.values, saved.status);
  return json({ ok: true as const, wellbeing: "saved" as const });
}

export default function LiveMeetingPage() {
  const { meeting, viewer, notes, wellbeing } = useLoaderData<typeof loader>();
  return <LiveMeeting meeting={meeting} viewer={viewer} notes={notes} wellbeing={wellbeing} />;
}
