/**
 * The words of the scheduling emails (reminders and notices) that the job
 * runner sends. Plain text: Notify renders it. Times are Europe/London
 * wall-clock, as the people reading them live by it.
 */
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import type { JobKind } from "~db/enums";
import { LONDON } from "~/utils/dates";
import { env } from "./context.server";

export type MeetingForEmail = { id: string; startsAt: number; endsAt: number; videoUrl: string };

export type MeetingEmailContext = {
  recipientName: string;
  cohortName: string;
  meeting: MeetingForEmail;
  /** meeting_cancelled: the reason the facilitator gave. */
  reason?: string | null;
  /** meeting_changed: when it was before the change, if known. */
  previous?: { startsAt: number; endsAt: number } | null;
};

export type SeriesEmailContext = {
  recipientName: string;
  cohortName: string;
  /** The upcoming meetings of the series, earliest first. */
  meetings: MeetingForEmail[];
};

export type ComposedEmail = { subject: string; body: string };

const SIGN_OFF = "NHS Clinical Leaders Network";

function link(path: string) {
  return new URL(path, env().APP_ORIGIN).toString();
}

export const meetingPageLink = (meetingId: string) => link(`/meetings/${encodeURIComponent(meetingId)}`);
export const meetingCalendarLink = (meetingId: string) => link(`/meetings/${encodeURIComponent(meetingId)}/calendar.ics`);
export const accountLink = () => link("/account");

/** "Tuesday 13 January 2026" in London. */
export function dayInWords(epochMs: number) {
  return format(new TZDate(epochMs, LONDON), "EEEE d MMMM yyyy");
}

/** "14:00 to 16:00" in London. */
export function timeRange(startsAt: number, endsAt: number) {
  const hm = (ms: number) => format(new TZDate(ms, LONDON), "HH:mm");
  return `${hm(startsAt)} to ${hm(endsAt)}`;
}

const when = (m: { startsAt: number; endsAt: number }) => `${dayInWords(m.startsAt)}, ${timeRange(m.startsAt, m.endsAt)} (UK time)`;

function meetingLinks(meeting: MeetingForEmail, withVideo = true) {
  return [
    ...(withVideo ? [`Join by video: ${meeting.videoUrl}`] : []),
    `Add it to your calendar: ${meetingCalendarLink(meeting.id)}`,
    `Meeting page: ${meetingPageLink(meeting.id)}`,
  ];
}

export function composeMeetingEmail(kind: "series_scheduled", ctx: SeriesEmailContext): ComposedEmail;
export function composeMeetingEmail(kind: Exclude<JobKind, "series_scheduled">, ctx: MeetingEmailContext): ComposedEmail;
export function composeMeetingEmail(kind: JobKind, ctx: MeetingEmailContext | SeriesEmailContext): ComposedEmail;
export function composeMeetingEmail(kind: JobKind, ctx: MeetingEmailContext | SeriesEmailContext): ComposedEmail {
  if (kind === "series_scheduled") {
    if (!("meetings" in ctx)) throw new Error("series_scheduled needs the series' meetings");
    return seriesScheduled(ctx);
  }
  if (!("meeting" in ctx)) throw new Error(`${kind} needs a meeting`);
  switch (kind) {
    case "reminder_7d":
      return reminder(ctx, "in a week's time");
    case "reminder_1d":
      return reminder(ctx, "tomorrow");
    case "meeting_changed":
      return meetingChanged(ctx);
    case "meeting_cancelled":
      return meetingCancelled(ctx);
  }
}

function reminder(ctx: MeetingEmailContext, inWhen: "in a week's time" | "tomorrow"): ComposedEmail {
  const { meeting } = ctx;
  const subject =
    inWhen === "tomorrow"
      ? `Tomorrow: ${ctx.cohortName}, ${timeRange(meeting.startsAt, meeting.endsAt)}`
      : `Reminder: ${ctx.cohortName} meets on ${dayInWords(meeting.startsAt)}`;
  return {
    subject,
    body: [
      `Dear ${ctx.recipientName},`,
      "",
      `A reminder that your action learning set, ${ctx.cohortName}, meets ${inWhen}:`,
      "",
      when(meeting),
      "",
      ...meetingLinks(meeting),
      "",
      "If you cannot come after all, please say so on the meeting page so your facilitator knows.",
      "",
      "We look forward to seeing you.",
      "",
      SIGN_OFF,
    ].join("\n"),
  };
}

function meetingChanged(ctx: MeetingEmailContext): ComposedEmail {
  const { meeting, previous } = ctx;
  const moved = previous && (previous.startsAt !== meeting.startsAt || previous.endsAt !== meeting.endsAt);
  return {
    subject: `Changed: ${ctx.cohortName} now meets on ${dayInWords(meeting.startsAt)}`,
    body: [
      `Dear ${ctx.recipientName},`,
      "",
      `The details of a ${ctx.cohortName} meeting have changed. It is now:`,
      "",
      when(meeting),
      ...(moved ? ["", `(It was ${when(previous)}.)`] : []),
      "",
      ...meetingLinks(meeting),
      "",
      "Please open the calendar link to update your calendar. If you subscribe to your calendar feed, it updates by itself.",
      "",
      "Thank you,",
      "",
      SIGN_OFF,
    ].join("\n"),
  };
}

function meetingCancelled(ctx: MeetingEmailContext): ComposedEmail {
  const { meeting } = ctx;
  const reason = ctx.reason?.trim();
  return {
    subject: `Cancelled: ${ctx.cohortName} on ${dayInWords(meeting.startsAt)}`,
    body: [
      `Dear ${ctx.recipientName},`,
      "",
      `We are sorry: the ${ctx.cohortName} meeting on ${when(meeting)} has been cancelled.`,
      ...(reason ? ["", `The reason given: ${reason}`] : []),
      "",
      // No video link: nobody should join a cancelled meeting.
      ...meetingLinks(meeting, false),
      "",
      "Please open the calendar link to remove it from your calendar. If you subscribe to your calendar feed, it updates by itself.",
      "",
      "Your facilitator will be in touch about what happens next.",
      "",
      SIGN_OFF,
    ].join("\n"),
  };
}

function seriesScheduled(ctx: SeriesEmailContext): ComposedEmail {
  const sameVideo = new Set(ctx.meetings.map((m) => m.videoUrl)).size === 1;
  const lines = ctx.meetings.flatMap((m) => [
    `- ${when(m)}`,
    ...(sameVideo ? [] : [`  Join by video: ${m.videoUrl}`]),
    `  Add it to your calendar: ${meetingCalendarLink(m.id)}`,
    `  Meeting page: ${meetingPageLink(m.id)}`,
  ]);
  const count = ctx.meetings.length;
  return {
    subject: `Your ${ctx.cohortName} meetings are booked`,
    body: [
      `Dear ${ctx.recipientName},`,
      "",
      `The dates for your action learning set, ${ctx.cohortName}, are booked. ${count === 1 ? "The meeting is" : `The ${count} meetings are`}:`,
      "",
      ...lines,
      ...(sameVideo && ctx.meetings[0] ? ["", `Join by video: ${ctx.meetings[0].videoUrl}`] : []),
      "",
      `To have every meeting appear in your calendar and stay up to date, subscribe to your personal calendar feed from your account page: ${accountLink()}`,
      "",
      "We will send you a reminder a week before and a day before each meeting.",
      "",
      SIGN_OFF,
    ].join("\n"),
  };
}
