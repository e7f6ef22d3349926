/**
 * The email outbox: reminders and notices queued with meeting changes, and
 * the runner that sends them at most once, skips what no longer applies,
 * retries with back-off and survives restarts without resending.
 */
import { and, eq } from "drizzle-orm";
import { http, HttpResponse } from "msw";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { cohortMemberships, cohorts, jobs, meetings, meetingSeries, users } from "~db/schema";
import {
  cancelPendingMeetingJobs,
  queueMeetingNotice,
  queueMeetingReminders,
  queueSeriesNotice,
  recoverInterruptedJobs,
  runDueJobs,
} from "~/models/jobs.server";
import { services } from "~/server/context.server";
import { notifyMailer, type Email, type Mailer } from "~/server/email.server";
import { parseEnv } from "~/server/env.server";
import { newId } from "~/server/ids.server";
import { kickScheduler, startScheduler } from "~/server/scheduler.server";
import { db, makePerson, makePlace, ORIGIN, useTestApp } from "../helpers/app";
import { mockServer } from "../mocks/node";
import { NOTIFY_BASE, notifySent } from "../mocks/notify";

const state = useTestApp();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Thursday 1 January 2026, 09:00 in London (GMT). */
const NOW = Date.UTC(2026, 0, 1, 9, 0);
/** Tuesday 13 January 2026, 14:00 to 16:00 in London (GMT, so the same in UTC). */
const START = Date.UTC(2026, 0, 13, 14, 0);
const END = START + 2 * HOUR;
const WEEK_BEFORE = START - 7 * DAY;
const DAY_BEFORE = START - DAY;

let footprintId: string;
beforeAll(() => {
  footprintId = makePlace().footprintId;
});

beforeEach(() => {
  // One database for the file: each test starts with no jobs and an empty, working mailer.
  db().delete(jobs).run();
  state.mailer.sent.length = 0;
  state.mailer.fail = false;
  services().mailer = state.mailer;
});

function makeCohort(opts: { members?: number; name?: string; memberNames?: string[] } = {}) {
  const facilitator = makePerson({ roles: ["facilitator"], name: "Fran Facilitator" });
  const coFacilitator = makePerson({ roles: ["facilitator"], name: "Cody Cofacilitator" });
  const id = newId();
  const name = opts.name ?? `Set ${id.slice(0, 6)}`;
  db()
    .insert(cohorts)
    .values({ id, name, footprintId, termStart: "2025-09-01", termEnd: "2026-07-31", facilitatorId: facilitator.id, coFacilitatorId: coFacilitator.id })
    .run();
  const members = Array.from({ length: opts.members ?? 3 }, (_, i) => {
    const person = makePerson({ name: opts.memberNames?.[i] });
    db().insert(cohortMemberships).values({ id: newId(), cohortId: id, userId: person.id, joinedAt: NOW - 30 * DAY }).run();
    return person;
  });
  return { id, name, facilitator, coFacilitator, members, everyone: [facilitator, coFacilitator, ...members] };
}

function makeMeeting(cohortId: string, startsAt = START, opts: { endsAt?: number; seriesId?: string; videoUrl?: string; status?: "scheduled" | "cancelled" } = {}) {
  const id = newId();
  db()
    .insert(meetings)
    .values({
      id,
      cohortId,
      seriesId: opts.seriesId ?? null,
      startsAt,
      endsAt: opts.endsAt ?? startsAt + 2 * HOUR,
      videoUrl: opts.videoUrl ?? `https://meet.example.nhs.uk/${id}`,
      status: opts.status ?? "scheduled",
    })
    .run();
  return { id, cohortId, startsAt, sequence: 0, videoUrl: opts.videoUrl ?? `https://meet.example.nhs.uk/${id}` };
}

const allJobs = () => db().select().from(jobs).all();
const jobsOf = (meetingId: string) => db().select().from(jobs).where(eq(jobs.meetingId, meetingId)).all();
const recipients = (sent: Email[] = state.mailer.sent) => sent.map((e) => e.to).sort();
const emailsOf = (people: Array<{ email: string }>) => people.map((p) => p.email).sort();
const noSummary = { sent: 0, failed: 0, skipped: 0, retried: 0 };

