/**
 * The wellbeing check (optional, private, consented): consent given and
 * withdrawn; answers only with consent, only by the person, only at a live
 * meeting's check-in they are a member of (or from their own page); PHQ-4
 * stored and scored; privacy (no page of anyone else, and nothing the live
 * meeting's socket sends, carries an answer or who took part); signposting
 * only for the person; aggregates disclosure-controlled.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { footprints, liveEvents, liveMeetings, settings, wellbeingAnswers, wellbeingConsents } from "~db/schema";
import { initialState } from "~/domain/live/machine";
import type { MeetingState, Stage } from "~/domain/live/types";
import { loadOrCreateLiveMeeting } from "~/models/live-meetings.server";
import {
  consentOf,
  deleteMyAnswers,
  giveConsent,
  myTrend,
  recordAnswer,
  signpostingFor,
  wellbeingAggregates,
  withdrawConsent,
} from "~/models/wellbeing.server";
import * as footprintRoute from "~/routes/admin.footprints.$footprintId";
import * as cohortRoute from "~/routes/cohorts.$cohortId";
import * as facilitatorRoute from "~/routes/facilitator._index";
import * as leadRoute from "~/routes/lead._index";
import * as liveRoute from "~/routes/meetings.$meetingId.live";
import * as meetingRoute from "~/routes/meetings.$meetingId._index";
import * as wellbeingRoute from "~/routes/wellbeing._index";
import { newId } from "~/server/ids.server";
import { cookieFor, db, jsonOf, makePerson, makePlace, makeRequest, run, useTestApp } from "../helpers/app";
import { makeMeeting, makeSet } from "../helpers/sets";

useTestApp();

const HIGH = { phq1: "3", phq2: "2", phq3: "1", phq4: "0" }; // anxiety 5 (flagged), depression 1
const LOW = { phq1: "0", phq2: "1", phq3: "1", phq4: "1" }; // anxiety 1, depression 2: no flag

function setMode(mode: 0 | 1 | 2) {
  db()
    .insert(settings)
    .values({ key: "wellbeingCheck", value: String(mode), updatedAt: Date.now() })
    .onConflictDoUpdate({ target: settings.key, set: { value: String(mode) } })
    .run();
}

function setStage(meetingId: string, stage: Stage) {
  const base = loadOrCreateLiveMeeting(meetingId)!;
  const state: MeetingState = { ...base, position: { stage, presenterIndex: null, step: null } };
  db()
    .insert(liveMeetings)
    .values({ meetingId, state: JSON.stringify(state), version: state.version, updatedAt: Date.now() })
    .onConflictDoUpdate({ target: liveMeetings.meetingId, set: { state: JSON.stringify(state) } })
    .run();
}

async function world() {
  const place = makePlace();
  db().update(footprints).set({ hubName: "Example Staff Wellbeing Hub", hubPhone: "0300 123 4567", hubUrl: "https://example.org/hub", hubHours: "Monday to Friday, 8am to 8pm" }).where(eq(footprints.id, place.footprintId)).run();
  const set = makeSet(place.footprintId, { members: ["Priya Shah", "Tom Hughes"] });
  const meetingId = makeMeeting(set.cohortId, Date.now() - 10 * 60_000);
  setStage(meetingId, "check_in");
  const [priya, tom] = set.members;
  return {
    place,
    ...set,
    meetingId,
    priya,
    tom,
    priyaCookie: await cookieFor(priya.id),
    tomCookie: await cookieFor(tom.id),
    facilitatorCookie: await cookieFor(set.facilitator.id),
  };
}

const livePath = (id: string) => `/meetings/${id}/live`;
const answer = (meetingId: string, cookie: string, form: Record<string, string>) =>
  run(liveRoute.action, makeRequest(livePath(meetingId), { cookie, form: { intent: "wellbeing", ...form } }), { meetingId });
const choose = (meetingId: string, cookie: string, choice: string) =>
  run(liveRoute.action, makeRequest(livePath(meetingId), { cookie, form: { intent: "wellbeing-choice", choice } }), { meetingId });
const liveLoad = async (meetingId: string, cookie: string) => jsonOf(await run(liveRoute.loader, makeRequest(livePath(meetingId), { cookie }), { meetingId }));
const answersOf = (userId: string) => db().select().from(wellbeingAnswers).where(eq(wellbeingAnswers.userId, userId)).all();

beforeEach(() => {
  setMode(2);
});

describe("consent", () => {
  it("is given, withdrawn (stopping new answers, keeping past ones) and given again", async () => {
    const w = await world();
    expect(consentOf(w.priya.id)).toEqual({ consented: false, consentedAt: null, withdrawnAt: null });

    const refused = await answer(w.meetingId, w.priyaCookie, { arrival: "6", ...LOW });
    expect(refused.status).toBe(403);
    expect(answersOf(w.priya.id)).toEqual([]);

    expect((await choose(w.meetingId, w.priyaCookie, "take-part")).status).toBe(200);
    expect(consentOf(w.priya.id).consented).toBe(true);
    expect((await answer(w.meetingId, w.priyaCookie, { arrival: "6", ...LOW })).status).toBe(200);

    withdrawConsent(w.priya.id, Date.now());
    expect(consentOf(w.priya.id)).toMatchObject({ consented: false, withdrawnAt: expect.any(Number) });
    expect((await answer(w.meetingId, w.priyaCookie, { arrival: "2", ...LOW })).status).toBe(403);
    expect(answersOf(w.priya.id)).toHaveLength(1); // kept until deleted
    expect(answersOf(w.priya.id)[0].arrival).toBe(6);

    giveConsent(w.priya.id, Date.now());
    expect(consentOf(w.priya.id)).toMatchObject({ consented: true, withdrawnAt: null });

    expect(deleteMyAnswers(w.priya.id)).toBe(1);
    expect(answersOf(w.priya.id)).toEqual([]);
  });
});

describe("recording an answer", () => {
  it("stores and scores the PHQ-4 with the meeting's footprint, one answer per meeting", async () => {
    const w = await world();
    giveConsent(w.priya.id, Date.now());
    const saved = await answer(w.meetingId, w.priyaCookie, { arrival: "3", ...HIGH });
    expect(saved.status).toBe(200);
    const [row] = answersOf(w.priya.id);
    expect(row).toMatchObject({ meetingId: w.meetingId, footprintId: w.place.footprintId, measure: "phq4", arrival: 3, phq1: 3, phq2: 2, phq3: 1, phq4: 0 });

    const trend = myTrend(w.priya.id);
    expect(trend[0].phq4?.score).toEqual({ anxiety: 5, depression: 1, total: 6, anxietyFlag: true, depressionFlag: false, band: "moderate" });

    // Answering again at the same meeting replaces the answer.
    expect((await answer(w.meetingId, w.priyaCookie, { arrival: "7", ...LOW })).status).toBe(200);
    expect(answersOf(w.priya.id)).toHaveLength(1);
    expect(answersOf(w.priya.id)[0]).toMatchObject({ arrival: 7, phq1: 0 });
  });

  it("refuses bad input, the PHQ-4 when only the arrival scale is on, and anything when the check is off", async () => {
    const w = await world();
    giveConsent(w.priya.id, Date.now());
    for (const form of [{ arrival: "11", ...LOW }, { arrival: "5", ...LOW, phq4: "4" }, { arrival: "5" }, { arrival: "x", ...LOW }, { arrival: "5", ...LOW, userId: w.tom.id }]) {
      expect((await answer(w.meetingId, w.priyaCookie, form)).status, JSON.stringify(form)).toBe(400);
    }
    setMode(1);
    expect((await answer(w.meetingId, w.priyaCookie, { arrival: "5", ...LOW })).status).toBe(400);
    expect((await answer(w.meetingId, w.priyaCookie, { arrival: "5" })).status).toBe(200);
    expect(answersOf(w.priya.id)[0]).toMatchObject({ measure: "arrival", arrival: 5, phq1: null });
    setMode(0);
    expect((await answer(w.meetingId, w.priyaCookie, { arrival: "5" })).status).toBe(409);
    expect((await liveLoad(w.meetingId, w.priyaCookie)).wellbeing).toBeNull();
  });

  it("is open only at the check-in, only to the set's members, and only for themselves", async () => {
    const w = await world();
    giveConsent(w.priya.id, Date.now());
    giveConsent(w.facilitator.id, Date.now());
    setStage(w.meetingId, "bids");
    expect((await answer(w.meetingId, w.priyaCookie, { arrival: "5", ...LOW })).status).toBe(409);
    setStage(w.meetingId, "check_in");

    // The facilitator does not answer at their set's check-in, and an outsider or admin cannot post at all.
    expect((await answer(w.meetingId, w.facilitatorCookie, { arrival: "5", ...LOW })).status).toBe(403);
    const outsider = makePerson({ roles: ["clinical_lead"] });
    giveConsent(outsider.id, Date.now());
    expect((await answer(w.meetingId, await cookieFor(outsider.id), { arrival: "5", ...LOW })).status).toBe(403);
    const admin = makePerson({ roles: ["admin"] });
    expect((await answer(w.meetingId, await cookieFor(admin.id), { arrival: "5", ...LOW })).status).toBe(403);
    expect(answersOf(outsider.id)).toEqual([]);
    expect(answersOf(w.facilitator.id)).toEqual([]);

    // The model refuses a meeting the person is not in, whatever the caller says.
    expect(recordAnswer({ userId: outsider.id, meetingId: w.meetingId, arrival: 5, phq4: { phq1: 0, phq2: 0, phq3: 0, phq4: 0 }, now: Date.now() })).toMatchObject({ ok: false, status: 403 });
  });

  it("can be given from the person's own wellbeing page, with their organisation's footprint", async () => {
    const place = makePlace();
    const me = makePerson({ organisationId: place.organisationId });
    const cookie = await cookieFor(me.id);
    const post = (form: Record<string, string>) => run(wellbeingRoute.action, makeRequest("/wellbeing", { cookie, form }));
    expect((await post({ intent: "wellbeing", arrival: "4", ...LOW })).status).toBe(403);
    expect((await post({ intent: "wellbeing-choice", choice: "take-part" })).status).toBe(200);
    expect((await post({ intent: "wellbeing", arrival: "4", ...LOW })).status).toBe(200);
    expect(answersOf(me.id)).toEqual([expect.objectContaining({ meetingId: null, footprintId: place.footprintId, arrival: 4 })]);

    const page = await jsonOf(await run(wellbeingRoute.loader, makeRequest("/wellbeing", { cookie })));
    expect(page.consent.consented).toBe(true);
    expect(page.trend).toHaveLength(1);
    expect(page.flagged).toBe(false);

    expect((await post({ intent: "wellbeing-choice", choice: "withdraw" })).status).toBe(200);
    expect(consentOf(me.id).consented).toBe(false);
    expect((await post({ intent: "wellbeing-choice", choice: "delete-answers" })).status).toBe(200);
    expect(answersOf(me.id)).toEqual([]);
    expect(db().select().from(wellbeingConsents).where(eq(wellbeingConsents.userId, me.id)).get()).toMatchObject({ withdrawnAt: expect.any(Number) });
  });
});

describe("privacy", () => {
  it("gives the person their own result and, when a sub-score is 3 or more, their hub; nobody else sees either", async () => {
    const w = await world();
    giveConsent(w.priya.id, Date.now());
    expect((await answer(w.meetingId, w.priyaCookie, { arrival: "2", ...HIGH })).status).toBe(200);
    const [row] = answersOf(w.priya.id);

    const mine = await liveLoad(w.meetingId, w.priyaCookie);
    expect(mine.wellbeing).toMatchObject({ mode: 2, consent: { consented: true }, answer: { id: row.id, arrival: 2, phq4: { score: { anxietyFlag: true } } } });
    expect(mine.wellbeing.signposting.hubs).toEqual([
      { footprintName: expect.any(String), name: "Example Staff Wellbeing Hub", phone: "0300 123 4567", url: "https://example.org/hub", hours: "Monday to Friday, 8am to 8pm" },
    ]);

    // Another member: only their own (empty) check, nothing of Priya's.
    const toms = await liveLoad(w.meetingId, w.tomCookie);
    expect(toms.wellbeing).toEqual({ mode: 2, consent: { consented: false, consentedAt: null, withdrawnAt: null }, answer: null, signposting: null });
    // The facilitator: no wellbeing at all.
    const facilitators = await liveLoad(w.meetingId, w.facilitatorCookie);
    expect(facilitators.wellbeing).toBeNull();

    const pages: Array<[string, unknown]> = [
      ["live page (other member)", toms],
      ["live page (facilitator)", facilitators],
      ["meeting page (facilitator)", await jsonOf(await run(meetingRoute.loader, makeRequest(`/meetings/${w.meetingId}`, { cookie: w.facilitatorCookie }), { meetingId: w.meetingId }))],
      ["meeting page (other member)", await jsonOf(await run(meetingRoute.loader, makeRequest(`/meetings/${w.meetingId}`, { cookie: w.tomCookie }), { meetingId: w.meetingId }))],
      ["cohort page (facilitator)", await jsonOf(await run(cohortRoute.loader, makeRequest(`/cohorts/${w.cohortId}`, { cookie: w.facilitatorCookie }), { cohortId: w.cohortId }))],
      ["cohort page (other member)", await jsonOf(await run(cohortRoute.loader, makeRequest(`/cohorts/${w.cohortId}`, { cookie: w.tomCookie }), { cohortId: w.cohortId }))],
      ["facilitator home", await jsonOf(await run(facilitatorRoute.loader, makeRequest("/facilitator", { cookie: w.facilitatorCookie })))],
      ["lead home (other member)", await jsonOf(await run(leadRoute.loader, makeRequest("/lead", { cookie: w.tomCookie })))],
      ["wellbeing page (other member)", await jsonOf(await run(wellbeingRoute.loader, makeRequest("/wellbeing", { cookie: w.tomCookie })))],
    ];
    for (const [name, body] of pages) {
      const text = JSON.stringify(body);
      expect(text, name).not.toContain(row.id);
      expect(text, name).not.toMatch(/"phq|"arrival"|anxiety/);
      // Tom's own wellbeing page lists his footprint's hub (for anyone, flagged or not); nowhere else names it.
      if (!name.startsWith("wellbeing page")) expect(text, name).not.toContain("Example Staff Wellbeing Hub");
      expect(text, name).not.toMatch(/"consented":true/);
    }
    // Tom's own page lists only his (no) answers.
    expect((pages[8][1] as { trend: unknown[] }).trend).toEqual([]);
  });

  it("keeps answers out of the live meeting's state and events, which are all the socket ever sends", async () => {
    const w = await world();
    const before = loadOrCreateLiveMeeting(w.meetingId);
    giveConsent(w.priya.id, Date.now());
    expect((await answer(w.meetingId, w.priyaCookie, { arrival: "1", ...HIGH })).status).toBe(200);
    const [row] = answersOf(w.priya.id);
    expect(loadOrCreateLiveMeeting(w.meetingId)).toEqual(before);
    const stored = db().select().from(liveMeetings).where(eq(liveMeetings.meetingId, w.meetingId)).get()!;
    expect(stored.state).not.toMatch(/phq|arrival|wellbeing/i);
    expect(stored.state).not.toContain(row.id);
    expect(db().select().from(liveEvents).where(eq(liveEvents.meetingId, w.meetingId)).all()).toEqual([]);

    // The live meeting's server and protocol do not touch the wellbeing check at all.
    const realtime = readdirSync("realtime").filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    const liveDomain = readdirSync("app/domain/live").filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    for (const file of [...realtime.map((f) => join("realtime", f)), ...liveDomain.map((f) => join("app/domain/live", f)), "app/models/live-meetings.server.ts"]) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(/wellbeing/i);
    }
  });

  it("signposts only to the person's own footprints", async () => {
    const w = await world();
    const elsewhere = makePlace();
    db().update(footprints).set({ hubName: "Another Hub" }).where(eq(footprints.id, elsewhere.footprintId)).run();
    expect(signpostingFor(w.priya.id).hubs.map((h) => h.name)).toEqual(["Example Staff Wellbeing Hub"]);
    expect(signpostingFor(makePerson().id).hubs).toEqual([]);
  });
});

describe("each footprint's hub", () => {
  it("is kept by admins: https web addresses only, empty fields clear, others refused", async () => {
    const place = makePlace();
    const adminCookie = await cookieFor(makePerson({ roles: ["admin"] }).id);
    const path = `/admin/footprints/${place.footprintId}`;
    const post = (form: Record<string, string>, cookie = adminCookie) =>
      run(footprintRoute.action, makeRequest(path, { cookie, form: { intent: "save-hub", ...form } }), { footprintId: place.footprintId });
    const hub = { hubName: "Example Hub", hubPhone: "0300 123 4567", hubUrl: "https://example.org/hub", hubHours: "24 hours" };
    const bad = await post({ ...hub, hubUrl: "http://example.org/hub" });
    expect(bad.status).toBe(400);
    expect((await jsonOf(bad)).errors.hubUrl).toMatch(/https:\/\//);
    expect((await post({ ...hub, hubUrl: "javascript:alert(1)" })).status).toBe(400);
    expect((await post({ ...hub, hubPhone: "call me" })).status).toBe(400);
    expect((await post(hub)).status).toBe(302);
    const row = () => db().select().from(footprints).where(eq(footprints.id, place.footprintId)).get()!;
    expect(row()).toMatchObject(hub);
    const page = await jsonOf(await run(footprintRoute.loader, makeRequest(path, { cookie: adminCookie }), { footprintId: place.footprintId }));
    expect(page.footprint).toMatchObject(hub);
    expect((await post({ hubName: "", hubPhone: "", hubUrl: "", hubHours: "" })).status).toBe(302);
    expect(row()).toMatchObject({ hubName: null, hubPhone: null, hubUrl: null, hubHours: null });
    expect((await post(hub, await cookieFor(makePerson({ roles: ["facilitator"] }).id))).status).toBe(403);
  });
});

describe("aggregates", () => {
  it("are by footprint and quarter, disclosure-controlled, with no person in them", async () => {
    const big = makePlace();
    const small = makePlace();
    const at = Date.UTC(2030, 4, 15); // 2030-Q2, away from other tests' answers
    const insert = (footprintId: string, n: number, arrival: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const person = makePerson();
        ids.push(person.id);
        db().insert(wellbeingAnswers).values({ id: newId(), userId: person.id, footprintId, measure: "arrival", arrival, createdAt: at + i }).run();
      }
      return ids;
    };
    const people = [...insert(big.footprintId, 9, 6), ...insert(small.footprintId, 3, 1)];
    const out = wellbeingAggregates({ from: Date.UTC(2030, 0, 1), to: Date.UTC(2031, 0, 1) });
    const bigRow = out.find((a) => a.footprintId === big.footprintId)!;
    const smallRow = out.find((a) => a.footprintId === small.footprintId)!;
    expect(bigRow).toMatchObject({ quarter: "2030-Q2", people: { kind: "rounded", value: 10 }, arrivalMedian: 6, note: null, footprintName: expect.stringMatching(/^Footprint/) });
    expect(smallRow).toMatchObject({ quarter: "2030-Q2", people: { kind: "suppressed" }, answers: { kind: "suppressed" }, arrivalMedian: null, note: "not enough data" });
    const text = JSON.stringify(out);
    for (const id of people) expect(text).not.toContain(id);
    expect(wellbeingAggregates({ from: Date.UTC(2031, 0, 1), to: Date.UTC(2032, 0, 1) })).toEqual([]);
  });
});
