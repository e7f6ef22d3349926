import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cohortMemberships, cohorts, jobs, meetingAttendance, meetings } from "~db/schema";
import { newId } from "~/server/ids.server";
import * as scheduleRoute from "~/routes/cohorts.$cohortId_.schedule";
import * as meetingRoute from "~/routes/meetings.$meetingId._index";
import * as cohortRoute from "~/routes/cohorts.$cohortId";
import * as adminMeetings from "~/routes/admin.meetings";
import { addMember, archiveCohort } from "~/models/cohorts.server";
import { cookieFor, db, jsonOf, makePerson, makePlace, makeRequest, run, useTestApp } from "../helpers/app";

useTestApp();

// The dates below are written for this "today"; only Date is faked, so timers and I/O run as usual.
beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-22T12:00:00Z"));
});
afterAll(() => {
  vi.useRealTimers();
});

const DAY = 86_400_000;

function makeCohort(opts: { facilitatorId: string; members: string[]; footprintId: string; termStart?: string; termEnd?: string; name?: string }) {
  const id = newId();
  db()
    .insert(cohorts)
    .values({
      id,
      name: opts.name ?? `Set ${id.slice(0, 6)}`,
      footprintId: opts.footprintId,
      termStart: opts.termStart ?? "2026-11-01",
      termEnd: opts.termEnd ?? "2027-12-31",
      facilitatorId: opts.facilitatorId,
    })
    .run();
  for (const userId of opts.members) {
    db().insert(cohortMemberships).values({ id: newId(), cohortId: id, userId, joinedAt: Date.now() - 30 * DAY }).run();
  }
  return id;
}

function setUp() {
  const place = makePlace();
  const facilitator = makePerson({ roles: ["facilitator"], organisationId: place.organisationId });
  const members = [0, 1, 2, 3].map(() => makePerson({ roles: ["clinical_lead"], organisationId: place.organisationId }));
  const cohortId = makeCohort({ facilitatorId: facilitator.id, members: members.map((m) => m.id), footprintId: place.footprintId });
  return { place, facilitator, members, cohortId };
}

// First Monday of each month from December 2026: 3 May 2027 is the Early May bank holiday.
const FIRST_MONDAYS = {
  pattern: "monthly",
  nth: "1",
  weekday: "1",
  firstDate: "2026-12-01",
  startTime: "14:00",
  endTime: "16:00",
  until: "termEnd",
  videoUrl: "https://teams.microsoft.com/l/meetup-join/abc",
};

function meetingsOf(cohortId: string) {
  return db().select().from(meetings).where(eq(meetings.cohortId, cohortId)).orderBy(meetings.startsAt).all();
}

async function scheduleFirstMondays(cohortId: string, cookie: string) {
  const res = await run(
    scheduleRoute.action,
    makeRequest(`/cohorts/${cohortId}/schedule`, { cookie, form: { ...FIRST_MONDAYS, intent: "confirm", choices: "2027-05-03:move" } }),
    { cohortId },
  );
  expect(res.status).toBe(302);
  return meetingsOf(cohortId);
}

