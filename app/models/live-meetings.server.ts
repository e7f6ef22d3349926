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
import { statusAfter } from "~/domain/action-history";
import { apply, initialState } from "~/domain/live/machine";
import type { Actor, Command, CommittedAction, MeetingState, OpenAction, Person } from "~/domain/live/types";
import type Database from "better-sqlite3";
import { db, services } from "~/server/context.server";
import { newId } from "~/server/ids.server";
import { actionsDueForReportBack } from "./actions.server";
import { JOIN_OPENS_MINUTES } from "./meetings.server";

type Tx = Pick<DB, "insert" | "update" | "select" | "delete">;

export type LiveAccess = "facilitator" | "member";

export type ApplyCommandResult =
  | { ok: true; state: MeetingState; duplicate?: false }
  | { ok: true; version: number; duplicate: true }
  | { ok: false; reason: string };

export type LiveCommandInput = { meetingId: string; opId: string; command: Command; actor: Actor; now: number };

/** One command's outcome in a batch: as `applyCommand`'s, or the error that stopped it being saved (nothing of it was). */
export type BatchCommandResult = ApplyCommandResult | { ok: false; failure: unknown };

/** Thrown inside the transaction when another writer changed the row first; the command is applied again from the row. */
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
  return liveAccessReader()(userId, meetingId);
}

/**
 * `liveMeetingAccess` for many people at once (everyone a broadcast goes
 * to): the change counter is read once, when the reader is made, so use it
 * straight away and then drop it.
 */
export function liveAccessReader(): (userId: string, meetingId: string) => LiveAccess | null {
  const h = hot();
  // Kept until the 'live_access' counter moves: triggers raise it with every
  // change to memberships, a cohort's facilitators or a meeting's cohort, in
  // the same transaction (migration 0013), so a change is seen at once.
  const version = (h.accessVersion.get() as { value: number } | undefined)?.value;
  if (version === undefined) h.accessKept.clear(); // no counter: keep nothing
  else if (version !== h.accessVersionSeen) {
    h.accessKept.clear();
    h.accessVersionSeen = version;
  }
  return (userId, meetingId) => {
    const key = `${meetingId}\n${userId}`;
    const kept = version === h.accessVersionSeen ? h.accessKept.get(key) : undefined;
    if (kept !== undefined) return kept;
    // One prepared query (the same rules as meetingRole without the admin case, which gets nothing here).
    const row = h.access.get({ userId, meetingId }) as { facilitatorId: string; coFacilitatorId: string | null; member: number } | undefined;
    const role: LiveAccess | null = !row ? null : row.facilitatorId === userId || row.coFacilitatorId === userId ? "facilitator" : row.member ? "member" : null;
    // Kept only under the counter it was read with (a newer reader may have moved it on meanwhile).
    if (version === undefined || version !== h.accessVersionSeen) return role;
    if (h.accessKept.size >= 50_000) h.accessKept.clear();
    h.accessKept.set(key, role);
    return role;
  };
}

// ---- the hot path's statements ---------------------------------------------------

/**
 * The statements every command runs, prepared once per connection with
 * better-sqlite3 (drizzle builds and prepares a query on every call), and the
 * last committed state of each meeting this process has written, so a command
 * does not read and parse the row again. The cache is only a shortcut: the
 * UPDATE still checks the version, and a mismatch (another writer) drops the
 * entry and retries from the database. It is keyed to the connection, so a
 * reopened database (a restart, a test) starts empty and loads from the rows.
 */
type Hot = {
  sqlite: Database.Database;
  access: Database.Statement;
  accessVersion: Database.Statement;
  /** Access read since the counter was last seen at `accessVersionSeen`, by meeting and person. */
  accessKept: Map<string, LiveAccess | null>;
  accessVersionSeen: number;
  seen: Database.Statement;
  meeting: Database.Statement;
  state: Database.Statement;
  update: Database.Statement;
  insertState: Database.Statement;
  insertEvent: Database.Statement;
  begin: Database.Statement;
  commit: Database.Statement;
  rollback: Database.Statement;
  savepoint: Database.Statement;
  release: Database.Statement;
  rollbackTo: Database.Statement;
  states: Map<string, { state: MeetingState; version: number }>;
};
let hotCache: Hot | null = null;

