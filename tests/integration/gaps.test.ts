/**
 * From shared items to the gap register: the facilitator's themes travel
 * with an item when it is shared; a theme that recurs across enough sets,
 * footprints and people is flagged once (on the private side the people are
 * counted, only counts are kept); "You said, we did" reaches the sets in the
 * footprints an intervention covers, and no others.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, gaps, sharedItemThemes, sharedItems } from "~db/schema";
import { addIntervention, currentRecurrence, flagRecurringThemes, footprintsOfPerson, gapDetail, interventionsInPlaceFor, updateGap } from "~/models/gaps.server";
import { runMaintenance } from "~/models/maintenance.server";
import { decideShare, respondToProposal } from "~/models/sharing.server";
import * as leadRoute from "~/routes/lead._index";
import { cookieFor, db, jsonOf, makePerson, makePlace, makeRequest, run, useTestApp } from "../helpers/app";
import { DAY, makeAction, makeMeeting, makeSet } from "../helpers/sets";

useTestApp();

/** One set with `people` members, each sharing one action carrying `themes`, approved by its owner. */
function setSharing(footprintId: string, people: number, themes: string[], text = "Take my break away from the ward") {
  const set = makeSet(footprintId, { members: Array.from({ length: people }, (_, i) => `Member ${i} ${footprintId.slice(0, 4)}`) });
  const meetingId = makeMeeting(set.cohortId, Date.now() - 10 * DAY);
  for (const m of set.members) {
    const actionId = makeAction({ cohortId: set.cohortId, meetingId, ownerId: m.id, text });
    const decided = decideShare({ meetingId, kind: "action", actionId, decision: "share", text, themeIds: themes, actor: { id: set.facilitator.id }, now: Date.now(), noticeDays: 7 });
    expect(decided).toEqual({ ok: true });
  }
  return set;
}

describe("themes on shared items", () => {
  it("the facilitator's themes are kept and copied to the shared record and its theme rows", async () => {
    const place = makePlace();
    const set = makeSet(place.footprintId);
    const meetingId = makeMeeting(set.cohortId, Date.now() - 10 * DAY);
    const actionId = makeAction({ cohortId: set.cohortId, meetingId, ownerId: set.members[0].id, text: "Go to the Schwartz round" });
    expect(decideShare({ meetingId, kind: "action", actionId, decision: "share", text: "Go to the Schwartz round", themeIds: ["peer-support", "no-such-theme"], actor: { id: set.facilitator.id }, now: Date.now(), noticeDays: 7 })).toMatchObject({
      ok: false,
      field: "themeIds",
    });
    decideShare({ meetingId, kind: "action", actionId, decision: "share", text: "Go to the Schwartz round", themeIds: ["peer-support", "team-cohesion"], actor: { id: set.facilitator.id }, now: Date.now(), noticeDays: 0 });
    const item = db().select().from(sharedItems).where(eq(sharedItems.footprintId, place.footprintId)).get()!;
    expect(JSON.parse(item.themeIds)).toEqual(["peer-support", "team-cohesion"]);
    expect(db().select({ t: sharedItemThemes.themeId }).from(sharedItemThemes).where(eq(sharedItemThemes.sharedItemId, item.id)).all().map((r) => r.t).sort()).toEqual(["peer-support", "team-cohesion"]);
    // Re-deciding with other themes changes the shared record too.
    decideShare({ meetingId, kind: "action", actionId, decision: "share", text: "Go to the Schwartz round", themeIds: ["peer-support"], actor: { id: set.facilitator.id }, now: Date.now(), noticeDays: 0 });
    expect(db().select({ t: sharedItemThemes.themeId }).from(sharedItemThemes).where(eq(sharedItemThemes.sharedItemId, item.id)).all()).toEqual([{ t: "peer-support" }]);
  });
});

