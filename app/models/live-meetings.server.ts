/**
 * The live meeting's persistence: its state lives in `live_meetings` (one JSON
 * row per meeting, with a version), every applied command leaves a
 * `live_events` row keyed by its client-made opId, and what must outlive the
 * meeting (confirmed actions, report-backs) is written to `actions` and
 * `action_reports` in the same transaction as the state. Nothing is kept only
 * in memory, so a server restarted mid-meeting resumes from here.
 *
 * The pure rules are app/domain/live/machine.ts; this file only loads, saves
 * and refuses what the database knows about (a cancelled meeting, a room not
 * yet open, a retried opId).
 */
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { DB } from "~db/client";
import { actionReports, actions, cohortMemberships, cohorts, liveEvents, liveMeetings, meetingPresence, meetings, users } from "~db/schema";
import { apply, initialState } from "~/domain/live/machine";
import type { Actor, Command, CommittedAction, MeetingState, OpenAction, Person } from "~/domain/live/types";
import { db } from "~/server/context.server";
import { newId } from "~/server/ids.server";
import { JOIN_OPENS_MINUTES, meetingRole } from "./meetings.server";

type Tx = Pick<DB, "insert" | "update" | "select" | "delete">;
const IMMEDIATE = { behavior: "immediate" } as const;

export type LiveAccess = "facilitator" | "member";

export type ApplyCommandResult =
  | { ok: true; state: MeetingState; duplicate?: false }
  | { ok: true; version: number; duplicate: true }
  | { ok: false; reason: string };

/** Thrown inside the transaction when another writer changed the row first; the whole transaction is retried. */
class VersionConflict extends Error {}

/** Thrown inside the transaction to roll back a command the database cannot record. */
class Refused extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

// ---- who may be in the room ---------------------------------------------------

/**
 * The person's place in a meeting: its cohort's facilitators and current
 * members only. CLN admins manage cohorts but cannot read in-set content, so
 * they get no access here (trust.md).
 */
export function liveMeetingAccess(userId: string, meetingId: string): LiveAccess | null {
  const role = meetingRole({ id: userId, roles: [] }, meetingId);
  return role === "facilitator" || role === "member" ? role : null;
}

// ---- state ----------------------------------------------------------------------

/**
 * The meeting's live state: the stored row, or, before the first command, the
 * initial state built from the cohort (written with the first command, so a
 * meeting nobody has touched leaves no row). Null if there is no such meeting.
 */
export function loadOrCreateLiveMeeting(meetingId: string, tx: Tx = db()): MeetingState | null {
  const row = tx.select({ state: liveMeetings.state }).from(liveMeetings).where(eq(liveMeetings.meetingId, meetingId)).get();
  if (row) return JSON.parse(row.state) as MeetingState;
  const meeting = tx.select({ cohortId: meetings.cohortId }).from(meetings).where(eq(meetings.id, meetingId)).get();
  if (!meeting) return null;
  return buildInitialState(tx, meetingId, meeting.cohortId);
}

function buildInitialState(tx: Tx, meetingId: string, cohortId: string): MeetingState {
  const cohort = tx
    .select({ facilitatorId: cohorts.facilitatorId, coFacilitatorId: cohorts.coFacilitatorId })
    .from(cohorts)
    .where(eq(cohorts.id, cohortId))
    .get();
  const facilitatorIds = [cohort?.facilitatorId, cohort?.coFacilitatorId].filter((x): x is string => Boolean(x));
  const facilitators: Person[] = facilitatorIds.length
    ? tx.select({ userId: users.id, name: users.name }).from(users).where(inArray(users.id, facilitatorIds)).all()
    : [];
  // The facilitator first, then the co-facilitator.
  facilitators.sort((a, b) => facilitatorIds.indexOf(a.userId) - facilitatorIds.indexOf(b.userId));
  const members: Person[] = tx
    .select({ userId: users.id, name: users.name })
    .from(cohortMemberships)
    .innerJoin(users, eq(users.id, cohortMemberships.userId))
    .where(and(eq(cohortMemberships.cohortId, cohortId), isNull(cohortMemberships.leftAt), eq(users.status, "active")))
    .orderBy(asc(users.name), asc(users.id))
    .all();
  const memberIds = members.map((m) => m.userId);
  const openActions: OpenAction[] = memberIds.length
    ? tx
        .select({ actionId: actions.id, ownerId: actions.ownerId, text: actions.text })
        .from(actions)
        .where(and(eq(actions.cohortId, cohortId), eq(actions.status, "open"), inArray(actions.ownerId, memberIds)))
        .orderBy(asc(actions.createdAt), asc(actions.id))
        .all()
    : [];
  return initialState({ meetingId, facilitators, members, openActions });
}

// ---- commands -------------------------------------------------------------------

/**
 * Applies one command in one `BEGIN IMMEDIATE` transaction: the opId check,
 * the machine, the state row (with a version check), the event row and the
 * records that must never be lost. Committed when this returns ok, so the
 * caller may broadcast and then acknowledge.
 */
export function applyCommand(input: { meetingId: string; opId: string; command: Command; actor: Actor; now: number }): ApplyCommandResult {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return db().transaction((tx) => applyInTransaction(tx, input), IMMEDIATE);
    } catch (error) {
      if (error instanceof Refused) return { ok: false, reason: error.reason };
      if (!(error instanceof VersionConflict)) throw error;
    }
  }
  return { ok: false, reason: "The meeting moved on; try again" };
}