function hot(): Hot {
  const sqlite = services().conn.sqlite;
  if (hotCache && hotCache.sqlite === sqlite) return hotCache;
  hotCache = {
    sqlite,
    access: sqlite.prepare(
      `SELECT c.facilitator_id AS facilitatorId, c.co_facilitator_id AS coFacilitatorId,
         EXISTS (SELECT 1 FROM cohort_memberships cm WHERE cm.cohort_id = m.cohort_id AND cm.user_id = @userId AND cm.left_at IS NULL) AS member
       FROM meetings m JOIN cohorts c ON c.id = m.cohort_id WHERE m.id = @meetingId`,
    ),
    accessVersion: sqlite.prepare("SELECT value FROM change_counters WHERE name = 'live_access'"),
    accessKept: new Map(),
    accessVersionSeen: -1,
    seen: sqlite.prepare("SELECT version FROM live_events WHERE meeting_id = ? AND op_id = ?"),
    meeting: sqlite.prepare("SELECT cohort_id AS cohortId, starts_at AS startsAt, status FROM meetings WHERE id = ?"),
    state: sqlite.prepare("SELECT state, version FROM live_meetings WHERE meeting_id = ?"),
    update: sqlite.prepare("UPDATE live_meetings SET state = ?, version = ?, updated_at = ? WHERE meeting_id = ? AND version = ?"),
    insertState: sqlite.prepare("INSERT INTO live_meetings (meeting_id, state, version, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"),
    insertEvent: sqlite.prepare("INSERT INTO live_events (meeting_id, op_id, version, actor_id, type, at) VALUES (?, ?, ?, ?, ?, ?)"),
    begin: sqlite.prepare("BEGIN IMMEDIATE"),
    commit: sqlite.prepare("COMMIT"),
    rollback: sqlite.prepare("ROLLBACK"),
    savepoint: sqlite.prepare("SAVEPOINT live_command"),
    release: sqlite.prepare("RELEASE live_command"),
    rollbackTo: sqlite.prepare("ROLLBACK TO live_command"),
    states: new Map(),
  };
  return hotCache;
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
  const openActions: OpenAction[] = actionsDueForReportBack(
    tx,
    cohortId,
    members.map((m) => m.userId),
  );
  return initialState({ meetingId, facilitators, members, openActions });
}

// ---- commands -------------------------------------------------------------------

/**
 * Applies one command in one `BEGIN IMMEDIATE` transaction: the opId check,
 * the machine, the state row (with a version check), the event row and the
 * records that must never be lost. Committed when this returns ok, so the
 * caller may broadcast and then acknowledge. Throws if the database fails.
 */
export function applyCommand(input: LiveCommandInput): ApplyCommandResult {
  const [result] = applyCommands([input]);
  if ("failure" in result) throw result.failure;
  return result;
}

/**
 * Applies several commands, in order, in one `BEGIN IMMEDIATE` transaction
 * with one commit (group commit: one fsync for all of them). Each command is
 * its own savepoint, so one that is refused, repeated or fails leaves nothing
 * behind and does not stop the others, and a later command for the same
 * meeting builds on an earlier one. Nothing is committed, and no in-memory
 * state moves on, until the COMMIT has succeeded; if the COMMIT fails, this
 * throws and none of them was saved.
 */
export function applyCommands(inputs: readonly LiveCommandInput[]): BatchCommandResult[] {
  const h = hot();
  /** States written in this transaction, by meeting: what a later command in the batch builds on. */
  const written = new Map<string, { state: MeetingState; version: number }>();
  const results: BatchCommandResult[] = [];
  h.begin.run();
  try {
    for (const input of inputs) results.push(applyOne(h, input, written));
    h.commit.run();
  } catch (error) {
    if (h.sqlite.inTransaction) h.rollback.run();
    for (const meetingId of written.keys()) h.states.delete(meetingId);
    throw error;
  }
  // Committed: only now does the in-memory state move on.
  for (const [meetingId, current] of written) {
    if (h.states.size >= 10_000) h.states.clear();
    h.states.set(meetingId, current);
  }
  return results;
}

function applyOne(h: Hot, input: LiveCommandInput, written: Map<string, { state: MeetingState; version: number }>): BatchCommandResult {
  for (let attempt = 0; attempt < 2; attempt++) {
    h.savepoint.run();
    try {
      const result = applyInTransaction(h, input, written.get(input.meetingId) ?? h.states.get(input.meetingId));
      if (result.ok && !result.duplicate) {
        h.release.run();
        written.set(input.meetingId, { state: result.state, version: result.state.version });
      } else {
        h.rollbackTo.run();
        h.release.run();
      }
      return result;
    } catch (error) {
      h.rollbackTo.run();
      h.release.run();
      if (error instanceof VersionConflict) {
        // Another connection wrote the row since this process last did: read it again (the lock is ours now).
        h.states.delete(input.meetingId);
        written.delete(input.meetingId);
        continue;
      }
      if (error instanceof Refused) return { ok: false, reason: error.reason };
      return { ok: false, failure: error };
    }
  }
  return { ok: false, reason: "The meeting moved on; try again" };
}