describe("scheduling a series", () => {
  it("previews the dates, flags the bank holiday, and asks what to do about it", async () => {
    const { facilitator, cohortId } = setUp();
    const cookie = await cookieFor(facilitator.id);
    const res = await run(scheduleRoute.action, makeRequest(`/cohorts/${cohortId}/schedule`, { cookie, form: { ...FIRST_MONDAYS, intent: "preview" } }), { cohortId });
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body.preview.occurrences.map((o: { date: string }) => o.date)).toEqual([
      "2026-12-07", "2027-01-04", "2027-02-01", "2027-03-01", "2027-04-05", "2027-05-03", "2027-06-07",
      "2027-07-05", "2027-08-02", "2027-09-06", "2027-10-04", "2027-11-01", "2027-12-06",
    ]);
    const holidays = body.preview.occurrences.filter((o: { bankHoliday: string | null }) => o.bankHoliday);
    expect(holidays.map((o: { date: string }) => o.date)).toEqual(["2027-05-03"]);
    expect(meetingsOf(cohortId)).toHaveLength(0);

    // Confirming without a choice for the bank holiday saves nothing.
    const undecided = await run(scheduleRoute.action, makeRequest(`/cohorts/${cohortId}/schedule`, { cookie, form: { ...FIRST_MONDAYS, intent: "confirm" } }), { cohortId });
    expect(undecided.status).toBe(400);
    expect((await jsonOf(undecided)).errors.choices).toMatch(/bank holiday/);
    expect(meetingsOf(cohortId)).toHaveLength(0);
  });

  it("saves the series with the bank-holiday meeting moved, keeping 14:00 UK time across the clock changes", async () => {
    const { facilitator, members, cohortId } = setUp();
    const saved = await scheduleFirstMondays(cohortId, await cookieFor(facilitator.id));
    expect(saved).toHaveLength(13);
    const may = saved.find((m) => new Date(m.startsAt).getUTCMonth() === 4)!;
    // Moved to Tuesday 4 May 2027, 14:00 BST = 13:00Z.
    expect(new Date(may.startsAt).toISOString()).toBe("2027-05-04T13:00:00.000Z");
    const december = saved[0];
    expect(new Date(december.startsAt).toISOString()).toBe("2026-12-07T14:00:00.000Z");
    expect(december.endsAt - december.startsAt).toBe(2 * 3600_000);
    // Each meeting has its reminders; each member is told about the series once.
    const queued = db().select().from(jobs).all().filter((j) => saved.some((m) => m.id === j.meetingId) || j.kind === "series_scheduled");
    const seriesNotices = queued.filter((j) => j.kind === "series_scheduled");
    expect(new Set(seriesNotices.map((j) => j.userId))).toEqual(new Set(members.map((m) => m.id)));
    expect(queued.filter((j) => j.kind === "reminder_1d" && j.meetingId === december.id)).toHaveLength(members.length + 1);
  });

  it("refuses a plan with a clear message beside the field, keeping what was typed", async () => {
    const { facilitator, cohortId } = setUp();
    const cookie = await cookieFor(facilitator.id);
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ firstDate: "2026-11-10" }, "firstDate", /past/i],
      [{ endTime: "14:15" }, "endTime", /30 minutes/],
      [{ endTime: "23:00", startTime: "09:00" }, "endTime", /8 hours/],
      [{ endTime: "13:00" }, "endTime", /after the start/],
      [{ videoUrl: "http://zoom.us/j/123" }, "videoUrl", /https/],
      [{ firstDate: "2028-03-01" }, "firstDate", /term/],
      [{ until: "count", count: "" }, "count", /how many/i],
    ];
    for (const [change, field, message] of cases) {
      const res = await run(scheduleRoute.action, makeRequest(`/cohorts/${cohortId}/schedule`, { cookie, form: { ...FIRST_MONDAYS, ...change, intent: "preview" } }), { cohortId });
      expect(res.status, JSON.stringify(change)).toBe(400);
      const body = await jsonOf(res);
      expect(body.errors[field], JSON.stringify(change)).toMatch(message);
      expect(body.values.videoUrl).toBe(change.videoUrl ?? FIRST_MONDAYS.videoUrl);
    }
    expect(meetingsOf(cohortId)).toHaveLength(0);
  });

  it("lets only the cohort's facilitators and admins schedule", async () => {
    const { members, cohortId, place } = setUp();
    const otherFacilitator = makePerson({ roles: ["facilitator"], organisationId: place.organisationId });
    const admin = makePerson({ roles: ["admin"] });
    for (const person of [members[0], otherFacilitator]) {
      const res = await run(scheduleRoute.loader, makeRequest(`/cohorts/${cohortId}/schedule`, { cookie: await cookieFor(person.id) }), { cohortId });
      expect(res.status).toBe(403);
      const post = await run(scheduleRoute.action, makeRequest(`/cohorts/${cohortId}/schedule`, { cookie: await cookieFor(person.id), form: { ...FIRST_MONDAYS, intent: "confirm", choices: "2027-05-03:skip" } }), { cohortId });
      expect(post.status).toBe(403);
    }
    expect(meetingsOf(cohortId)).toHaveLength(0);
    const byAdmin = await run(scheduleRoute.action, makeRequest(`/cohorts/${cohortId}/schedule`, { cookie: await cookieFor(admin.id), form: { ...FIRST_MONDAYS, intent: "confirm", choices: "2027-05-03:skip" } }), { cohortId });
    expect(byAdmin.status).toBe(302);
    expect(meetingsOf(cohortId)).toHaveLength(12);
  });

  it("warns when the facilitator is already running another cohort at the same time", async () => {
    const { facilitator, cohortId, place } = setUp();
    const cookie = await cookieFor(facilitator.id);
    await scheduleFirstMondays(cohortId, cookie);
    const second = makeCohort({ facilitatorId: facilitator.id, members: [], footprintId: place.footprintId, name: "Second set" });
    const res = await run(scheduleRoute.action, makeRequest(`/cohorts/${second}/schedule`, { cookie, form: { ...FIRST_MONDAYS, startTime: "15:00", endTime: "17:00", intent: "preview" } }), { cohortId: second });
    const body = await jsonOf(res);
    expect(body.preview.clashes.length).toBeGreaterThan(0);
    expect(body.preview.clashes[0].cohortName).toMatch(/^Set /);
  });
});

