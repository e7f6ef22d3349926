/**
 * Actions after the meeting: My actions for their owner (every cohort, open
 * first, whole history), updates between meetings (dropped needs a reason,
 * closed actions refuse), details, CSV and printable exports; the cohort's
 * actions for its facilitators and members; and nobody outside the cohort
 * (admins included) reads an action by any route. The live meeting side:
 * the next progress-report stage lists open actions with the owner's latest
 * update, and ending a meeting carries unreported actions forward.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { actionReports, actions, auditLog } from "~db/schema";
import { applyCommand, loadOrCreateLiveMeeting } from "~/models/live-meetings.server";
import * as actionRoute from "~/routes/actions.$actionId";
import * as myActionsRoute from "~/routes/actions._index";
import * as csvRoute from "~/routes/actions.export[.]csv";
import * as printRoute from "~/routes/actions.print";
import * as cohortActionsRoute from "~/routes/cohorts.$cohortId_.actions";
import { cookieFor, db, jsonOf, makePerson, makePlace, makeRequest, run, useTestApp } from "../helpers/app";
import { DAY, makeAction, makeMeeting, makeReport, makeSet } from "../helpers/sets";

useTestApp();

function world() {
  const place = makePlace();
  const set = makeSet(place.footprintId);
  const [priya, tom] = set.members;
  const past = makeMeeting(set.cohortId, Date.now() - 30 * DAY);
  const older = makeMeeting(set.cohortId, Date.now() - 60 * DAY);
  const open = makeAction({ cohortId: set.cohortId, meetingId: past, ownerId: priya.id, text: "Book protected time for supervision", createdAt: Date.now() - 30 * DAY });
  const done = makeAction({ cohortId: set.cohortId, meetingId: older, ownerId: priya.id, text: "Say no to the extra rota", createdAt: Date.now() - 60 * DAY, status: "done" });
  makeReport({ actionId: done, meetingId: past, status: "done", learned: "Saying no was easier than I thought", at: Date.now() - 30 * DAY });
  const toms = makeAction({ cohortId: set.cohortId, meetingId: past, ownerId: tom.id, text: "Ask for a debrief after night shifts" });
  // Priya in a second set, in another footprint.
  const other = makeSet(makePlace().footprintId, { members: [] });
  const otherMeeting = makeMeeting(other.cohortId, Date.now() - 10 * DAY);
  const elsewhere = makeAction({ cohortId: other.cohortId, meetingId: otherMeeting, ownerId: priya.id, text: "Try the wellbeing hub", createdAt: Date.now() - 10 * DAY });
  return { ...set, priya, tom, past, open, done, toms, other, elsewhere };
}

const detail = (actionId: string, cookie: string) => run(actionRoute.loader, makeRequest(`/actions/${actionId}`, { cookie }), { actionId });
const post = (actionId: string, cookie: string, form: Record<string, string>) =>
  run(actionRoute.action, makeRequest(`/actions/${actionId}`, { cookie, form }), { actionId });

describe("My actions", () => {
  it("lists every action of the owner across cohorts, open first, with its history", async () => {
    const w = world();
    const res = await run(myActionsRoute.loader, makeRequest("/actions", { cookie: await cookieFor(w.priya.id) }));
    expect(res.status).toBe(200);
    const data = await jsonOf(res);
    expect(data.actions.map((a: { text: string }) => a.text)).toEqual(["Try the wellbeing hub", "Book protected time for supervision", "Say no to the extra rota"]);
    expect(data.actions[2].history).toMatchObject([{ status: "done", learned: "Saying no was easier than I thought" }]);
    expect(JSON.stringify(data)).not.toContain("Ask for a debrief");
  });

  it("an update between meetings goes into the history; done closes the action", async () => {
    const w = world();
    const cookie = await cookieFor(w.priya.id);
    const res = await post(w.open, cookie, { intent: "update", status: "partly", note: "Booked two of four sessions", learned: "", obstacles: "Rota gaps in December" });
    expect(res.status).toBe(302);
    const history = db().select().from(actionReports).where(eq(actionReports.actionId, w.open)).all();
    expect(history).toMatchObject([{ status: "partly", meetingId: null, note: "Booked two of four sessions", obstacles: "Rota gaps in December", reportedBy: w.priya.id }]);
    expect(db().select({ s: actions.status }).from(actions).where(eq(actions.id, w.open)).get()?.s).toBe("open");
    await post(w.open, cookie, { intent: "update", status: "done", note: "All four booked" });
    expect(db().select({ s: actions.status }).from(actions).where(eq(actions.id, w.open)).get()?.s).toBe("done");
    // Closed now: a further update is refused and nothing is written.
    const again = await post(w.open, cookie, { intent: "update", status: "partly", note: "x" });
    expect(again.status).toBe(409);
    expect(db().select().from(actionReports).where(eq(actionReports.actionId, w.open)).all()).toHaveLength(2);
  });

  it("dropping needs a reason; the answer keeps what was typed", async () => {
    const w = world();
    const res = await post(w.open, await cookieFor(w.priya.id), { intent: "update", status: "dropped", note: "", learned: "Timing was wrong" });
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.errors).toEqual({ note: "Say why you are dropping this action" });
    expect(body.values.learned).toBe("Timing was wrong");
    expect(db().select().from(actionReports).where(eq(actionReports.actionId, w.open)).all()).toHaveLength(0);
  });

  it("the owner sets how they will know it worked and a target date; a bad date is refused", async () => {
    const w = world();
    const cookie = await cookieFor(w.priya.id);
    expect((await post(w.open, cookie, { intent: "details", successMeasure: "Fewer late finishes", targetDate: "2026-13-40" })).status).toBe(400);
    expect((await post(w.open, cookie, { intent: "details", successMeasure: "Fewer late finishes", targetDate: "2027-01-31" })).status).toBe(302);
    expect(db().select({ m: actions.successMeasure, d: actions.targetDate }).from(actions).where(eq(actions.id, w.open)).get()).toEqual({
      m: "Fewer late finishes",
      d: "2027-01-31",
    });
  });

  it("only the owner changes an action: the facilitator and another member get 403", async () => {
    const w = world();
    for (const id of [w.facilitator.id, w.tom.id]) {
      const res = await post(w.open, await cookieFor(id), { intent: "update", status: "done" });
      expect(res.status).toBe(403);
    }
    expect(db().select().from(actionReports).where(eq(actionReports.actionId, w.open)).all()).toHaveLength(0);
  });

  it("exports the owner's own actions as CSV (formula-safe) and a printable page, and audits both", async () => {
    const w = world();
    makeAction({ cohortId: w.cohortId, meetingId: w.past, ownerId: w.priya.id, text: "=HYPERLINK(\"http://x\")" });
    const cookie = await cookieFor(w.priya.id);
    const csv = await run(csvRoute.loader, makeRequest("/actions/export.csv", { cookie }));
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    expect(csv.headers.get("Content-Disposition")).toMatch(/^attachment; filename="my-actions-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await csv.text();
    expect(text).toContain('"Book protected time for supervision"');
    expect(text).toContain('"Saying no was easier than I thought"');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).not.toContain("Ask for a debrief");
    const print = await jsonOf(await run(printRoute.loader, makeRequest("/actions/print", { cookie })));
    expect(print.actions).toHaveLength(4);
    const audits = db().select().from(auditLog).where(and(eq(auditLog.action, "actions_exported"), eq(auditLog.actorId, w.priya.id))).all();
    expect(audits.map((a) => JSON.parse(a.detail ?? "{}").format).sort()).toEqual(["csv", "print"]);
    expect(audits.every((a) => !String(a.detail).includes("supervision"))).toBe(true);
  });
});

describe("who can read an action", () => {
  it("the owner and the cohort's facilitator see everything; a member sees what was said at meetings", async () => {
    const w = world();
    makeReport({ actionId: w.open, meetingId: null, status: "partly", note: "Private progress note" });
    const owner = await jsonOf(await detail(w.open, await cookieFor(w.priya.id)));
    const facilitator = await jsonOf(await detail(w.open, await cookieFor(w.facilitator.id)));
    const member = await jsonOf(await detail(w.open, await cookieFor(w.tom.id)));
    expect(owner.access).toBe("owner");
    expect(facilitator.access).toBe("facilitator");
    expect(member.access).toBe("member");
    expect(owner.item.history[0].note).toBe("Private progress note");
    expect(facilitator.item.history[0].note).toBe("Private progress note");
    expect(member.item.history).toEqual([]);
    expect(JSON.stringify(member)).not.toContain("Private progress note");
  });

  it("nobody outside the cohort reads an action: admin, advisory, another set's facilitator and member, a former member", async () => {
    const w = world();
    const outsiders = [
      makePerson({ roles: ["admin"] }),
      makePerson({ roles: ["advisory"] }),
      w.other.facilitator,
      makeSet(makePlace().footprintId).members[0],
    ];
    for (const person of outsiders) {
      const cookie = await cookieFor(person.id);
      expect((await detail(w.open, cookie)).status).toBe(403);
      expect((await run(cohortActionsRoute.loader, makeRequest(`/cohorts/${w.cohortId}/actions`, { cookie }), { cohortId: w.cohortId })).status).toBe(403);
      const mine = await jsonOf(await run(myActionsRoute.loader, makeRequest("/actions", { cookie })));
      expect(mine.actions).toEqual([]);
    }
    // The same 403 for an id that does not exist.
    expect((await detail("no-such-action", await cookieFor(w.priya.id))).status).toBe(403);
  });

  it("the cohort's actions page: facilitators see between-meeting notes, members do not", async () => {
    const w = world();
    makeReport({ actionId: w.toms, meetingId: null, status: "not_done", note: "Night shift debrief not started" });
    const get = async (id: string) =>
      jsonOf(await run(cohortActionsRoute.loader, makeRequest(`/cohorts/${w.cohortId}/actions`, { cookie: await cookieFor(id) }), { cohortId: w.cohortId }));
    const asFacilitator = await get(w.facilitator.id);
    const asMember = await get(w.priya.id);
    expect(asFacilitator.actions).toHaveLength(3);
    expect(JSON.stringify(asFacilitator)).toContain("Night shift debrief not started");
    expect(asMember.actions).toHaveLength(3);
    expect(JSON.stringify(asMember)).not.toContain("Night shift debrief not started");
    // The other cohort's action is not on this cohort's page.
    expect(JSON.stringify(asFacilitator)).not.toContain("Try the wellbeing hub");
  });
});

describe("the next meeting's progress reports", () => {
  it("list open actions with the owner's latest update, and actions closed between meetings until told to the set", async () => {
    const w = world();
    makeReport({ actionId: w.open, meetingId: null, status: "partly", note: "Half done", at: Date.now() - 2 * DAY });
    const closed = makeAction({ cohortId: w.cohortId, meetingId: w.past, ownerId: w.tom.id, text: "Join the Schwartz round", status: "done" });
    makeReport({ actionId: closed, meetingId: null, status: "done", note: "Went on Tuesday" });
    const next = makeMeeting(w.cohortId, Date.now() + 5 * 60_000);
    const state = loadOrCreateLiveMeeting(next)!;
    const byText = Object.fromEntries(state.openActions.map((a) => [a.text, a]));
    expect(Object.keys(byText).sort()).toEqual(["Ask for a debrief after night shifts", "Book protected time for supervision", "Join the Schwartz round"]);
    expect(byText["Book protected time for supervision"].update).toMatchObject({ status: "partly", note: "Half done" });
    expect(byText["Join the Schwartz round"].update).toMatchObject({ status: "done", note: "Went on Tuesday" });
    expect(byText["Ask for a debrief after night shifts"].update).toBeUndefined();
    // The other cohort's action is not brought to this set.
    expect(state.openActions.some((a) => a.text === "Try the wellbeing hub")).toBe(false);
  });

  it("ending a meeting carries forward, on the record, every open action nobody reported on", async () => {
    const w = world();
    const meetingId = makeMeeting(w.cohortId, Date.now() + 5 * 60_000);
    const fac = { userId: w.facilitator.id, role: "facilitator" as const };
    const now = Date.now();
    let n = 0;
    const cmd = (command: Parameters<typeof applyCommand>[0]["command"], actor = fac) => {
      const result = applyCommand({ meetingId, opId: `op${n++}`, command, actor, now: now + n });
      if (!result.ok) throw new Error(result.reason);
      return result;
    };
    cmd({ type: "start" });
    for (const m of [w.priya, w.tom]) cmd({ type: "acceptAgreement" }, { userId: m.id, role: "member" as never });
    let result = cmd({ type: "advance" });
    while (result.ok && !result.duplicate && result.state.position.stage !== "progress_reports") result = cmd({ type: "advance" });
    cmd({ type: "reportBack", actionId: w.open, status: "partly", learned: "Mornings work", obstacles: "Tom Hughes was off sick" }, { userId: w.priya.id, role: "member" as never });
    cmd({ type: "end" });
    const reports = db().select().from(actionReports).where(eq(actionReports.meetingId, meetingId)).all();
    const byAction = Object.fromEntries(reports.map((r) => [r.actionId, r]));
    expect(byAction[w.open]).toMatchObject({ status: "partly", reportedBy: w.priya.id, obstacles: "Tom Hughes was off sick" });
    expect(byAction[w.toms]).toMatchObject({ status: "carried", reportedBy: null });
    expect(db().select({ s: actions.status }).from(actions).where(eq(actions.id, w.toms)).get()?.s).toBe("open");
    expect(reports).toHaveLength(2);
  });
});