function applyInTransaction(
  h: Hot,
  { meetingId, opId, command, actor, now }: LiveCommandInput,
  /** The last state this process wrote for the meeting (committed, or earlier in this transaction), if it has it. */
  known: { state: MeetingState; version: number } | undefined,
): ApplyCommandResult {
  const seen = h.seen.get(meetingId, opId) as { version: number } | undefined;
  if (seen) return { ok: true, version: seen.version, duplicate: true };

  const meeting = h.meeting.get(meetingId) as { cohortId: string; startsAt: number; status: string } | undefined;
  if (!meeting) return { ok: false, reason: "There is no such meeting" };
  if (meeting.status === "cancelled") return { ok: false, reason: "This meeting was cancelled" };
  if (command.type === "start" && now < meeting.startsAt - JOIN_OPENS_MINUTES * 60_000) {
    return { ok: false, reason: `The room opens ${JOIN_OPENS_MINUTES} minutes before the meeting` };
  }

  // What this process wrote last, or the row (after a restart, or when another writer moved it).
  let current = known;
  if (!current) {
    const row = h.state.get(meetingId) as { state: string; version: number } | undefined;
    if (row) current = { state: JSON.parse(row.state) as MeetingState, version: row.version };
  }
  const tx = db() as Tx;
  const before: MeetingState = current ? current.state : buildInitialState(tx, meetingId, meeting.cohortId);
  const outcome = apply(before, command, actor, { now, opId });
  if (!outcome.ok) return outcome;
  const after = outcome.state;

  const json = JSON.stringify(after);
  const changed = current
    ? h.update.run(json, after.version, now, meetingId, current.version)
    : h.insertState.run(meetingId, json, after.version, now);
  if (changed.changes !== 1) throw new VersionConflict();

  // The command's type only: what people typed stays in the state row.
  h.insertEvent.run(meetingId, opId, after.version, actor.userId, command.type, now);

  const refusal = persistRecords(tx, { meetingId, cohortId: meeting.cohortId, before, after, command, actor, now });
  if (refusal) {
    // Nothing of this command may stay half-written.
    throw new Refused(refusal);
  }
  return { ok: true, state: after };
}

/** Newly confirmed actions and report-backs outlive the meeting: they go to their own tables now. */
function persistRecords(
  tx: Tx,
  input: { meetingId: string; cohortId: string; before: MeetingState; after: MeetingState; command: Command; actor: Actor; now: number },
): string | null {
  const { meetingId, cohortId, before, after, command, actor, now } = input;
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
        .set({ status: report.status, learned: report.learned, obstacles: report.obstacles, reportedBy: actor.userId, reportedAt: now })
        .where(eq(actionReports.id, existing.id))
        .run();
    } else {
      tx.insert(actionReports)
        .values({
          id: newId(),
          actionId: command.actionId,
          meetingId,
          status: report.status,
          learned: report.learned,
          obstacles: report.obstacles,
          reportedBy: actor.userId,
          reportedAt: now,
        })
        .run();
    }
    // Done and dropped close the action; partly and not done carry it forward.
    tx.update(actions).set({ status: statusAfter(report.status), updatedAt: now }).where(eq(actions.id, command.actionId)).run();
  }

  // The meeting ended: every open action nobody reported on (apologies, or no time) is carried forward, on the record.
  if (before.position.stage !== "ended" && after.position.stage === "ended") {
    const reported = new Set(after.reports.map((r) => r.actionId));
    const unreported = after.openActions.map((a) => a.actionId).filter((id) => !reported.has(id));
    const stillOpen = unreported.length
      ? tx
          .select({ id: actions.id })
          .from(actions)
          .where(and(inArray(actions.id, unreported), eq(actions.cohortId, cohortId), eq(actions.status, "open")))
          .all()
      : [];
    for (const { id } of stillOpen) {
      const already = tx
        .select({ id: actionReports.id })
        .from(actionReports)
        .where(and(eq(actionReports.actionId, id), eq(actionReports.meetingId, meetingId)))
        .get();
      if (!already) tx.insert(actionReports).values({ id: newId(), actionId: id, meetingId, status: "carried", reportedAt: now }).run();
    }
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
