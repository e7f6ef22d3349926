/**
 * Calendar files and feeds, read back with ical.js (an independent parser):
 * London times across the clock change, stable UIDs with rising SEQUENCE,
 * cancelled meetings, who may download a meeting, and the private feed whose
 * token is the only credential.
 */
import { and, eq } from "drizzle-orm";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog, calendarFeeds, cohortMemberships, cohorts, meetings } from "~db/schema";
import { feedTokenFor, userForFeedToken } from "~/models/calendar.server";
import { deactivatePerson, reactivatePerson } from "~/models/people.server";
import { meetingsToIcs, type CalendarMeeting } from "~/server/calendar.server";
import { newId } from "~/server/ids.server";
import * as accountRoute from "~/routes/account._index";
import * as feedRoute from "~/routes/calendar.$token.meetings[.]ics";
import * as downloadRoute from "~/routes/meetings.$meetingId.calendar[.]ics";
import { cookieFor, db, jsonOf, makePerson, makePlace, makeRequest, ORIGIN, run, useTestApp } from "../helpers/app";

useTestApp();

// Dates in this file are written for this "today"; only Date is faked.
beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-22T12:00:00Z"));
});
afterAll(() => {
  vi.useRealTimers();
});

const DAY = 24 * 60 * 60 * 1000;

// ---- helpers ---------------------------------------------------------------

function makeCohort(name: string, facilitatorId: string, coFacilitatorId: string | null = null) {
  const { footprintId } = makePlace();
  const id = newId();
  db()
    .insert(cohorts)
    .values({ id, name, footprintId, termStart: "2026-09-01", termEnd: "2027-08-31", facilitatorId, coFacilitatorId })
    .run();
  return id;
}

function join(cohortId: string, userId: string, leftAt: number | null = null) {
  db().insert(cohortMemberships).values({ id: newId(), cohortId, userId, joinedAt: Date.now() - 100 * DAY, leftAt }).run();
}

function makeMeeting(cohortId: string, startsAt: number, extra: Partial<typeof meetings.$inferInsert> = {}) {
  const id = newId();
  db()
    .insert(meetings)
    .values({ id, cohortId, startsAt, endsAt: startsAt + 90 * 60_000, videoUrl: "https://meet.example.nhs.uk/als-room", createdAt: Date.now(), ...extra })
    .run();
  return id;
}

type Parsed = { calendar: ICAL.Component; events: ICAL.Component[]; text: string };

