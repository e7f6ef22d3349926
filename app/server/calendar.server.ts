/**
 * iCalendar (RFC 5545) for meetings: the single-meeting download and each
 * person's subscription feed. Takes plain meeting data and returns text, so it
 * can be tested without a database. See docs/decisions/0006-calendar-feeds.md.
 */
import { TZDate } from "@date-fns/tz";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import type { MeetingStatus } from "~db/enums";
import { env } from "./context.server";

export const CALENDAR_TIMEZONE = "Europe/London";

export type CalendarMeeting = {
  id: string;
  /** Epoch ms. */
  startsAt: number;
  endsAt: number;
  videoUrl: string;
  status: MeetingStatus;
  cancelReason: string | null;
  /** iCalendar SEQUENCE, kept by the scheduling code: up by one on each change. */
  sequence: number;
  cohortName: string;
  facilitator: { name: string; email: string };
  updatedAt: number | null;
  createdAt: number;
};

/** The UID a calendar app files a meeting under: never changes, whatever is changed about the meeting. */
export const meetingUid = (meetingId: string) => `meeting-${meetingId}@cln-als`;

export function meetingsToIcs(
  meetings: CalendarMeeting[],
  opts: {
    name: string;
    /** Where meeting pages live; defaults to the app's APP_ORIGIN. */
    origin?: string;
    /** Asks calendar apps that honour it to fetch again after this long (feeds only). */
    refreshSeconds?: number;
  },
): string {
  const origin = (opts.origin ?? env().APP_ORIGIN).replace(/\/+$/, "");
  const calendar = ical({
    name: opts.name,
    prodId: { company: "NHS Clinical Leaders Network", product: "Action Learning Sets", language: "EN" },
    // A published schedule, not an invitation: apps add or update events, they send no replies.
    method: ICalCalendarMethod.PUBLISH,
    // The Europe/London VTIMEZONE is generated from the events' own zone. The calendar
    // is given no zone name while it has events: ical-generator would then write DTSTAMP,
    // CREATED and LAST-MODIFIED as floating London times, and RFC 5545 wants them in UTC.
    // An empty feed names the zone, so it still holds one component (a bare VCALENDAR
    // is invalid, and some apps refuse to subscribe to it).
    timezone: { name: meetings.length ? null : CALENDAR_TIMEZONE, generator: getVtimezoneComponent },
    ttl: opts.refreshSeconds ?? null,
  });

  for (const m of meetings) {
    const cancelled = m.status === "cancelled";
    const page = `${origin}/meetings/${m.id}`;
    const lines = cancelled
      ? [
          "This meeting has been cancelled.",
          ...(m.cancelReason ? [`Reason: ${m.cancelReason}`] : []),
          "",
          `Meeting page: ${page}`,
        ]
      : [`Join the video call: ${m.videoUrl}`, "", `Meeting page: ${page}`];
    const changed = m.updatedAt ?? m.createdAt;
    calendar.createEvent({
      id: meetingUid(m.id),
      sequence: m.sequence,
      // TZDate, not Date: ical-generator reads a plain Date's wall-clock in the
      // server's own zone, which need not be London.
      start: new TZDate(m.startsAt, CALENDAR_TIMEZONE),
      end: new TZDate(m.endsAt, CALENDAR_TIMEZONE),
      timezone: CALENDAR_TIMEZONE,
      summary: `${cancelled ? "Cancelled: " : ""}${m.cohortName}: action learning set`,
      description: lines.join("\n"),
      location: m.videoUrl,
      url: m.videoUrl,
      organizer: { name: m.facilitator.name, email: m.facilitator.email },
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      // When this version of the meeting was made, so the same version always reads the same.
      stamp: new Date(changed),
      created: new Date(m.createdAt),
      lastModified: new Date(changed),
    });
  }
  return calendar.toString();
}