describe("queueing reminders", () => {
  it("queues a week-before and a day-before reminder for every current member and both facilitators", () => {
    const cohort = makeCohort({ members: 3 });
    const left = makePerson();
    db().insert(cohortMemberships).values({ id: newId(), cohortId: cohort.id, userId: left.id, joinedAt: NOW - 60 * DAY, leftAt: NOW - 10 * DAY }).run();
    const meeting = makeMeeting(cohort.id);

    db().transaction((tx) => queueMeetingReminders(tx, meeting, NOW));

    const queued = jobsOf(meeting.id);
    expect(queued).toHaveLength(10);
    for (const kind of ["reminder_7d", "reminder_1d"] as const) {
      const ofKind = queued.filter((j) => j.kind === kind);
      expect(ofKind.map((j) => j.userId).sort()).toEqual(cohort.everyone.map((p) => p.id).sort());
      expect(new Set(ofKind.map((j) => j.runAt))).toEqual(new Set([kind === "reminder_7d" ? WEEK_BEFORE : DAY_BEFORE]));
    }
    for (const job of queued) {
      expect(job.status).toBe("pending");
      expect(job.meetingSequence).toBe(0);
      expect(job.dedupeKey).toBe(`${job.kind}:${meeting.id}:0:${job.userId}`);
    }
    expect(queued.some((j) => j.userId === left.id)).toBe(false);

    // Queueing the same version again adds nothing.
    db().transaction((tx) => queueMeetingReminders(tx, meeting, NOW));
    expect(jobsOf(meeting.id)).toHaveLength(10);
  });

  it("does not queue reminders whose time has already passed", () => {
    const cohort = makeCohort({ members: 2 });
    const inThreeDays = makeMeeting(cohort.id, NOW + 3 * DAY);
    const inTwelveHours = makeMeeting(cohort.id, NOW + 12 * HOUR);

    db().transaction((tx) => {
      queueMeetingReminders(tx, inThreeDays, NOW);
      queueMeetingReminders(tx, inTwelveHours, NOW);
    });

    const soon = jobsOf(inThreeDays.id);
    expect(soon).toHaveLength(4);
    expect(soon.every((j) => j.kind === "reminder_1d" && j.runAt === NOW + 2 * DAY)).toBe(true);
    expect(jobsOf(inTwelveHours.id)).toHaveLength(0);
  });

  it("cancels only the pending reminders of that meeting", () => {
    const cohort = makeCohort({ members: 2 });
    const meeting = makeMeeting(cohort.id);
    const other = makeMeeting(cohort.id, START + 28 * DAY);
    db().transaction((tx) => {
      queueMeetingReminders(tx, meeting, NOW);
      queueMeetingReminders(tx, other, NOW);
      queueMeetingNotice(tx, "meeting_changed", meeting, NOW);
    });

    db().transaction((tx) => cancelPendingMeetingJobs(tx, meeting.id));

    const mine = jobsOf(meeting.id);
    expect(mine.filter((j) => j.kind.startsWith("reminder_")).every((j) => j.status === "cancelled")).toBe(true);
    expect(mine.filter((j) => j.kind === "meeting_changed").map((j) => j.status)).toEqual(["pending", "pending"]);
    expect(jobsOf(other.id).every((j) => j.status === "pending")).toBe(true);
  });
});

