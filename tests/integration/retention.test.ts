/**
 * Retention (trust.md, Privacy operations): the facilitators' notes and the
 * text of bids go once a meeting ended more than `retentionDays` ago (90 by
 * default); who bid stays; actions and report-backs are kept; meetings not yet
 * due are untouched; a second run deletes nothing; the audit entry has counts,
 * never text.
 */
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { actionReports, actions, auditLog, cohortMemberships, cohorts, liveMeetings, meetingNotes, meetings, settings } from "~db/schema";
import { initialState } from "~/domain/live/machine";
import type { MeetingState } from "~/domain/live/types";
import { applyCommand } from "~/models/live-meetings.server";
import { runRetention } from "~/models/retention.server";
import { getSettings, updateSettings } from "~/models/settings.server";
import { newId } from "~/server/ids.server";
import { db, makePerson, makePlace, useTestApp } from "../helpers/app";

useTestApp();

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

let footprintId: string;
let admin: { id: string };

beforeAll(() => {
  footprintId = makePlace("retention").footprintId;
  admin = makePerson({ roles: ["admin"] });
});

// Each test starts with no in-set text left by the one before, and the default setting.
beforeEach(() => {
  db().delete(meetingNotes).run();
  db().delete(liveMeetings).run();
  db().delete(settings).run();
});

/** A set with one meeting that ended `endedDaysAgo` days before NOW, with notes, two bids, an action and a report-back. */
function meetingWithText(endedDaysAgo: number, label: string) {
  const facilitator = makePerson({ roles: ["facilitator"], name: `Fran ${label}` });
  const priya = makePerson({ name: `Priya ${label}` });
  const sam = makePerson({ name: `Sam ${label}` });
  const cohortId = newId();
  db()
    .insert(cohorts)
    .values({ id: cohortId, name: `Set ${label} ${cohortId.slice(0, 5)}`, footprintId, termStart: "2025-01-01", termEnd: "2027-12-31", facilitatorId: facilitator.id })
    .run();
  for (const p of [priya, sam]) db().insert(cohortMemberships).values({ id: newId(), cohortId, userId: p.id, joinedAt: NOW - 400 * DAY }).run();
  const meetingId = newId();
  const endsAt = NOW - endedDaysAgo * DAY;
  db()
    .insert(meetings)
    .values({ id: meetingId, cohortId, startsAt: endsAt - 2 * 3_600_000, endsAt, videoUrl: "https://teams.microsoft.com/l/retention" })
    .run();
  db()
    .insert(meetingNotes)
    .values({ meetingId, text: `Notes about ${label}: Priya was upset`, updatedBy: facilitator.id, updatedAt: endsAt })
    .run();
  const actionId = newId();
  db()
    .insert(actions)
    .values({ id: actionId, cohortId, meetingId, ownerId: priya.id, text: `Action text ${label}`, writtenBy: priya.id, createdAt: endsAt })
    .run();
  const reportId = newId();
  db()
    .insert(actionReports)
    .values({ id: reportId, actionId, meetingId, status: "partly", learned: `Learned ${label}`, obstacles: `Obstacle ${label}`, reportedBy: priya.id, reportedAt: endsAt })
    .run();
  const state: MeetingState = {
    ...initialState({
      meetingId,
      facilitators: [{ userId: facilitator.id, name: `Fran ${label}` }],
      members: [
        { userId: priya.id, name: `Priya ${label}` },
        { userId: sam.id, name: `Sam ${label}` },
      ],
      openActions: [],
    }),
    version: 12,
    position: { stage: "ended", presenterIndex: null, step: null },
    bids: [
      { userId: priya.id, text: `Bid from Priya ${label}` },
      { userId: sam.id, text: `Bid from Sam ${label}` },
    ],
    actions: [{ actionId, ownerId: priya.id, text: `Action text ${label}`, writtenBy: priya.id, confirmed: true }],
  };
  db().insert(liveMeetings).values({ meetingId, state: JSON.stringify(state), version: 12, updatedAt: endsAt }).run();
  return { meetingId, actionId, reportId, priya, sam };
}

const notesOf = (meetingId: string) => db().select().from(meetingNotes).where(eq(meetingNotes.meetingId, meetingId)).get();
const liveRow = (meetingId: string) => db().select().from(liveMeetings).where(eq(liveMeetings.meetingId, meetingId)).get()!;
const stateOf = (meetingId: string) => JSON.parse(liveRow(meetingId).state) as MeetingState;
const retentionAudits = () => db().select().from(auditLog).where(eq(auditLog.action, "retention_deleted")).all();