describe("flagging recurring themes", () => {
  it("flags a theme once it meets every threshold, once, with its evidence through the disclosure rule", () => {
    const theme = "bereavement";
    const [a, b] = [makePlace(), makePlace()];
    // Two sets in one footprint, then a third in another: below, then at the thresholds (3 sets, 2 footprints, 8 people, weight 10).
    setSharing(a.footprintId, 4, [theme]);
    setSharing(a.footprintId, 3, [theme]);
    runMaintenance(Date.now() + 8 * DAY); // shares after the notice period, then checks
    expect(currentRecurrence(Date.now() + 8 * DAY).themes.find((t) => t.themeId === theme)).toMatchObject({ cohorts: 2, people: 7, flagged: false });
    expect(db().select().from(gaps).where(eq(gaps.themeId, theme)).all()).toHaveLength(0);

    setSharing(b.footprintId, 3, [theme]);
    const summary = runMaintenance(Date.now() + 8 * DAY);
    expect(summary.flagged).toBeGreaterThanOrEqual(1);
    const entries = db().select().from(gaps).where(eq(gaps.themeId, theme)).all();
    expect(entries).toHaveLength(1);
    const evidence = JSON.parse(entries[0].evidence);
    expect(evidence).toMatchObject({ sets: "<8", footprints: "<8", people: "10", items: "10" });
    expect(evidence.rule).toMatch(/at least 3 different sets/);
    expect(JSON.stringify(evidence)).not.toMatch(/Member|@example/);
    // Flagged once: running again adds nothing while the entry is open.
    expect(flagRecurringThemes(Date.now() + 8 * DAY)).not.toContain(theme);
    expect(db().select().from(auditLog).where(eq(auditLog.action, "gap_flagged")).all().length).toBeGreaterThanOrEqual(1);
  });

  it("a withdrawn item no longer counts", async () => {
    const theme = "family-and-caring";
    const [a, b] = [makePlace(), makePlace()];
    const sets = [setSharing(a.footprintId, 4, [theme]), setSharing(a.footprintId, 2, [theme]), setSharing(b.footprintId, 3, [theme])];
    runMaintenance(Date.now() + 8 * DAY);
    expect(currentRecurrence(Date.now() + 8 * DAY).themes.find((t) => t.themeId === theme)).toMatchObject({ people: 9 });
    const owner = sets[2].members[0];
    const proposal = (await import("~/models/sharing.server")).ownerProposals(owner.id, 7)[0];
    expect(respondToProposal({ proposalId: proposal.id, userId: owner.id, response: "withdraw", now: Date.now() })).toMatchObject({ ok: true });
    expect(currentRecurrence(Date.now() + 8 * DAY).themes.find((t) => t.themeId === theme)).toMatchObject({ people: 8, items: 8 });
  });
});

describe("you said, we did", () => {
  it("reaches clinical leads in the footprints an intervention covers, once it is in place", async () => {
    const theme = "practical-and-social-support";
    const [a, b, c] = [makePlace(), makePlace(), makePlace()];
    setSharing(a.footprintId, 4, [theme]);
    setSharing(a.footprintId, 3, [theme]);
    const covered = setSharing(b.footprintId, 3, [theme]);
    const elsewhere = makeSet(c.footprintId);
    runMaintenance(Date.now() + 8 * DAY);
    const gap = db().select().from(gaps).where(eq(gaps.themeId, theme)).get()!;
    const advisor = makePerson({ roles: ["advisory"] });
    const actor = { id: advisor.id };
    expect(updateGap(gap.id, { status: "under_review", ownerId: advisor.id, notes: "" }, actor)).toEqual({ ok: true });
    expect(updateGap(gap.id, { status: "designing", ownerId: advisor.id, notes: "" }, actor)).toEqual({ ok: true });
    expect(addIntervention(gap.id, { title: "Money advice clinic", description: "Free, confidential debt advice.", provider: "Citizens Advice", footprintIds: [b.footprintId], inPlace: false }, actor)).toEqual({
      ok: true,
    });
    // Not in place yet: nobody sees it.
    expect(interventionsInPlaceFor([b.footprintId])).toEqual([]);
    const intervention = gapDetail(gap.id)!.interventions[0];
    expect((await import("~/models/gaps.server")).markInterventionInPlace(gap.id, intervention.id, actor)).toEqual({ ok: true });
    expect(updateGap(gap.id, { status: "in_place", ownerId: advisor.id, notes: "" }, actor)).toEqual({ ok: true });

    const home = async (userId: string) => jsonOf(await run(leadRoute.loader, makeRequest("/lead", { cookie: await cookieFor(userId) })));
    expect((await home(covered.members[0].id)).interventions.map((i: { title: string }) => i.title)).toEqual(["Money advice clinic"]);
    expect((await home(elsewhere.members[0].id)).interventions).toEqual([]);
    expect(footprintsOfPerson(covered.facilitator.id)).toEqual([b.footprintId]);
  });
});