describe("running due jobs", () => {
  it("sends each reminder when it is due, and never twice however often it runs", async () => {
    const cohort = makeCohort({ members: 3 });
    const meeting = makeMeeting(cohort.id);
    db().transaction((tx) => queueMeetingReminders(tx, meeting, NOW));

    expect(await runDueJobs(WEEK_BEFORE - 1)).toEqual(noSummary);
    expect(state.mailer.sent).toHaveLength(0);

    expect(await runDueJobs(WEEK_BEFORE)).toEqual({ ...noSummary, sent: 5 });
    expect(await runDueJobs(WEEK_BEFORE)).toEqual(noSummary);
    expect(await runDueJobs(WEEK_BEFORE + HOUR)).toEqual(noSummary);
    expect(recipients()).toEqual(emailsOf(cohort.everyone));

    expect(await runDueJobs(DAY_BEFORE)).toEqual({ ...noSummary, sent: 5 });
    expect(await runDueJobs(DAY_BEFORE)).toEqual(noSummary);
    expect(state.mailer.sent).toHaveLength(10);
    const sent = jobsOf(meeting.id);
    expect(sent.every((j) => j.status === "sent" && j.attempts === 1 && j.sentAt !== null && j.lockedUntil === null)).toBe(true);
  });

  it("sends each job once when runs overlap", async () => {
    const cohort = makeCohort({ members: 6 });
    const meeting = makeMeeting(cohort.id);
    db().transaction((tx) => queueMeetingReminders(tx, meeting, NOW));
    // A slow mail service, so the runs are really in flight together.
    const slow: Mailer = {
      describe: "slow",
      send: (email) => new Promise((done) => setTimeout(() => void state.mailer.send(email).then(done), 5)),
    };
    services().mailer = slow;

    const summaries = await Promise.all([runDueJobs(WEEK_BEFORE), runDueJobs(WEEK_BEFORE), runDueJobs(WEEK_BEFORE)]);

    expect(summaries.reduce((n, s) => n + s.sent, 0)).toBe(8);
    expect(summaries.filter((s) => s.sent > 0).length).toBeGreaterThan(1);
    expect(recipients()).toEqual(emailsOf(cohort.everyone));
    expect(jobsOf(meeting.id).filter((j) => j.kind === "reminder_7d").every((j) => j.attempts === 1)).toBe(true);
  });

  it("marks a job left running by a stopped process as interrupted, and does not resend it", async () => {
    const cohort = makeCohort({ members: 2 });
    const meeting = makeMeeting(cohort.id);
    const now = Date.now();
    const [crashed, live] = cohort.members;
    db()
      .insert(jobs)
      .values([
        { id: "crashed", kind: "reminder_7d", dedupeKey: "crashed", meetingId: meeting.id, userId: crashed.id, meetingSequence: 0, runAt: now - HOUR, status: "running", attempts: 1, lockedUntil: now - MINUTE },
        { id: "live", kind: "reminder_7d", dedupeKey: "live", meetingId: meeting.id, userId: live.id, meetingSequence: 0, runAt: now - HOUR, status: "running", attempts: 1, lockedUntil: now + 4 * MINUTE },
      ])
      .run();

    const scheduler = startScheduler(60 * MINUTE);
    await scheduler.stop();

    const byId = Object.fromEntries(allJobs().map((j) => [j.id, j]));
    expect(byId.crashed.status).toBe("interrupted");
    expect(byId.crashed.attempts).toBe(1);
    // Another process still holds this one.
    expect(byId.live.status).toBe("running");
    expect(await runDueJobs(now + 2 * HOUR)).toEqual(noSummary);
    expect(state.mailer.sent).toHaveLength(0);
    expect(recoverInterruptedJobs(now + 5 * MINUTE)).toEqual(["live"]);
  });

  it("does not send a reminder for a cancelled meeting, or one that has started", async () => {
    const cohort = makeCohort({ members: 3 });
    const cancelled = makeMeeting(cohort.id);
    const started = makeMeeting(cohort.id, START + 7 * DAY);
    db().transaction((tx) => {
      queueMeetingReminders(tx, cancelled, NOW);
      queueMeetingReminders(tx, started, NOW);
    });
    // Cancelled without cancelling its jobs or changing its sequence: the runner checks the meeting's status itself.
    db().update(meetings).set({ status: "cancelled" }).where(eq(meetings.id, cancelled.id)).run();

    expect(await runDueJobs(WEEK_BEFORE)).toEqual({ ...noSummary, skipped: 5 });
    expect(jobsOf(cancelled.id).filter((j) => j.kind === "reminder_7d").every((j) => j.status === "cancelled")).toBe(true);

    // Long after both meetings: the other meeting's reminders are stale, so none goes out.
    expect(await runDueJobs(START + 8 * DAY)).toEqual({ ...noSummary, skipped: 15 });
    expect(state.mailer.sent).toHaveLength(0);
  });

  it("sends the cancellation notice to members, with the reason, though the meeting is cancelled", async () => {
    const cohort = makeCohort({ members: 3 });
    const meeting = makeMeeting(cohort.id);
    db().transaction((tx) => {
      queueMeetingReminders(tx, meeting, NOW);
      tx.update(meetings).set({ status: "cancelled", cancelReason: "Fran is unwell", sequence: 1 }).where(eq(meetings.id, meeting.id)).run();
      cancelPendingMeetingJobs(tx, meeting.id);
      queueMeetingNotice(tx, "meeting_cancelled", { ...meeting, sequence: 1 }, NOW, { reason: "The facilitator is unwell" });
    });

    expect(await runDueJobs(NOW)).toEqual({ ...noSummary, sent: 3 });
    expect(recipients()).toEqual(emailsOf(cohort.members));
    for (const email of state.mailer.sent) {
      expect(email.subject).toBe(`Cancelled: ${cohort.name} on Tuesday 13 January 2026`);
      expect(email.body).toContain("The reason given: The facilitator is unwell");
      expect(email.body).toContain("Tuesday 13 January 2026, 14:00 to 16:00");
      expect(email.body).toContain(`${ORIGIN}/meetings/${meeting.id}/calendar.ics`);
      expect(email.body).not.toContain(meeting.videoUrl);
    }
    expect(await runDueJobs(WEEK_BEFORE)).toEqual(noSummary);
    expect(await runDueJobs(DAY_BEFORE)).toEqual(noSummary);
    expect(state.mailer.sent).toHaveLength(3);
  });

  it("reminds people of a moved meeting at the new time only", async () => {
    const cohort = makeCohort({ members: 3 });
    const meeting = makeMeeting(cohort.id);
    db().transaction((tx) => queueMeetingReminders(tx, meeting, NOW));

    const NEW_START = START + 7 * DAY; // Tuesday 20 January 2026
    db().transaction((tx) => {
      tx.update(meetings).set({ startsAt: NEW_START, endsAt: NEW_START + 2 * HOUR, sequence: 1 }).where(eq(meetings.id, meeting.id)).run();
      cancelPendingMeetingJobs(tx, meeting.id);
      queueMeetingReminders(tx, { ...meeting, startsAt: NEW_START, sequence: 1 }, NOW);
      queueMeetingNotice(tx, "meeting_changed", { ...meeting, sequence: 1 }, NOW, { previousStartsAt: String(START), previousEndsAt: String(END) });
    });

    // The change notice, straight away, to members.
    expect(await runDueJobs(NOW)).toEqual({ ...noSummary, sent: 3 });
    expect(recipients()).toEqual(emailsOf(cohort.members));
    expect(state.mailer.sent[0].body).toContain("Tuesday 20 January 2026, 14:00 to 16:00");
    expect(state.mailer.sent[0].body).toContain("(It was Tuesday 13 January 2026, 14:00 to 16:00 (UK time).)");
    state.mailer.sent.length = 0;

    // Nothing at the old reminder times.
    expect(await runDueJobs(WEEK_BEFORE)).toEqual(noSummary);
    expect(await runDueJobs(DAY_BEFORE)).toEqual(noSummary);
    expect(state.mailer.sent).toHaveLength(0);

    expect(await runDueJobs(NEW_START - 7 * DAY)).toEqual({ ...noSummary, sent: 5 });
    expect(await runDueJobs(NEW_START - DAY)).toEqual({ ...noSummary, sent: 5 });
    expect(state.mailer.sent.every((e) => e.body.includes("Tuesday 20 January 2026"))).toBe(true);
    expect(state.mailer.sent.some((e) => e.body.includes("13 January"))).toBe(false);
  });

  it("skips a reminder queued for an older version of the meeting even if it was not cancelled", async () => {
    const cohort = makeCohort({ members: 2 });
    const meeting = makeMeeting(cohort.id);
    db().transaction((tx) => queueMeetingReminders(tx, meeting, NOW));
    db().update(meetings).set({ sequence: 1 }).where(eq(meetings.id, meeting.id)).run();

    expect(await runDueJobs(WEEK_BEFORE)).toEqual({ ...noSummary, skipped: 4 });
    expect(state.mailer.sent).toHaveLength(0);
  });

  it("skips someone who has left the cohort or been deactivated since the job was queued", async () => {
    const cohort = makeCohort({ members: 3 });
    const meeting = makeMeeting(cohort.id);
    db().transaction((tx) => queueMeetingReminders(tx, meeting, NOW));
    const [removed, deactivated, stays] = cohort.members;
    db().update(cohortMemberships).set({ leftAt: NOW + DAY }).where(and(eq(cohortMemberships.cohortId, cohort.id), eq(cohortMemberships.userId, removed.id))).run();
    db().update(users).set({ status: "deactivated", deactivatedAt: NOW + DAY }).where(eq(users.id, deactivated.id)).run();

    expect(await runDueJobs(WEEK_BEFORE)).toEqual({ ...noSummary, sent: 3, skipped: 2 });
    expect(recipients()).toEqual(emailsOf([cohort.facilitator, cohort.coFacilitator, stays]));
    const skipped = jobsOf(meeting.id).filter((j) => j.kind === "reminder_7d" && j.status === "cancelled");
    expect(skipped.map((j) => j.userId).sort()).toEqual([removed.id, deactivated.id].sort());

    // Their day-before reminders are skipped too when due.
    state.mailer.sent.length = 0;
    expect(await runDueJobs(DAY_BEFORE)).toEqual({ ...noSummary, sent: 3, skipped: 2 });
    expect(recipients()).toEqual(emailsOf([cohort.facilitator, cohort.coFacilitator, stays]));
  });

  it("retries a failed send with back-off, then gives up after 5 attempts", async () => {
    const cohort = makeCohort({ members: 1 });
    const meeting = makeMeeting(cohort.id);
    db().transaction((tx) => queueMeetingNotice(tx, "meeting_changed", meeting, NOW));
    state.mailer.fail = true;

    let t = NOW;
    const waits = [1, 5, 15, 60].map((m) => m * MINUTE);
    for (const [i, wait] of waits.entries()) {
      expect(await runDueJobs(t)).toEqual({ ...noSummary, retried: 1 });
      const [job] = allJobs();
      expect(job).toMatchObject({ status: "pending", attempts: i + 1, runAt: t + wait, lockedUntil: null });
      expect(job.lastError).toContain("mail service unavailable");
      expect(job.lastError).not.toContain(cohort.members[0].email);
      // Not before the back-off is over.
      expect(await runDueJobs(t + wait - 1)).toEqual(noSummary);
      t += wait;
    }
    expect(await runDueJobs(t)).toEqual({ ...noSummary, failed: 1 });
    const [job] = allJobs();
    expect(job).toMatchObject({ status: "failed", attempts: 5, sentAt: null });

    state.mailer.fail = false;
    expect(await runDueJobs(t + DAY)).toEqual(noSummary);
    expect(state.mailer.sent).toHaveLength(0);
  });

  it("retries through GOV.UK Notify after a server error, then sends", async () => {
    const FAKE_KEY = "test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";
    const TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a";
    const cohort = makeCohort({ members: 1 });
    const meeting = makeMeeting(cohort.id);
    db().transaction((tx) => queueMeetingNotice(tx, "meeting_changed", meeting, NOW));
    services().mailer = notifyMailer(FAKE_KEY, TEMPLATE);
    notifySent.length = 0;
    mockServer.use(
      http.post(`${NOTIFY_BASE}/v2/notifications/email`, () => HttpResponse.json({ status_code: 500, errors: [{ error: "Exception", message: "Internal server error" }] }, { status: 500 }), {
        once: true,
      }),
    );

    expect(await runDueJobs(NOW)).toEqual({ ...noSummary, retried: 1 });
    expect(notifySent).toHaveLength(0);
    let [job] = allJobs();
    expect(job).toMatchObject({ status: "pending", attempts: 1, runAt: NOW + MINUTE });
    expect(job.lastError).toContain("HTTP 500");
    expect(job.lastError).not.toContain(cohort.members[0].email);

    expect(await runDueJobs(NOW + MINUTE - 1)).toEqual(noSummary);
    expect(await runDueJobs(NOW + MINUTE)).toEqual({ ...noSummary, sent: 1 });
    [job] = allJobs();
    expect(job).toMatchObject({ status: "sent", attempts: 2, sentAt: NOW + MINUTE });
    expect(notifySent).toHaveLength(1);
    expect(notifySent[0]).toMatchObject({ template_id: TEMPLATE, email_address: cohort.members[0].email, reference: `meeting_changed-${job.id}` });
    expect(notifySent[0].personalisation?.body).toContain("Tuesday 13 January 2026, 14:00 to 16:00");
    expect(await runDueJobs(NOW + DAY)).toEqual(noSummary);
    expect(notifySent).toHaveLength(1);
  });

  it("logs job ids, kinds and attempts, never addresses or email text", async () => {
    const cohort = makeCohort({ members: 2, memberNames: ["Priya Secretname", "Tom Hiddenname"] });
    const meeting = makeMeeting(cohort.id);
    db().transaction((tx) => queueMeetingNotice(tx, "meeting_cancelled", meeting, NOW, { reason: "a private reason" }));
    db().update(meetings).set({ status: "cancelled" }).where(eq(meetings.id, meeting.id)).run();
    const lines: string[] = [];
    const capture = (chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, "write").mockImplementation(capture as typeof process.stdout.write);
    vi.spyOn(process.stderr, "write").mockImplementation(capture as typeof process.stderr.write);
    const before = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = "info";
    try {
      state.mailer.fail = true;
      await runDueJobs(NOW);
      state.mailer.fail = false;
      await runDueJobs(NOW + MINUTE);
    } finally {
      process.env.LOG_LEVEL = before;
      vi.mocked(process.stdout.write).mockRestore();
      vi.mocked(process.stderr.write).mockRestore();
    }
    expect(state.mailer.sent).toHaveLength(2);
    const logged = lines.join("");
    const ids = allJobs().map((j) => j.id);
    for (const id of ids) expect(logged).toContain(id);
    expect(logged).toContain('"attempt":2');
    for (const secret of ["Secretname", "Hiddenname", "private reason", cohort.members[0].email, cohort.members[1].email, meeting.videoUrl, cohort.name]) {
      expect(logged).not.toContain(secret);
    }
  });
});