describe("changing and cancelling a meeting", () => {
  it("reschedules one meeting: SEQUENCE goes up, old reminders are cancelled and new ones queued, members are told", async () => {
    const { facilitator, members, cohortId } = setUp();
    const cookie = await cookieFor(facilitator.id);
    const [first] = await scheduleFirstMondays(cohortId, cookie);
    const res = await run(
      meetingRoute.action,
      makeRequest(`/meetings/${first.id}`, { cookie, form: { intent: "change", date: "2026-12-08", startTime: "10:00", endTime: "11:30", videoUrl: "https://zoom.us/j/999" } }),
      { meetingId: first.id },
    );
    expect(res.status).toBe(302);
    const after = db().select().from(meetings).where(eq(meetings.id, first.id)).get()!;
    expect(new Date(after.startsAt).toISOString()).toBe("2026-12-08T10:00:00.000Z");
    expect(after.endsAt - after.startsAt).toBe(90 * 60_000);
    expect(after.sequence).toBe(1);
    expect(after.videoUrl).toBe("https://zoom.us/j/999");
    const its = db().select().from(jobs).where(eq(jobs.meetingId, first.id)).all();
    const reminders = its.filter((j) => j.kind.startsWith("reminder"));
    expect(reminders.filter((j) => j.meetingSequence === 0).every((j) => j.status === "cancelled")).toBe(true);
    expect(reminders.filter((j) => j.meetingSequence === 1 && j.status === "pending").length).toBeGreaterThan(0);
    expect(its.filter((j) => j.kind === "meeting_changed").map((j) => j.userId).sort()).toEqual(members.map((m) => m.id).sort());
  });

  it("changes the time of this and every later meeting in the series, each keeping its date", async () => {
    const { facilitator, cohortId } = setUp();
    const cookie = await cookieFor(facilitator.id);
    const saved = await scheduleFirstMondays(cohortId, cookie);
    const from = saved[3];
    const res = await run(
      meetingRoute.action,
      makeRequest(`/meetings/${from.id}`, { cookie, form: { intent: "change", date: "2027-03-01", startTime: "09:30", endTime: "11:30", videoUrl: FIRST_MONDAYS.videoUrl, applyToRest: "yes" } }),
      { meetingId: from.id },
    );
    expect(res.status).toBe(302);
    const after = meetingsOf(cohortId);
    const london = (ms: number) => new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit" }).format(ms);
    expect(after.slice(0, 3).map((m) => london(m.startsAt))).toEqual(["14:00", "14:00", "14:00"]);
    expect(after.slice(3).every((m) => london(m.startsAt) === "09:30")).toBe(true);
    expect(after.slice(3).map((m) => m.sequence)).toEqual(after.slice(3).map(() => 1));
    expect(after.map((m) => new Date(m.startsAt).getUTCDate())).toEqual(saved.map((m) => new Date(m.startsAt).getUTCDate()));
  });

  it("cancels with a reason: reminders stop and members are told why", async () => {
    const { facilitator, cohortId } = setUp();
    const cookie = await cookieFor(facilitator.id);
    const [first] = await scheduleFirstMondays(cohortId, cookie);
    const empty = await run(meetingRoute.action, makeRequest(`/meetings/${first.id}`, { cookie, form: { intent: "cancel", reason: " " } }), { meetingId: first.id });
    expect(empty.status).toBe(400);
    const res = await run(meetingRoute.action, makeRequest(`/meetings/${first.id}`, { cookie, form: { intent: "cancel", reason: "Facilitator unwell" } }), { meetingId: first.id });
    expect(res.status).toBe(302);
    const after = db().select().from(meetings).where(eq(meetings.id, first.id)).get()!;
    expect(after).toMatchObject({ status: "cancelled", cancelReason: "Facilitator unwell", sequence: 1 });
    const its = db().select().from(jobs).where(eq(jobs.meetingId, first.id)).all();
    expect(its.filter((j) => j.kind.startsWith("reminder")).every((j) => j.status === "cancelled")).toBe(true);
    const notices = its.filter((j) => j.kind === "meeting_cancelled");
    expect(notices.length).toBe(4);
    expect(JSON.parse(notices[0].payload!)).toEqual({ reason: "Facilitator unwell" });
  });

  it("lets an admin cancel a meeting without showing them who is coming", async () => {
    const { facilitator, members, cohortId } = setUp();
    const admin = makePerson({ roles: ["admin"] });
    const [first] = await scheduleFirstMondays(cohortId, await cookieFor(facilitator.id));
    await run(meetingRoute.action, makeRequest(`/meetings/${first.id}`, { cookie: await cookieFor(members[0].id), form: { intent: "respond", response: "apologies", reason: "Night shift" } }), { meetingId: first.id });
    const cookie = await cookieFor(admin.id);
    const view = await jsonOf(await run(meetingRoute.loader, makeRequest(`/meetings/${first.id}`, { cookie }), { meetingId: first.id }));
    expect(view.role).toBe("admin");
    expect(view.meeting.members).toEqual([]);
    expect(JSON.stringify(view)).not.toContain("Night shift");
    const res = await run(meetingRoute.action, makeRequest(`/meetings/${first.id}`, { cookie, form: { intent: "cancel", reason: "Venue closed" } }), { meetingId: first.id });
    expect(res.status).toBe(302);
    expect(db().select().from(meetings).where(eq(meetings.id, first.id)).get()!.status).toBe("cancelled");
  });

  it("refuses changes from members and from another cohort's facilitator", async () => {
    const { facilitator, members, cohortId, place } = setUp();
    const [first] = await scheduleFirstMondays(cohortId, await cookieFor(facilitator.id));
    const stranger = makePerson({ roles: ["facilitator"], organisationId: place.organisationId });
    const memberCancel = await run(meetingRoute.action, makeRequest(`/meetings/${first.id}`, { cookie: await cookieFor(members[0].id), form: { intent: "cancel", reason: "x" } }), { meetingId: first.id });
    expect(memberCancel.status).toBe(403);
    const strangerView = await run(meetingRoute.loader, makeRequest(`/meetings/${first.id}`, { cookie: await cookieFor(stranger.id) }), { meetingId: first.id });
    expect(strangerView.status).toBe(403);
    expect(db().select().from(meetings).where(eq(meetings.id, first.id)).get()!.status).toBe("scheduled");
  });
});

