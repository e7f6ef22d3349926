/**
 * Sharing beyond the set: the facilitator reviews a meeting's actions and
 * report-backs de-identified beside the original and decides share or keep;
 * text that still holds an identifier is refused; the owner sees proposals
 * and can agree or withdraw; the notice period shares the rest; withdrawing
 * later deletes the shared record. A shared record has no column that leads
 * back to a person, a cohort or a meeting.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { changeCounters, shareProposals, sharedItemContributors, sharedItems } from "~db/schema";
import { erasePerson } from "~/models/erasure.server";
import { updateSettings } from "~/models/settings.server";
import { publishDueShares } from "~/models/sharing.server";
import * as myActionsRoute from "~/routes/actions._index";
import * as shareRoute from "~/routes/meetings.$meetingId.share";
import { services } from "~/server/context.server";
import { cookieFor, db, jsonOf, makePerson, makePlace, makeRequest, run, useTestApp } from "../helpers/app";
import { DAY, makeAction, makeMeeting, makeReport, makeSet } from "../helpers/sets";

useTestApp();

function world() {
  const place = makePlace();
  const set = makeSet(place.footprintId, { members: ["Priya Shah", "Tom Hughes"], facilitatorName: "Grace Okafor" });
  const [priya, tom] = set.members;
  const earlier = makeMeeting(set.cohortId, Date.now() - 60 * DAY);
  const meetingId = makeMeeting(set.cohortId, Date.now() - 30 * DAY);
  const action = makeAction({ cohortId: set.cohortId, meetingId, ownerId: priya.id, text: "Ask Tom Hughes to cover Tuesday so I can see OH on 0151 706 2000" });
  const older = makeAction({ cohortId: set.cohortId, meetingId: earlier, ownerId: tom.id, text: "Take a proper lunch break" });
  const report = makeReport({
    actionId: older,
    meetingId,
    status: "partly",
    learned: "Breaks help me focus",
    obstacles: "Priya's rota and calls from 07700 900123 kept pulling me back",
  });
  return { ...set, place, priya, tom, meetingId, action, older, report };
}

const sharedIn = (w: { place: { footprintId: string } }) => db().select().from(sharedItems).where(eq(sharedItems.footprintId, w.place.footprintId)).all();
const proposalsOf = (w: { meetingId: string }) => db().select().from(shareProposals).where(eq(shareProposals.meetingId, w.meetingId)).all();

const review = async (meetingId: string, userId: string) =>
  run(shareRoute.loader, makeRequest(`/meetings/${meetingId}/share`, { cookie: await cookieFor(userId) }), { meetingId });
const decide = async (meetingId: string, userId: string, form: Record<string, string | string[]>) =>
  run(shareRoute.action, makeRequest(`/meetings/${meetingId}/share`, { cookie: await cookieFor(userId), form }), { meetingId });
const answer = async (userId: string, form: Record<string, string>) => run(myActionsRoute.action, makeRequest("/actions", { cookie: await cookieFor(userId), form }));

describe("the facilitator's review", () => {
  it("shows each action, learning and barrier of the meeting de-identified beside the original", async () => {
    const w = world();
    const res = await review(w.meetingId, w.facilitator.id);
    expect(res.status).toBe(200);
    const { items, meeting } = await jsonOf(res);
    expect(meeting.over).toBe(true);
    expect(items.map((i: { kind: string }) => i.kind)).toEqual(["action", "report_back", "barrier"]);
    const barrier = items[2];
    expect(barrier.original).toContain("07700 900123");
    expect(barrier.suggested).not.toContain("07700");
    expect(barrier.suggested).not.toMatch(/Priya/);
    expect(barrier.suggested).toContain("[phone]");
    expect(barrier.suggested).toContain("[name]");
    expect(items[0].suggested).not.toMatch(/Tom|Hughes|0151/);
  });

  it("is for the set's facilitators only", async () => {
    const w = world();
    for (const person of [w.priya, makePerson({ roles: ["admin"] }), makePerson({ roles: ["advisory"] }), makeSet(makePlace().footprintId).facilitator]) {
      expect((await review(w.meetingId, person.id)).status).toBe(403);
      expect((await decide(w.meetingId, person.id, { kind: "action", actionId: w.action, decision: "share", text: "x" })).status).toBe(403);
    }
    expect(proposalsOf(w)).toHaveLength(0);
  });

  it("refuses to share text that still holds a name or a phone number, keeping what was typed", async () => {
    const w = world();
    const typed = "Calls from 07700 900123 and Priya's rota kept pulling me back";
    const res = await decide(w.meetingId, w.facilitator.id, { kind: "barrier", actionId: w.older, reportId: w.report, decision: "share", text: typed });
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.errors.text).toMatch(/looks like a name and a phone number|looks like a phone number and a name/);
    expect(body.values.text).toBe(typed);
    expect(proposalsOf(w)).toHaveLength(0);
  });

  it("refuses an item that is not from this meeting", async () => {
    const w = world();
    const other = makeMeeting(w.cohortId, Date.now() - 10 * DAY);
    const res = await decide(other, w.facilitator.id, { kind: "action", actionId: w.action, decision: "share", text: "Ask a colleague to cover" });
    expect(res.status).toBe(409);
    expect(proposalsOf(w)).toHaveLength(0);
  });

  it("waits until the meeting is over", async () => {
    const w = world();
    const upcoming = makeMeeting(w.cohortId, Date.now() + DAY);
    const action = makeAction({ cohortId: w.cohortId, meetingId: upcoming, ownerId: w.priya.id, text: "Something" });
    const res = await decide(upcoming, w.facilitator.id, { kind: "action", actionId: action, decision: "keep" });
    expect(res.status).toBe(409);
  });
});

describe("from proposal to shared record", () => {
  async function proposeBarrier(w: ReturnType<typeof world>) {
    const res = await decide(w.meetingId, w.facilitator.id, {
      kind: "barrier",
      actionId: w.older,
      reportId: w.report,
      decision: "share",
      text: "[name]'s rota and calls from [phone] kept pulling me back",
    });
    expect(res.status).toBe(302);
    return db().select().from(shareProposals).where(eq(shareProposals.reportId, w.report)).get()!;
  }

  it("the owner sees the proposal and can agree: a shared record with kind, text, footprint and month only", async () => {
    const w = world();
    const proposal = await proposeBarrier(w);
    const mine = await jsonOf(await run(myActionsRoute.loader, makeRequest("/actions", { cookie: await cookieFor(w.tom.id) })));
    expect(mine.proposals).toMatchObject([{ id: proposal.id, kind: "barrier", status: "proposed", text: "[name]'s rota and calls from [phone] kept pulling me back" }]);
    // Someone else cannot answer it.
    expect((await answer(w.priya.id, { proposalId: proposal.id, response: "agree" })).status).toBe(409);
    expect(sharedIn(w)).toHaveLength(0);

    expect((await answer(w.tom.id, { proposalId: proposal.id, response: "agree" })).status).toBe(302);
    const shared = sharedIn(w);
    expect(shared).toHaveLength(1);
    const month = new Date(Date.now() - 30 * DAY).toLocaleDateString("en-CA", { timeZone: "Europe/London" }).slice(0, 7);
    expect(shared[0]).toEqual({ id: expect.any(String), kind: "barrier", text: "[name]'s rota and calls from [phone] kept pulling me back", footprintId: w.place.footprintId, month, themeIds: "[]" });
  });

  it("a shared record has no column that joins to a person, a cohort or a meeting", () => {
    const columns = (services().conn.sqlite.prepare("select name from pragma_table_info('shared_items')").all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns.sort()).toEqual(["footprint_id", "id", "kind", "month", "text", "theme_ids"]);
    const fks = services().conn.sqlite.prepare("select \"table\" from pragma_foreign_key_list('shared_items')").all() as Array<{ table: string }>;
    expect(fks.map((f) => f.table)).toEqual(["footprints"]);
  });

  it("its id is not any private id, and only the proposal (private) and its theme rows (shared) point to it", async () => {
    const w = world();
    const proposal = await proposeBarrier(w);
    await answer(w.tom.id, { proposalId: proposal.id, response: "agree" });
    const item = sharedIn(w)[0];
    expect([w.tom.id, w.cohortId, w.meetingId, w.older, w.report, proposal.id]).not.toContain(item.id);
    const referencing = (services().conn.sqlite.prepare("select m.name as t from sqlite_master m join pragma_foreign_key_list(m.name) f where f.\"table\" = 'shared_items'").all() as Array<{ t: string }>).map((r) => r.t);
    // share_proposals is the private side's link and shared_item_contributors its count of the people behind items;
    // shared_item_themes is the shared side's own index of themes, and holds nothing else.
    expect(referencing.sort()).toEqual(["share_proposals", "shared_item_contributors", "shared_item_themes"]);
    const themeColumns = (services().conn.sqlite.prepare("select name from pragma_table_info('shared_item_themes')").all() as Array<{ name: string }>).map((c) => c.name);
    expect(themeColumns.sort()).toEqual(["footprint_id", "month", "shared_item_id", "theme_id"]);
    // Nothing on the shared side points at the private contributor rows.
    const toContributors = services().conn.sqlite.prepare("select m.name as t from sqlite_master m join pragma_foreign_key_list(m.name) f where f.\"table\" = 'shared_item_contributors'").all();
    expect(toContributors).toEqual([]);
  });

  it("the owner can withdraw before it is shared, and it is never shared", async () => {
    const w = world();
    const proposal = await proposeBarrier(w);
    expect((await answer(w.tom.id, { proposalId: proposal.id, response: "withdraw" })).status).toBe(302);
    publishDueShares(Date.now() + 30 * DAY, 7);
    expect(sharedIn(w)).toHaveLength(0);
    // The facilitator cannot overrule the owner.
    const res = await decide(w.meetingId, w.facilitator.id, { kind: "barrier", actionId: w.older, reportId: w.report, decision: "share", text: "Calls kept pulling me back" });
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).errors.decision).toMatch(/withdrew/);
  });

  it("the notice period shares what the owner did not withdraw, once", async () => {
    const w = world();
    await proposeBarrier(w);
    // Earlier tests' proposals are due too: publish them first, so the counts below are this test's.
    publishDueShares(Date.now() + 30 * DAY, 7);
    const w2 = world();
    await proposeBarrier(w2);
    expect(publishDueShares(Date.now() + 6 * DAY, 7)).toBe(0);
    expect(sharedIn(w2)).toHaveLength(0);
    expect(publishDueShares(Date.now() + 8 * DAY, 7)).toBe(1);
    expect(publishDueShares(Date.now() + 9 * DAY, 7)).toBe(0);
    expect(sharedIn(w2)).toHaveLength(1);
  });

  it("withdrawing later deletes the shared record and nothing else", async () => {
    const w = world();
    const proposal = await proposeBarrier(w);
    await decide(w.meetingId, w.facilitator.id, { kind: "action", actionId: w.action, decision: "share", text: "Ask a colleague to cover so I can see occupational health" });
    publishDueShares(Date.now() + 8 * DAY, 7);
    expect(sharedIn(w)).toHaveLength(2);
    expect((await answer(w.tom.id, { proposalId: proposal.id, response: "withdraw" })).status).toBe(302);
    const left = sharedIn(w);
    expect(left.map((i) => i.kind)).toEqual(["action"]);
    expect(db().select().from(shareProposals).where(eq(shareProposals.id, proposal.id)).get()).toMatchObject({ sharedItemId: null, withdrawnAt: expect.any(Number) });
  });

  it("with a notice period of 0 days, an approved item is shared at once", async () => {
    const w = world();
    const admin = makePerson({ roles: ["admin"] });
    updateSettings({ shareNoticeDays: 0 }, { id: admin.id, name: "Admin" });
    try {
      await decide(w.meetingId, w.facilitator.id, { kind: "action", actionId: w.action, decision: "share", text: "Ask a colleague to cover" });
      expect(sharedIn(w).map((i) => i.text)).toEqual(["Ask a colleague to cover"]);
    } finally {
      updateSettings({ shareNoticeDays: 7 }, { id: admin.id, name: "Admin" });
    }
  });

  it("changing a decision to keep unshares the item", async () => {
    const w = world();
    await decide(w.meetingId, w.facilitator.id, { kind: "action", actionId: w.action, decision: "share", text: "Ask a colleague to cover" });
    publishDueShares(Date.now() + 8 * DAY, 7);
    expect(sharedIn(w)).toHaveLength(1);
    expect((await decide(w.meetingId, w.facilitator.id, { kind: "action", actionId: w.action, decision: "keep" })).status).toBe(302);
    expect(sharedIn(w)).toHaveLength(0);
  });
});

describe("the private count of the people behind shared items", () => {
  const contributorRows = (w: { place: { footprintId: string } }) =>
    db()
      .select({ themeId: sharedItemContributors.themeId, ownerId: sharedItemContributors.ownerId, kind: sharedItems.kind, month: sharedItemContributors.month })
      .from(sharedItemContributors)
      .innerJoin(sharedItems, eq(sharedItems.id, sharedItemContributors.sharedItemId))
      .where(eq(sharedItemContributors.footprintId, w.place.footprintId))
      .orderBy(sharedItems.kind, sharedItemContributors.themeId)
      .all();
  /** The kept theme counts of the footprint, and the same counted from the theme rows: always equal. */
  const themeCounts = (w: { place: { footprintId: string } }) => {
    const sqlite = services().conn.sqlite;
    const kept = sqlite.prepare("select month, theme_id, items from shared_theme_counts where footprint_id = ? order by theme_id").all(w.place.footprintId);
    const counted = sqlite.prepare("select month, theme_id, count(*) as items from shared_item_themes where footprint_id = ? group by month, theme_id order by theme_id").all(w.place.footprintId);
    expect(kept).toEqual(counted);
    return kept as Array<{ theme_id: string; items: number }>;
  };
  const counter = () => db().select({ value: changeCounters.value }).from(changeCounters).where(eq(changeCounters.name, "advisory")).get()!.value;

  it("has a row for each shared item and each of its themes with the action's owner, rewritten when the themes change, gone when it is unshared", async () => {
    const w = world();
    const share = (themeIds: string[]) =>
      decide(w.meetingId, w.facilitator.id, { kind: "action", actionId: w.action, decision: "share", text: "Ask a colleague to cover so I can see occupational health", themeIds });
    expect((await share(["occupational-health", "workload-and-rest"])).status).toBe(302);
    expect(contributorRows(w)).toEqual([]); // proposed, not shared yet
    const before = counter();
    publishDueShares(Date.now() + 8 * DAY, 7);
    const month = sharedIn(w)[0].month;
    expect(contributorRows(w)).toEqual([
      { themeId: "*", ownerId: w.priya.id, kind: "action", month },
      { themeId: "occupational-health", ownerId: w.priya.id, kind: "action", month },
      { themeId: "workload-and-rest", ownerId: w.priya.id, kind: "action", month },
    ]);
    expect(counter()).toBeGreaterThan(before);
    expect(themeCounts(w).map((c) => [c.theme_id, c.items])).toEqual([
      ["occupational-health", 1],
      ["workload-and-rest", 1],
    ]);

    // The facilitator changes the themes of the shared item.
    expect((await share(["peer-support"])).status).toBe(302);
    expect(contributorRows(w).map((r) => r.themeId)).toEqual(["*", "peer-support"]);
    expect(themeCounts(w).map((c) => [c.theme_id, c.items])).toEqual([["peer-support", 1]]);

    // Kept in the set after all: the shared item goes, and its private rows with it.
    const beforeKeep = counter();
    expect((await decide(w.meetingId, w.facilitator.id, { kind: "action", actionId: w.action, decision: "keep" })).status).toBe(302);
    expect(contributorRows(w)).toEqual([]);
    expect(themeCounts(w)).toEqual([]);
    expect(counter()).toBeGreaterThan(beforeKeep);
  });

  it("loses the owner's rows when the owner withdraws or is erased, while the other shared items stay", async () => {
    const w = world();
    await decide(w.meetingId, w.facilitator.id, { kind: "action", actionId: w.action, decision: "share", text: "Ask a colleague to cover so I can see occupational health" });
    await decide(w.meetingId, w.facilitator.id, { kind: "barrier", actionId: w.older, reportId: w.report, decision: "share", text: "Calls kept pulling me back" });
    publishDueShares(Date.now() + 8 * DAY, 7);
    expect(contributorRows(w).map((r) => [r.kind, r.ownerId])).toEqual([
      ["action", w.priya.id],
      ["barrier", w.tom.id],
    ]);
    const tomsProposal = db().select().from(shareProposals).where(eq(shareProposals.reportId, w.report)).get()!;
    expect((await answer(w.tom.id, { proposalId: tomsProposal.id, response: "withdraw" })).status).toBe(302);
    expect(contributorRows(w).map((r) => r.ownerId)).toEqual([w.priya.id]);

    // Erasing Priya keeps her shared item (it leads back to no one) but no longer counts her behind it.
    const admin = makePerson({ roles: ["admin"] });
    const before = counter();
    expect((await erasePerson(w.priya.id, { id: admin.id, name: "Ada Admin" })).ok).toBe(true);
    expect(sharedIn(w).map((i) => i.kind)).toEqual(["action"]);
    expect(contributorRows(w)).toEqual([]);
    expect(counter()).toBeGreaterThan(before);
  });
});