describe("what the emails say", () => {
  it("gives the date in words, the London time, the video link, the calendar file and the meeting page", async () => {
    const cohort = makeCohort({ members: 1, name: "North East Digital Set 3", memberNames: ["Sam Patel"] });
    // 14:00 London in summer is 13:00 UTC: the email must say 14:00.
    const summer = Date.UTC(2026, 6, 14, 13, 0);
    const meeting = makeMeeting(cohort.id, summer, { videoUrl: "https://teams.example.nhs.uk/l/meetup-join/abc" });
    db().transaction((tx) => queueMeetingReminders(tx, meeting, NOW));

    await runDueJobs(summer - 7 * DAY);
    const weekBefore = state.mailer.sent.find((e) => e.to === cohort.members[0].email)!;
    expect(weekBefore.subject).toBe("Reminder: North East Digital Set 3 meets on Tuesday 14 July 2026");
    expect(weekBefore.body).toContain("Dear Sam Patel,");
    expect(weekBefore.body).toContain("North East Digital Set 3, meets in a week's time");
    expect(weekBefore.body).toContain("Tuesday 14 July 2026, 14:00 to 16:00 (UK time)");
    expect(weekBefore.body).toContain("Join by video: https://teams.example.nhs.uk/l/meetup-join/abc");
    expect(weekBefore.body).toContain(`Add it to your calendar: ${ORIGIN}/meetings/${meeting.id}/calendar.ics`);
    expect(weekBefore.body).toContain(`Meeting page: ${ORIGIN}/meetings/${meeting.id}\n`);
    expect(weekBefore.reference).toMatch(/^reminder_7d-/);

    state.mailer.sent.length = 0;
    await runDueJobs(summer - DAY);
    const dayBefore = state.mailer.sent.find((e) => e.to === cohort.members[0].email)!;
    expect(dayBefore.subject).toBe("Tomorrow: North East Digital Set 3, 14:00 to 16:00");
    expect(dayBefore.body).toContain("meets tomorrow");
    expect(dayBefore.body).toContain("Tuesday 14 July 2026, 14:00 to 16:00 (UK time)");
    expect(dayBefore.body).toContain(`${ORIGIN}/meetings/${meeting.id}/calendar.ics`);
  });

  it("lists the upcoming meetings of a new series to members, with the calendar subscription hint", async () => {
    const cohort = makeCohort({ members: 2 });
    const seriesId = newId();
    db().insert(meetingSeries).values({ id: seriesId, cohortId: cohort.id, rule: "{}", startTime: "14:00", durationMinutes: 120, videoUrl: "https://meet.example.nhs.uk/series" }).run();
    const video = { videoUrl: "https://meet.example.nhs.uk/series", seriesId };
    const past = makeMeeting(cohort.id, NOW - 28 * DAY, video);
    const first = makeMeeting(cohort.id, START, video);
    const dropped = makeMeeting(cohort.id, START + 28 * DAY, { ...video, status: "cancelled" }); // 10 February
    const second = makeMeeting(cohort.id, Date.UTC(2026, 2, 10, 14, 0), video); // Tuesday 10 March 2026
    const third = makeMeeting(cohort.id, Date.UTC(2026, 3, 14, 13, 0), video); // Tuesday 14 April 2026, 14:00 BST
    db().transaction((tx) => queueSeriesNotice(tx, { id: seriesId, cohortId: cohort.id }, NOW));
    const queued = allJobs();
    expect(queued.map((j) => j.dedupeKey).sort()).toEqual(cohort.members.map((m) => `series_scheduled:${seriesId}:${m.id}`).sort());
    expect(queued.every((j) => j.meetingId === null && j.runAt === NOW && JSON.parse(j.payload!).seriesId === seriesId)).toBe(true);

    expect(await runDueJobs(NOW)).toEqual({ ...noSummary, sent: 2 });
    expect(recipients()).toEqual(emailsOf(cohort.members));
    const { subject, body } = state.mailer.sent[0];
    expect(subject).toBe(`Your ${cohort.name} meetings are booked`);
    expect(body).toContain("The 3 meetings are:");
    expect(body).toContain("- Tuesday 13 January 2026, 14:00 to 16:00 (UK time)");
    expect(body).toContain("- Tuesday 10 March 2026, 14:00 to 16:00 (UK time)");
    expect(body).toContain("- Tuesday 14 April 2026, 14:00 to 16:00 (UK time)");
    expect(body.indexOf("13 January")).toBeLessThan(body.indexOf("10 March"));
    expect(body).not.toContain("10 February");
    for (const m of [first, second, third]) expect(body).toContain(`${ORIGIN}/meetings/${m.id}/calendar.ics`);
    for (const m of [past, dropped]) expect(body).not.toContain(m.id);
    expect(body).toContain("Join by video: https://meet.example.nhs.uk/series");
    expect(body).toContain(`${ORIGIN}/account`);
  });
});