describe("answers and attendance", () => {
  it("records a member's apologies; the reason is seen by the facilitator, not by other members", async () => {
    const { facilitator, members, cohortId } = setUp();
    const [first] = await scheduleFirstMondays(cohortId, await cookieFor(facilitator.id));
    const res = await run(meetingRoute.action, makeRequest(`/meetings/${first.id}`, { cookie: await cookieFor(members[0].id), form: { intent: "respond", response: "apologies", reason: "On call that day" } }), { meetingId: first.id });
    expect(res.status).toBe(302);
    const asFacilitator = await jsonOf(await run(meetingRoute.loader, makeRequest(`/meetings/${first.id}`, { cookie: await cookieFor(facilitator.id) }), { meetingId: first.id }));
    expect(asFacilitator.meeting.members.find((m: { id: string }) => m.id === members[0].id)).toMatchObject({ response: "apologies", reason: "On call that day" });
    const asOtherMember = await jsonOf(await run(meetingRoute.loader, makeRequest(`/meetings/${first.id}`, { cookie: await cookieFor(members[1].id) }), { meetingId: first.id }));
    expect(JSON.stringify(asOtherMember)).not.toContain("On call that day");
    const facilitatorAnswers = await run(meetingRoute.action, makeRequest(`/meetings/${first.id}`, { cookie: await cookieFor(facilitator.id), form: { intent: "respond", response: "attending" } }), { meetingId: first.id });
    expect(facilitatorAnswers.status).toBe(403);
  });

  it("records attendance only once the meeting has started, for members of the set", async () => {
    const { facilitator, members, cohortId } = setUp();
    const cookie = await cookieFor(facilitator.id);
    const id = newId();
    db().insert(meetings).values({ id, cohortId, startsAt: Date.now() - 3600_000, endsAt: Date.now() - 1000, videoUrl: "https://zoom.us/j/1" }).run();
    const outsider = makePerson();
    const bad = await run(meetingRoute.action, makeRequest(`/meetings/${id}`, { cookie, form: { intent: "attendance", attended: [members[0].id, outsider.id] } }), { meetingId: id });
    expect(bad.status).toBe(409);
    const ok = await run(meetingRoute.action, makeRequest(`/meetings/${id}`, { cookie, form: { intent: "attendance", attended: [members[0].id, members[2].id] } }), { meetingId: id });
    expect(ok.status).toBe(302);
    const rows = db().select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, id)).all();
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r.attended === 1).map((r) => r.userId).sort()).toEqual([members[0].id, members[2].id].sort());

    // Facilitators see per-person attendance on the cohort page; members do not.
    const page = await jsonOf(await run(cohortRoute.loader, makeRequest(`/cohorts/${cohortId}`, { cookie }), { cohortId }));
    expect(page.attendance).toHaveLength(4);
    const memberPage = await jsonOf(await run(cohortRoute.loader, makeRequest(`/cohorts/${cohortId}`, { cookie: await cookieFor(members[1].id) }), { cohortId }));
    expect(memberPage.attendance).toEqual([]);

    const future = newId();
    db().insert(meetings).values({ id: future, cohortId, startsAt: Date.now() + DAY, endsAt: Date.now() + DAY + 3600_000, videoUrl: "https://zoom.us/j/2" }).run();
    const early = await run(meetingRoute.action, makeRequest(`/meetings/${future}`, { cookie, form: { intent: "attendance", attended: [members[0].id] } }), { meetingId: future });
    expect(early.status).toBe(409);
    expect(db().select().from(meetingAttendance).where(and(eq(meetingAttendance.meetingId, future))).all()).toHaveLength(0);
  });

  it("shows admins attendance only as disclosure-controlled counts", async () => {
    const { facilitator, members, cohortId } = setUp();
    const admin = makePerson({ roles: ["admin"] });
    const id = newId();
    const startsAt = Date.now() - 2 * 3600_000;
    db().insert(meetings).values({ id, cohortId, startsAt, endsAt: startsAt + 3600_000, videoUrl: "https://zoom.us/j/1" }).run();
    await run(meetingRoute.action, makeRequest(`/meetings/${id}`, { cookie: await cookieFor(facilitator.id), form: { intent: "attendance", attended: members.map((m) => m.id) } }), { meetingId: id });
    const month = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit" }).format(startsAt).slice(0, 7);
    const page = await jsonOf(await run(adminMeetings.loader, makeRequest(`/admin/meetings?month=${month}`, { cookie: await cookieFor(admin.id) })));
    const row = page.groups.flatMap((g: { meetings: Array<{ id: string; attended: string }> }) => g.meetings).find((m: { id: string }) => m.id === id);
    expect(row.attended).toBe("<8");
    expect(JSON.stringify(page)).not.toContain(members[0].id);
  });
});