function parse(text: string): Parsed {
  const calendar = new ICAL.Component(ICAL.parse(text));
  // As a calendar app does: times with TZID are read through the file's own VTIMEZONE.
  for (const vtz of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  return { calendar, events: calendar.getAllSubcomponents("vevent"), text };
}

async function icsOf(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
  return parse(await res.text());
}

const value = (event: ICAL.Component, name: string) => event.getFirstPropertyValue(name);
const startOf = (event: ICAL.Component) => (value(event, "dtstart") as ICAL.Time).toJSDate().toISOString();
const eventFor = (parsed: Parsed, meetingId: string) => {
  const found = parsed.events.find((e) => value(e, "uid") === `meeting-${meetingId}@cln-als`);
  expect(found, `event for meeting ${meetingId}`).toBeDefined();
  return found!;
};

const download = (meetingId: string, cookie?: string) =>
  run(downloadRoute.loader, makeRequest(`/meetings/${meetingId}/calendar.ics`, { cookie }), { meetingId });
const feed = (token: string) => run(feedRoute.loader, makeRequest(`/calendar/${token}/meetings.ics`), { token });

// ---- a small world -----------------------------------------------------------

function world() {
  const facilitator = makePerson({ roles: ["facilitator"], name: "Fran Okafor", email: `fran.${newId()}@nhs.net` });
  const coFacilitator = makePerson({ roles: ["facilitator"] });
  const member = makePerson();
  const former = makePerson();
  const otherFacilitator = makePerson({ roles: ["facilitator"] });
  const otherMember = makePerson();
  const cohortA = makeCohort(`Set A ${newId()}`, facilitator.id, coFacilitator.id);
  const cohortB = makeCohort(`Set B ${newId()}`, otherFacilitator.id);
  join(cohortA, member.id);
  join(cohortA, former.id, Date.now() - DAY);
  join(cohortB, otherMember.id);
  return { facilitator, coFacilitator, member, former, otherFacilitator, otherMember, cohortA, cohortB };
}

// 14:00 in London: GMT in January, BST in July.
const WINTER = Date.parse("2027-01-14T14:00:00Z");
const SUMMER = Date.parse("2027-07-15T13:00:00Z");

// ---- the iCalendar itself ------------------------------------------------------

describe("meeting iCalendar", () => {
  it("writes London wall-clock times with a Europe/London VTIMEZONE, right on both sides of the clock change", async () => {
    const w = world();
    const winter = makeMeeting(w.cohortA, WINTER);
    const summer = makeMeeting(w.cohortA, SUMMER);
    const cookie = await cookieFor(w.member.id);

    for (const [id, utc, local] of [
      [winter, "2027-01-14T14:00:00.000Z", "20270114T140000"],
      [summer, "2027-07-15T13:00:00.000Z", "20270715T140000"],
    ] as const) {
      const parsed = await icsOf(await download(id, cookie));
      const zones = parsed.calendar.getAllSubcomponents("vtimezone");
      expect(zones.map((z) => z.getFirstPropertyValue("tzid"))).toEqual(["Europe/London"]);
      expect(parsed.events).toHaveLength(1);
      const [event] = parsed.events;
      expect(event.getFirstProperty("dtstart")!.getParameter("tzid")).toBe("Europe/London");
      expect(parsed.text).toContain(`DTSTART;TZID=Europe/London:${local}`);
      expect(startOf(event)).toBe(utc);
      expect((value(event, "dtend") as ICAL.Time).toJSDate().getTime() - Date.parse(utc)).toBe(90 * 60_000);
      expect(value(parsed.calendar, "method")).toBe("PUBLISH");
      // RFC 5545: DTSTAMP is always UTC, never a floating local time.
      expect(parsed.text).toMatch(/^DTSTAMP:\d{8}T\d{6}Z\r$/m);
    }
  });

  it("describes the meeting: summary, video link, meeting page, organiser and status", async () => {
    const w = world();
    const id = makeMeeting(w.cohortA, WINTER);
    const cohortName = db().select({ name: cohorts.name }).from(cohorts).where(eq(cohorts.id, w.cohortA)).get()!.name;
    const [event] = (await icsOf(await download(id, await cookieFor(w.member.id)))).events;

    expect(value(event, "summary")).toBe(`${cohortName}: action learning set`);
    expect(value(event, "location")).toBe("https://meet.example.nhs.uk/als-room");
    expect(value(event, "url")).toBe("https://meet.example.nhs.uk/als-room");
    expect(value(event, "description")).toContain("https://meet.example.nhs.uk/als-room");
    expect(value(event, "description")).toContain(`${ORIGIN}/meetings/${id}`);
    expect(value(event, "status")).toBe("CONFIRMED");
    expect(value(event, "sequence")).toBe(0);
    const organizer = event.getFirstProperty("organizer")!;
    expect(organizer.getFirstValue()).toBe(`mailto:${w.facilitator.email}`);
    expect(organizer.getParameter("cn")).toBe("Fran Okafor");
  });

  it("keeps the UID when a meeting changes, while SEQUENCE goes up and the new time shows", async () => {
    const w = world();
    const id = makeMeeting(w.cohortA, WINTER);
    const cookie = await cookieFor(w.member.id);
    const before = (await icsOf(await download(id, cookie))).events[0];

    // What the scheduling code does on a change a calendar must see.
    const moved = WINTER + 7 * DAY;
    db()
      .update(meetings)
      .set({ startsAt: moved, endsAt: moved + 90 * 60_000, sequence: 1, updatedAt: Date.now() + 1000 })
      .where(eq(meetings.id, id))
      .run();
    const after = (await icsOf(await download(id, cookie))).events[0];

    expect(value(before, "uid")).toBe(`meeting-${id}@cln-als`);
    expect(value(after, "uid")).toBe(value(before, "uid"));
    expect(value(before, "sequence")).toBe(0);
    expect(value(after, "sequence")).toBe(1);
    expect(startOf(after)).toBe("2027-01-21T14:00:00.000Z");
    const stamp = (e: ICAL.Component) => (value(e, "dtstamp") as ICAL.Time).toJSDate().getTime();
    expect(stamp(after)).toBeGreaterThan(stamp(before));
  });

  it("marks a cancelled meeting STATUS:CANCELLED with its reason, and keeps it in the feed", async () => {
    const w = world();
    const kept = makeMeeting(w.cohortA, WINTER);
    const cancelled = makeMeeting(w.cohortA, SUMMER, {
      status: "cancelled",
      cancelReason: "Facilitator unwell; we will rearrange",
      sequence: 2,
      updatedAt: Date.now(),
    });
    const parsed = await icsOf(await feed(feedTokenFor(w.member.id)));

    expect(value(eventFor(parsed, kept), "status")).toBe("CONFIRMED");
    const event = eventFor(parsed, cancelled);
    expect(value(event, "status")).toBe("CANCELLED");
    expect(value(event, "sequence")).toBe(2);
    expect(value(event, "description")).toContain("Facilitator unwell; we will rearrange");
  });

  it("makes a valid calendar, with its time zone, even with no meetings", () => {
    const parsed = parse(meetingsToIcs([], { name: "Empty", origin: ORIGIN }));
    expect(parsed.events).toHaveLength(0);
    expect(parsed.calendar.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid"))).toEqual(["Europe/London"]);
  });

  it("gives the same text for the same meeting version (no clock inside)", () => {
    const m: CalendarMeeting = {
      id: "m1",
      startsAt: WINTER,
      endsAt: WINTER + 3_600_000,
      videoUrl: "https://meet.example.nhs.uk/x",
      status: "scheduled",
      cancelReason: null,
      sequence: 0,
      cohortName: "Set",
      facilitator: { name: "F", email: "f@nhs.net" },
      updatedAt: null,
      createdAt: Date.parse("2026-10-01T09:00:00Z"),
    };
    const first = meetingsToIcs([m], { name: "x", origin: ORIGIN });
    expect(meetingsToIcs([m], { name: "x", origin: ORIGIN })).toBe(first);
    expect(first).toContain("DTSTAMP:20261001T090000Z");
  });
});

// ---- who may download ----------------------------------------------------------

describe("single-meeting download", () => {
  it("lets the facilitators and current members download, with a dated attachment that is not cached", async () => {
    const w = world();
    const id = makeMeeting(w.cohortA, SUMMER);
    for (const person of [w.facilitator, w.coFacilitator, w.member]) {
      const res = await download(id, await cookieFor(person.id));
      expect(res.status, person.id).toBe(200);
      expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="cln-als-meeting-2027-07-15.ics"');
      expect(res.headers.get("Cache-Control")).toBe("no-store");
    }
  });

  it("answers 403 alike to another cohort's people, a former member and an unknown id; sends anonymous visitors to sign in", async () => {
    const w = world();
    const id = makeMeeting(w.cohortA, WINTER);
    const refusals = [
      await download(id, await cookieFor(w.otherMember.id)),
      await download(id, await cookieFor(w.otherFacilitator.id)),
      await download(id, await cookieFor(w.former.id)),
      await download("no-such-meeting", await cookieFor(w.member.id)),
    ];
    const bodies = [];
    for (const res of refusals) {
      expect(res.status).toBe(403);
      expect(res.headers.get("Content-Type") ?? "").not.toMatch(/calendar/);
      bodies.push(await res.text());
    }
    expect(new Set(bodies).size).toBe(1);

    const anonymous = await download(id);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe(`/sign-in?redirectTo=${encodeURIComponent(`/meetings/${id}/calendar.ics`)}`);
  });
});

// ---- the subscription feed ------------------------------------------------------

describe("calendar feed", () => {
  it("lists only the person's own cohorts' meetings from 35 days ago on, needing no cookie", async () => {
    const w = world();
    const longAgo = makeMeeting(w.cohortA, Date.now() - 60 * DAY);
    const recent = makeMeeting(w.cohortA, Date.now() - 10 * DAY);
    const winter = makeMeeting(w.cohortA, WINTER);
    const summer = makeMeeting(w.cohortA, SUMMER);
    const elsewhere = makeMeeting(w.cohortB, WINTER);
    const uids = (p: Parsed) => p.events.map((e) => value(e, "uid")).sort();
    const expected = [recent, winter, summer].map((id) => `meeting-${id}@cln-als`).sort();

    const res = await feed(feedTokenFor(w.member.id));
    expect(res.headers.get("Cache-Control")).toBe("private, max-age=300");
    const memberFeed = await icsOf(res);
    expect(uids(memberFeed)).toEqual(expected);
    expect(memberFeed.text).not.toContain(longAgo);
    expect(memberFeed.text).not.toContain(elsewhere);
    expect(value(eventFor(memberFeed, summer), "dtstart")!.toString()).toContain("2027-07-15T14:00:00");
    expect(startOf(eventFor(memberFeed, summer))).toBe("2027-07-15T13:00:00.000Z");

    // Facilitators see the meetings they run; the other cohort's people see only theirs.
    expect(uids(await icsOf(await feed(feedTokenFor(w.coFacilitator.id))))).toEqual(expected);
    expect(uids(await icsOf(await feed(feedTokenFor(w.otherMember.id))))).toEqual([`meeting-${elsewhere}@cln-als`]);
    // Leaving a cohort takes its meetings out of the feed.
    expect(uids(await icsOf(await feed(feedTokenFor(w.former.id))))).toEqual([]);
  });

  it("keeps one token per person until it is reset", () => {
    const person = makePerson();
    const token = feedTokenFor(person.id);
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(feedTokenFor(person.id)).toBe(token);
    expect(feedTokenFor(makePerson().id)).not.toBe(token);
    expect(userForFeedToken(token)?.id).toBe(person.id);
  });

  it("answers 404 to an unknown or malformed token, and to a deactivated person's token until they are reactivated", async () => {
    const w = world();
    const admin = { id: makePerson({ roles: ["admin"] }).id, name: "Admin" };
    const person = makePerson({ passwordHash: "set-by-accepting-an-invitation" });
    join(w.cohortA, person.id);
    makeMeeting(w.cohortA, WINTER);
    const token = feedTokenFor(person.id);
    expect((await feed(token)).status).toBe(200);

    expect((await feed("a".repeat(32))).status).toBe(404);
    expect((await feed(`${token}x`)).status).toBe(404);
    expect((await feed("../../etc")).status).toBe(404);

    expect(await deactivatePerson(person.id, admin)).toEqual({ ok: true });
    expect((await feed(token)).status).toBe(404);
    expect(userForFeedToken(token)).toBeNull();

    expect(reactivatePerson(person.id, admin)).toEqual({ ok: true, status: "active" });
    expect((await feed(token)).status).toBe(200);
  });
});

// ---- the account page -------------------------------------------------------------

describe("account page: calendar subscription", () => {
  const accountUrl = async (cookie: string) =>
    (await jsonOf<{ calendarUrl: string | null }>(await run(accountRoute.loader, makeRequest("/account", { cookie })))).calendarUrl;
  const tokenIn = (url: string | null) => url!.match(/\/calendar\/([a-z2-7]+)\/meetings\.ics$/)![1];

  it("shows the private link, and resetting it stops the old one, gives a new one and is audited", async () => {
    const w = world();
    makeMeeting(w.cohortA, WINTER);
    const cookie = await cookieFor(w.member.id);
    // Viewing the page makes no link (GET changes nothing); asking for one does.
    expect(await accountUrl(cookie)).toBeNull();
    const created = await run(accountRoute.action, makeRequest("/account", { cookie, form: { intent: "create-calendar" } }));
    expect(created.status).toBe(302);
    const url = await accountUrl(cookie);
    expect(url).toMatch(new RegExp(`^${ORIGIN}/calendar/[a-z2-7]{32}/meetings\\.ics$`));
    expect(await accountUrl(cookie)).toBe(url);
    const oldToken = tokenIn(url);
    expect((await feed(oldToken)).status).toBe(200);

    const res = await run(accountRoute.action, makeRequest("/account", { cookie, form: { intent: "reset-calendar" } }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/account?notice=calendar-reset");

    const newToken = tokenIn(await accountUrl(cookie));
    expect(newToken).not.toBe(oldToken);
    expect((await feed(oldToken)).status).toBe(404);
    expect((await icsOf(await feed(newToken))).events).toHaveLength(1);

    const entries = db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "calendar_feed_reset"), eq(auditLog.actorId, w.member.id)))
      .all();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ targetType: "user", targetId: w.member.id, ip: "127.0.0.1" });
    expect(JSON.stringify(entries[0])).not.toContain(oldToken);
    expect(JSON.stringify(entries[0])).not.toContain(newToken);
  });

  it("refuses an unknown intent or an extra field, changing nothing; anonymous visitors go to sign in", async () => {
    const person = makePerson();
    const cookie = await cookieFor(person.id);
    const token = feedTokenFor(person.id);
    const tokenNow = () => db().select({ t: calendarFeeds.token }).from(calendarFeeds).where(eq(calendarFeeds.userId, person.id)).get()?.t;

    const unknown = await run(accountRoute.action, makeRequest("/account", { cookie, form: { intent: "delete-everything" } }));
    expect(unknown.status).toBe(400);
    const extra = await run(accountRoute.action, makeRequest("/account", { cookie, form: { intent: "reset-calendar", userId: "someone-else" } }));
    expect(extra.status).toBe(400);
    expect((await jsonOf(extra)).formError).toMatch(/userId/);
    const anonymous = await run(accountRoute.action, makeRequest("/account", { form: { intent: "reset-calendar" } }));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/sign-in/);

    expect(tokenNow()).toBe(token);
    expect(db().select().from(auditLog).where(and(eq(auditLog.action, "calendar_feed_reset"), eq(auditLog.actorId, person.id))).all()).toHaveLength(0);
  });
});