describe("the scheduler", () => {
  it("runs soon after a kick, never two runs at once, and stop waits for the run in progress", async () => {
    const cohort = makeCohort({ members: 3 });
    const meeting = makeMeeting(cohort.id, Date.now() + 30 * DAY);
    let active = 0;
    let most = 0;
    const releases: Array<() => void> = [];
    services().mailer = {
      describe: "held",
      async send(email) {
        active++;
        most = Math.max(most, active);
        await new Promise<void>((done) => releases.push(done));
        active--;
        await state.mailer.send(email);
      },
    };
    kickScheduler(); // not started: nothing happens
    const scheduler = startScheduler(60 * MINUTE);
    try {
      db().transaction((tx) => queueMeetingNotice(tx, "meeting_changed", meeting, Date.now()));
      kickScheduler();
      await vi.waitFor(() => expect(releases).toHaveLength(1));
      // More kicks while a send is held: they must not start a second run.
      scheduler.kick();
      kickScheduler();
      await new Promise((r) => setTimeout(r, 100));
      expect(releases).toHaveLength(1);

      releases.shift()!();
      await vi.waitFor(() => expect(releases).toHaveLength(1));
      const stopping = scheduler.stop();
      let stopped = false;
      void stopping.then(() => (stopped = true));
      await new Promise((r) => setTimeout(r, 50));
      expect(stopped).toBe(false);
      releases.shift()!();
      await stopping;
      // The run finished its current job and recorded it before stop resolved, and took no more.
      const statuses = jobsOf(meeting.id).map((j) => j.status).sort();
      expect(statuses).toEqual(["pending", "sent", "sent"]);
      expect(most).toBe(1);
      expect(state.mailer.sent).toHaveLength(2);
    } finally {
      await scheduler.stop();
      for (const release of releases) release();
    }
  });
});

describe("settings", () => {
  it("reads SCHEDULER and SCHEDULER_INTERVAL_SECONDS", () => {
    expect(parseEnv({ NODE_ENV: "test" }).SCHEDULER_INTERVAL_SECONDS).toBe(30);
    expect(parseEnv({ NODE_ENV: "test" }).SCHEDULER).toBeUndefined();
    expect(parseEnv({ NODE_ENV: "test", SCHEDULER: "on", SCHEDULER_INTERVAL_SECONDS: "5" })).toMatchObject({ SCHEDULER: "on", SCHEDULER_INTERVAL_SECONDS: 5 });
    expect(() => parseEnv({ NODE_ENV: "test", SCHEDULER_INTERVAL_SECONDS: "0" })).toThrow();
    expect(() => parseEnv({ NODE_ENV: "test", SCHEDULER: "yes" })).toThrow();
  });
});