describe("keeping reminders right when the set changes", () => {
  it("reminds someone who joins after the meetings were scheduled, and stops reminders when the cohort is archived", async () => {
    const { facilitator, cohortId, place } = setUp();
    const admin = makePerson({ roles: ["admin"] });
    const saved = await scheduleFirstMondays(cohortId, await cookieFor(facilitator.id));
    const newcomer = makePerson({ roles: ["clinical_lead"], organisationId: place.organisationId });
    const added = addMember(cohortId, newcomer.id, { id: admin.id, name: "Admin", ip: "127.0.0.1" });
    expect(added.ok).toBe(true);
    const theirs = db().select().from(jobs).where(eq(jobs.userId, newcomer.id)).all();
    expect(theirs.filter((j) => j.kind === "reminder_1d")).toHaveLength(saved.length);

    expect(archiveCohort(cohortId, true, { id: admin.id, name: "Admin", ip: "127.0.0.1" }).ok).toBe(true);
    const pendingReminders = db()
      .select()
      .from(jobs)
      .all()
      .filter((j) => saved.some((m) => m.id === j.meetingId) && j.kind.startsWith("reminder") && j.status === "pending");
    expect(pendingReminders).toEqual([]);
  });

  it("does nothing when a meeting is saved unchanged, and tells members the old time when it moves", async () => {
    const { facilitator, cohortId } = setUp();
    const cookie = await cookieFor(facilitator.id);
    const [first] = await scheduleFirstMondays(cohortId, cookie);
    const same = await run(
      meetingRoute.action,
      makeRequest(`/meetings/${first.id}`, { cookie, form: { intent: "change", date: "2026-12-07", startTime: "14:00", endTime: "16:00", videoUrl: FIRST_MONDAYS.videoUrl } }),
      { meetingId: first.id },
    );
    expect(same.status).toBe(302);
    expect(db().select().from(meetings).where(eq(meetings.id, first.id)).get()!.sequence).toBe(0);
    expect(db().select().from(jobs).where(and(eq(jobs.meetingId, first.id), eq(jobs.kind, "meeting_changed"))).all()).toEqual([]);

    await run(
      meetingRoute.action,
      makeRequest(`/meetings/${first.id}`, { cookie, form: { intent: "change", date: "2026-12-07", startTime: "15:00", endTime: "17:00", videoUrl: FIRST_MONDAYS.videoUrl } }),
      { meetingId: first.id },
    );
    const notice = db().select().from(jobs).where(and(eq(jobs.meetingId, first.id), eq(jobs.kind, "meeting_changed"))).all()[0];
    expect(JSON.parse(notice.payload!).previousStartsAt).toBe(String(first.startsAt));
  });
});