describe("retention of in-set text", () => {
  it("deletes notes and blanks bids of meetings that ended more than 90 days ago, and nothing else", () => {
    expect(getSettings().retentionDays).toBe(90);
    const kept = meetingWithText(89, "kept");
    const due = meetingWithText(91, "due");
    const keptRowBefore = liveRow(kept.meetingId);
    const actionsBefore = db().select().from(actions).all();
    const reportsBefore = db().select().from(actionReports).all();
    const auditsBefore = retentionAudits().length;

    const result = runRetention(NOW);
    expect(result).toEqual({ notes: 1, bids: 2, meetings: 1 });

    // Due: the notes are gone; each bid is still there, with who bid, but no text.
    expect(notesOf(due.meetingId)).toBeUndefined();
    const state = stateOf(due.meetingId);
    expect(state.bids).toEqual([
      { userId: due.priya.id, text: "" },
      { userId: due.sam.id, text: "" },
    ]);
    // The rest of the state is as it was; the version moves on so no cached copy can write the text back.
    expect(state.actions).toHaveLength(1);
    expect(state.members.map((m) => m.name)).toEqual(["Priya due", "Sam due"]);
    expect(state.version).toBe(13);
    expect(liveRow(due.meetingId).version).toBe(13);

    // Not yet due: exactly as it was.
    expect(notesOf(kept.meetingId)?.text).toBe("Notes about kept: Priya was upset");
    expect(liveRow(kept.meetingId)).toEqual(keptRowBefore);

    // Actions and report-backs are the owner's record and stay, for both meetings.
    expect(db().select().from(actions).all()).toEqual(actionsBefore);
    expect(db().select().from(actionReports).all()).toEqual(reportsBefore);

    // One audit entry, with counts and no text.
    const audits = retentionAudits();
    expect(audits).toHaveLength(auditsBefore + 1);
    const entry = audits[audits.length - 1];
    expect(entry.actorId).toBeNull();
    expect(JSON.parse(entry.detail!)).toEqual({ notes: 1, bids: 2, meetings: 1, retentionDays: 90 });
    expect(JSON.stringify(entry)).not.toMatch(/Bid from|Notes about|upset/);
  });

  it("is idempotent: a second run deletes nothing and writes no audit entry", () => {
    const due = meetingWithText(120, "twice");
    expect(runRetention(NOW)).toEqual({ notes: 1, bids: 2, meetings: 1 });
    const rowAfterFirst = liveRow(due.meetingId);
    const audits = retentionAudits().length;

    expect(runRetention(NOW)).toEqual({ notes: 0, bids: 0, meetings: 0 });
    expect(runRetention(NOW + DAY)).toEqual({ notes: 0, bids: 0, meetings: 0 });
    expect(liveRow(due.meetingId)).toEqual(rowAfterFirst);
    expect(retentionAudits()).toHaveLength(audits);
  });

  it("counts a meeting with notes but no live record, and one with bids but no notes", () => {
    const notesOnly = meetingWithText(100, "notes-only");
    db().delete(liveMeetings).where(eq(liveMeetings.meetingId, notesOnly.meetingId)).run();
    const bidsOnly = meetingWithText(100, "bids-only");
    db().delete(meetingNotes).where(eq(meetingNotes.meetingId, bidsOnly.meetingId)).run();
    expect(runRetention(NOW)).toEqual({ notes: 1, bids: 2, meetings: 2 });
    expect(notesOf(notesOnly.meetingId)).toBeUndefined();
    expect(stateOf(bidsOnly.meetingId).bids.every((b) => b.text === "")).toBe(true);
  });

  it("follows the retention setting when an admin changes it", () => {
    const sixtyDays = meetingWithText(60, "sixty");
    const twentyDays = meetingWithText(20, "twenty");
    // At 90 days neither is due.
    expect(runRetention(NOW)).toEqual({ notes: 0, bids: 0, meetings: 0 });

    expect(updateSettings({ retentionDays: 30 }, { id: admin.id, name: "Admin" })).toEqual({ ok: true, changed: ["retentionDays"] });
    expect(runRetention(NOW)).toEqual({ notes: 1, bids: 2, meetings: 1 });
    expect(notesOf(sixtyDays.meetingId)).toBeUndefined();
    expect(notesOf(twentyDays.meetingId)).toBeDefined();
    expect(stateOf(twentyDays.meetingId).bids.map((b) => b.text)).toEqual(["Bid from Priya twenty", "Bid from Sam twenty"]);
    const entry = retentionAudits().at(-1)!;
    expect(JSON.parse(entry.detail!)).toMatchObject({ retentionDays: 30 });

    // Longer again: nothing already deleted comes back, and the 20-day meeting is still not due.
    expect(updateSettings({ retentionDays: 365 }, { id: admin.id, name: "Admin" }).ok).toBe(true);
    expect(runRetention(NOW + 40 * DAY)).toEqual({ notes: 0, bids: 0, meetings: 0 });
    expect(notesOf(twentyDays.meetingId)).toBeDefined();
  });

  it("does not let a state cached by the live meeting server write the text back", () => {
    const due = meetingWithText(100, "cached");
    const row = liveRow(due.meetingId);
    const bidding: MeetingState = {
      ...(JSON.parse(row.state) as MeetingState),
      position: { stage: "bids", presenterIndex: null, step: null },
      agreed: [due.priya.id, due.sam.id],
    };
    db().update(liveMeetings).set({ state: JSON.stringify(bidding) }).where(eq(liveMeetings.meetingId, due.meetingId)).run();
    const sam = { userId: due.sam.id, role: "member" as const };
    // Leaves the state, with Priya's bid text, in the server's memory.
    expect(applyCommand({ meetingId: due.meetingId, opId: newId(), command: { type: "raiseHand" }, actor: sam, now: NOW }).ok).toBe(true);

    expect(runRetention(NOW)).toEqual({ notes: 1, bids: 2, meetings: 1 });

    expect(applyCommand({ meetingId: due.meetingId, opId: newId(), command: { type: "lowerHand" }, actor: sam, now: NOW }).ok).toBe(true);
    expect(stateOf(due.meetingId).bids.map((b) => b.text)).toEqual(["", ""]);
    expect(liveRow(due.meetingId).state).not.toContain("Bid from");
  });

  it("treats the end of the meeting, not its start, as the day it happened", () => {
    // Ended a little under 90 days ago, though it started a little over 90 days ago.
    const straddling = meetingWithText(90 - 1 / 24, "straddling");
    db()
      .update(meetings)
      .set({ startsAt: NOW - 90 * DAY - 3_600_000 })
      .where(eq(meetings.id, straddling.meetingId))
      .run();
    expect(runRetention(NOW)).toEqual({ notes: 0, bids: 0, meetings: 0 });
    expect(runRetention(NOW + 2 * 3_600_000)).toEqual({ notes: 1, bids: 2, meetings: 1 });
  });
});