function applyInTransaction(
  tx: Tx,
  { meetingId, opId, command, actor, now }: { meetingId: string; opId: string; command: Command; actor: Actor; now: number },
): ApplyCommandResult {
  const seen = tx
    .select({ version: liveEvents.version })
    .from(liveEvents)
    .where(and(eq(liveEvents.meetingId, meetingId), eq(liveEvents.opId, opId)))
    .get();
  if (seen) return { ok: true, version: seen.version, duplicate: true };

  const meeting = tx
    .select({ cohortId: meetings.cohortId, startsAt: meetings.startsAt, status: meetings.status })
    .from(meetings)
    .where(eq(meetings.id, meetingId))
    .get();
  if (!meeting) return { ok: false, reason: "There is no such meeting" };
  if (meeting.status === "cancelled") return { ok: false, reason: "This meeting was cancelled" };
  if (command.type === "start" && now < meeting.startsAt - JOIN_OPENS_MINUTES * 60_000) {
    return { ok: false, reason: `The room opens ${JOIN_OPENS_MINUTES} minutes before the meeting` };
  }

  const row = tx
    .select({ state: liveMeetings.state, version: liveMeetings.version })
    .from(liveMeetings)
    .where(eq(liveMeetings.meetingId, meetingId))
    .get();
  const before: MeetingState = row ? (JSON.parse(row.state) as MeetingState) : buildInitialState(tx, meetingId, meeting.cohortId);
  const outcome = apply(before, command, actor, { now, opId });
  if (!outcome.ok) return outcome;
  const after = outcome.state;

  const json = JSON.stringify(after);
  if (row) {
    const written = tx
      .update(liveMeetings)
      .set({ state: json, version: after.version, updatedAt: now })
      .where(and(eq(liveMeetings.meetingId, meetingId), eq(liveMeetings.version, row.version)))
      .run();
    if (written.changes !== 1) throw new VersionConflict();
  } else {
    const written = tx
      .insert(liveMeetings)
      .values({ meetingId, state: json, version: after.version, updatedAt: now })
      .onConflictDoNothing()
      .run();
    if (written.changes !== 1) throw new VersionConflict();
  }

  // The command's type only: what people typed stays in the state row.
  tx.insert(liveEvents).values({ meetingId, opId, version: after.version, actorId: actor.userId, type: command.type, at: now }).run();

  const refusal = persistRecords(tx, { meetingId, cohortId: meeting.cohortId, before, after, command, now });
  if (refusal) {
    // Nothing of this command may stay half-written.
    throw new Refused(refusal);
  }
  return { ok: true, state: after };
}

/** Newly confirmed actions and report-backs outlive the meeting: they go to their own tables now. */
function persistRecords(
  tx: Tx,
  input: { meetingId: string; cohortId: string; before: MeetingState; after: MeetingState; command: Command; now: number },
): string | null {
  const { meetingId, cohortId, before, after, command, now } = input;
  const wasConfirmed = new Set(before.actions.filter((a) => a.confirmed).map((a) => a.actionId));
  const newlyConfirmed = after.actions.filter((a: CommittedAction) => a.confirmed && !wasConfirmed.has(a.actionId));
  for (const a of newlyConfirmed) {
    const existing = tx.select({ meetingId: actions.meetingId }).from(actions).where(eq(actions.id, a.actionId)).get();
    // Action ids come from client-made opIds: one that names another meeting's action must not be taken for it.
    if (existing && existing.meetingId !== meetingId) return "That action could not be saved; please try again";
    if (!existing) {
      tx.insert(actions)
        .values({ id: a.actionId, cohortId, meetingId, ownerId: a.ownerId, text: a.text, writtenBy: a.writtenBy, status: "open", createdAt: now })
        .run();
    }
  }

  if (command.type === "reportBack") {
    const action = tx
      .select({ id: actions.id })
      .from(actions)
      .where(and(eq(actions.id, command.actionId), eq(actions.cohortId, cohortId)))
      .get();
    if (!action) return "That action is not on record for this set";
    const report = after.reports.find((r) => r.actionId === command.actionId) ?? {
      status: command.status,
      learned: command.learned,
      obstacles: command.obstacles,
    };
    // One report per action per meeting: a corrected report replaces the first.
    const existing = tx
      .select({ id: actionReports.id })
      .from(actionReports)
      .where(and(eq(actionReports.actionId, command.actionId), eq(actionReports.meetingId, meetingId)))
      .get();
    if (existing) {
      tx.update(actionReports)
        .set({ status: report.status, learned: report.learned, obstacles: report.obstacles, reportedAt: now })
        .where(eq(actionReports.id, existing.id))
        .run();
    } else {
      tx.insert(actionReports)
        .values({ id: newId(), actionId: command.actionId, meetingId, status: report.status, learned: report.learned, obstacles: report.obstacles, reportedAt: now })
        .run();
    }
    // Done and dropped close the action; partly and not done carry it forward.
    const status = report.status === "done" || report.status === "dropped" ? report.status : "open";
    tx.update(actions).set({ status, updatedAt: now }).where(eq(actions.id, command.actionId)).run();
  }
  return null;
}

// ---- presence -------------------------------------------------------------------

/** Who joined the live meeting, first and last seen (pre-fills the attendance list). */
export function recordPresence(meetingId: string, userId: string, now: number) {
  db()
    .insert(meetingPresence)
    .values({ meetingId, userId, firstJoinedAt: now, lastSeenAt: now })
    .onConflictDoUpdate({ target: [meetingPresence.meetingId, meetingPresence.userId], set: { lastSeenAt: now } })
    .run();
}

/** Everyone who has been in the live meeting at some point, by first joined. */
export function presentFor(meetingId: string) {
  return db()
    .select({ userId: meetingPresence.userId, firstJoinedAt: meetingPresence.firstJoinedAt, lastSeenAt: meetingPresence.lastSeenAt })
    .from(meetingPresence)
    .where(eq(meetingPresence.meetingId, meetingId))
    .orderBy(asc(meetingPresence.firstJoinedAt))
    .all();
}
