/**
 * GET /meetings/:meetingId/calendar.ics: one meeting as an iCalendar file, for
 * its facilitators and current members. An unknown id and someone else's
 * meeting get the same 403, so ids cannot be probed.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { format } from "date-fns";
import { TZDate } from "@date-fns/tz";
import { meetingForDownload } from "~/models/calendar.server";
import { CALENDAR_TIMEZONE, meetingsToIcs } from "~/server/calendar.server";
import { forbidden, requireUser } from "~/server/guards.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const meeting = meetingForDownload(user.id, params.meetingId ?? "");
  if (!meeting) throw forbidden();
  const day = format(new TZDate(meeting.startsAt, CALENDAR_TIMEZONE), "yyyy-MM-dd");
  return new Response(meetingsToIcs([meeting], { name: `${meeting.cohortName}: action learning set` }), {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="cln-als-meeting-${day}.ics"`,
      "Cache-Control": "no-store",
    },
  });
}
