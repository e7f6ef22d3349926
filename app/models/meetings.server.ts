/**
 * Scheduling a cohort's meetings, changing and cancelling them, members'
 * answers and the facilitator's attendance record. Every change writes its
 * reminder and notice jobs in the same transaction (app/models/jobs.server.ts),
 * so an email is queued exactly when the change is saved.
 */
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, ne, or } from "drizzle-orm";
import {
  cohortMemberships,
  cohorts,
  footprints,
  meetingAttendance,
  meetingPresence,
  meetingResponses,
  meetings,
  meetingSeries,
  users,
  type RsvpResponse,
} from "~db/schema";
import type { DB } from "~db/client";
import { BANK_HOLIDAYS } from "~/domain/bank-holidays";
import {
  checkPlan,
  generateOccurrences,
  londonInstant,
  resolveBankHolidays,
  type Occurrence,
  type PlanProblem,
  type SeriesPlan,
} from "~/domain/recurrence";
import type { Role } from "~db/enums";
import { db } from "~/server/context.server";
import { newId } from "~/server/ids.server";
import { kickScheduler } from "~/server/scheduler.server";
import { audit } from "./audit.server";
import { cancelPendingMeetingJobs, queueMeetingNotice, queueMeetingReminders, queueSeriesNotice } from "./jobs.server";

type Tx = Pick<DB, "insert" | "update" | "select" | "delete">;
export type Actor = { id: string; roles: readonly Role[]; ip: string };
const IMMEDIATE = { behavior: "immediate" } as const;

/** A meeting is joinable from 15 minutes before it starts. */
export const JOIN_OPENS_MINUTES = 15;

// ---- who may do what --------------------------------------------------------

export type SchedulingCohort = {
  id: string;
  name: string;
  termStart: string;
  termEnd: string;
  archivedAt: number | null;
  facilitatorId: string;
  coFacilitatorId: string | null;
};

/** The cohort, if this person may schedule its meetings (its facilitators, or an admin). */
export function cohortForScheduling(actor: Pick<Actor, "id" | "roles">, cohortId: string): SchedulingCohort | null {
  const cohort = db()
    .select({
      id: cohorts.id,
      name: cohorts.name,
      termStart: cohorts.termStart,
      termEnd: cohorts.termEnd,
      archivedAt: cohorts.archivedAt,
      facilitatorId: cohorts.facilitatorId,
      coFacilitatorId: cohorts.coFacilitatorId,
    })
    .from(cohorts)
    .where(eq(cohorts.id, cohortId))
    .get();
  if (!cohort) return null;
  const facilitates = cohort.facilitatorId === actor.id || cohort.coFacilitatorId === actor.id;
  return facilitates || actor.roles.includes("admin") ? cohort : null;
}

type MeetingRole = "facilitator" | "member" | "admin";

/** How a person relates to a meeting's cohort; null means no access at all. */
export function meetingRole(actor: Pick<Actor, "id" | "roles">, meetingId: string): MeetingRole | null {
  const row = db()
    .select({ cohortId: meetings.cohortId, facilitatorId: cohorts.facilitatorId, coFacilitatorId: cohorts.coFacilitatorId })
    .from(meetings)
    .innerJoin(cohorts, eq(cohorts.id, meetings.cohortId))
    .where(eq(meetings.id, meetingId))
    .get();
  if (!row) return null;
  if (row.facilitatorId === actor.id || row.coFacilitatorId === actor.id) return "facilitator";
  if (isCurrentMember(row.cohortId, actor.id)) return "member";
  return actor.roles.includes("admin") ? "admin" : null;
}

function isCurrentMember(cohortId: string, userId: string, tx: Tx = db()) {
  return Boolean(
    tx
      .select({ id: cohortMemberships.id })
      .from(cohortMemberships)
      .where(and(eq(cohortMemberships.cohortId, cohortId), eq(cohortMemberships.userId, userId), isNull(cohortMemberships.leftAt)))
      .get(),
  );
}

// ---- series -----------------------------------------------------------------

export type Clash = { date: string; cohortName: string; facilitatorName: string };

export type SeriesPreview = {
  problems: PlanProblem[];
  occurrences: Occurrence[];
  skippedMonths: string[];
  clashes: Clash[];
};

export function previewSeries(cohort: SchedulingCohort, plan: SeriesPlan, now: number): SeriesPreview {
  const problems = checkPlan(plan, { now, termStart: cohort.termStart, termEnd: cohort.termEnd });
  if (problems.length) return { problems, occurrences: [], skippedMonths: [], clashes: [] };
  const generated = generateOccurrences(plan, { termStart: cohort.termStart, termEnd: cohort.termEnd, bankHolidays: BANK_HOLIDAYS });
  const future = generated.occurrences.filter((o) => o.startsAt > now);
  if (future.length === 0) {
    return {
      problems: [{ field: "until", message: "No meeting dates fall within the cohort's term with these settings" }],
      occurrences: [],
      skippedMonths: [],
      clashes: [],
    };
  }
  return { problems: [], occurrences: future, skippedMonths: generated.skippedMonths, clashes: findClashes(cohort, future) };
}

/** Other cohorts' meetings that the same facilitators run at overlapping times: a warning, not a refusal. */
export function findClashes(
  cohort: Pick<SchedulingCohort, "id" | "facilitatorId" | "coFacilitatorId">,
  slots: Array<{ startsAt: number; endsAt: number }>,
  exceptMeetingId?: string,
): Clash[] {
  if (slots.length === 0) return [];
  const people = [cohort.facilitatorId, cohort.coFacilitatorId].filter((x): x is string => Boolean(x));
  const from = Math.min(...slots.map((s) => s.startsAt));
  const to = Math.max(...slots.map((s) => s.endsAt));
  const others = db()
    .select({
      id: meetings.id,
      startsAt: meetings.startsAt,
      endsAt: meetings.endsAt,
      cohortName: cohorts.name,
      facilitatorId: cohorts.facilitatorId,
      coFacilitatorId: cohorts.coFacilitatorId,
    })
    .from(meetings)
    .innerJoin(cohorts, eq(cohorts.id, meetings.cohortId))
    .where(
      and(
        ne(meetings.cohortId, cohort.id),
        eq(meetings.status, "scheduled"),
        lt(meetings.startsAt, to),
        gt(meetings.endsAt, from),
        or(inArray(cohorts.facilitatorId, people), inArray(cohorts.coFacilitatorId, people)),
      ),
    )
    .all()
    .filter((m) => m.id !== exceptMeetingId);
  const names = new Map(
    db().select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, people)).all().map((u) => [u.id, u.name]),
  );
  const clashes: Clash[] = [];
  for (const slot of slots) {
    for (const other of others) {
      if (other.startsAt < slot.endsAt && other.endsAt > slot.startsAt) {
        const who = people.find((p) => p === other.facilitatorId || p === other.coFacilitatorId)!;
        clashes.push({ date: londonDate(slot.startsAt), cohortName: other.cohortName, facilitatorName: names.get(who) ?? "" });
      }
    }
  }
  return clashes;
}

export type ScheduleResult =
  | { ok: true; seriesId: string; count: number }
  | { ok: false; problems: PlanProblem[] }
  | { ok: false; needsChoices: string[] }
  | { ok: false; archived: true };

export function scheduleSeries(input: {
  cohort: SchedulingCohort;
  plan: SeriesPlan;
  videoUrl: string;
  choices: Record<string, "move" | "skip">;
  actor: Actor;
  now: number;
}): ScheduleResult {
  if (input.cohort.archivedAt) return { ok: false, archived: true };
  const preview = previewSeries(input.cohort, input.plan, input.now);
  if (preview.problems.length) return { ok: false, problems: preview.problems };
  const undecided = preview.occurrences.filter((o) => o.bankHoliday && !input.choices[o.date]).map((o) => o.date);
  if (undecided.length) return { ok: false, needsChoices: undecided };
  const final = resolveBankHolidays(preview.occurrences, input.choices, BANK_HOLIDAYS, { termEnd: input.cohort.termEnd }).filter(
    (o) => o.startsAt > input.now,
  );
  const seriesId = newId();
  db().transaction((tx) => {
    tx.insert(meetingSeries)
      .values({
        id: seriesId,
        cohortId: input.cohort.id,
        rule: JSON.stringify(input.plan.rule),
        startTime: input.plan.startTime,
        durationMinutes: input.plan.durationMinutes,
        videoUrl: input.videoUrl,
        createdBy: input.actor.id,
      })
      .run();
    for (const o of final) {
      const id = newId();
      tx.insert(meetings)
        .values({ id, cohortId: input.cohort.id, seriesId, startsAt: o.startsAt, endsAt: o.endsAt, videoUrl: input.videoUrl })
        .run();
      queueMeetingReminders(tx, { id, cohortId: input.cohort.id, startsAt: o.startsAt, sequence: 0 }, input.now);
    }
    queueSeriesNotice(tx, { id: seriesId, cohortId: input.cohort.id }, input.now);
    audit(
      { actorId: input.actor.id, action: "series_scheduled", targetType: "cohort", targetId: input.cohort.id, detail: { seriesId, meetings: final.length }, ip: input.actor.ip },
      tx,
    );
  }, IMMEDIATE);
  kickScheduler();
  return { ok: true, seriesId, count: final.length };
}

// ---- one meeting ------------------------------------------------------------

export type MeetingChange = { date: string; startTime: string; durationMinutes: number; videoUrl: string };
export type ChangeResult =
  | { ok: true; changed: number; clashes: Clash[] }
  | { ok: false; field: keyof MeetingChange | "form"; message: string };

function meetingWithCohort(meetingId: string, tx: Tx = db()) {
  return tx
    .select({
      id: meetings.id,
      cohortId: meetings.cohortId,
      seriesId: meetings.seriesId,
      startsAt: meetings.startsAt,
      endsAt: meetings.endsAt,
      videoUrl: meetings.videoUrl,
      status: meetings.status,
      sequence: meetings.sequence,
      termStart: cohorts.termStart,
      termEnd: cohorts.termEnd,
      archivedAt: cohorts.archivedAt,
      facilitatorId: cohorts.facilitatorId,
      coFacilitatorId: cohorts.coFacilitatorId,
    })
    .from(meetings)
    .innerJoin(cohorts, eq(cohorts.id, meetings.cohortId))
    .where(eq(meetings.id, meetingId))
    .get();
}

/**
 * Changes one meeting, or (with `applyToRest`) this and every later scheduled
 * meeting of its series: the new time, length and link are applied to each of
 * them on its own date. Each changed meeting's calendar SEQUENCE goes up, its
 * old reminders are cancelled and new ones queued, and members are told.
 */
export function changeMeeting(input: {
  meetingId: string;
  change: MeetingChange;
  applyToRest: boolean;
  actor: Actor;
  now: number;
}): ChangeResult {
  const current = meetingWithCohort(input.meetingId);
  if (!current) return { ok: false, field: "form", message: "This meeting no longer exists" };
  if (current.archivedAt) return { ok: false, field: "form", message: "This cohort is archived, so its meetings cannot be changed" };
  if (current.status === "cancelled") return { ok: false, field: "form", message: "This meeting was cancelled, so it cannot be changed" };
  if (current.startsAt <= input.now) return { ok: false, field: "form", message: "This meeting has already started, so it cannot be changed" };
  const { date, startTime, durationMinutes, videoUrl } = input.change;
  if (date < current.termStart || date > current.termEnd) {
    return { ok: false, field: "date", message: `The date must be within the cohort's term (${current.termStart} to ${current.termEnd})` };
  }
  if (durationMinutes < 30) return { ok: false, field: "durationMinutes", message: "A meeting must last at least 30 minutes" };
  if (durationMinutes > 480) return { ok: false, field: "durationMinutes", message: "A meeting can last at most 8 hours" };
  const startsAt = londonInstant(date, startTime);
  if (startsAt <= input.now) return { ok: false, field: "date", message: "The new date and time must be in the future" };

  const targets =
    input.applyToRest && current.seriesId
      ? db()
          .select({ id: meetings.id, startsAt: meetings.startsAt })
          .from(meetings)
          .where(and(eq(meetings.seriesId, current.seriesId), eq(meetings.status, "scheduled"), gte(meetings.startsAt, current.startsAt)))
          .orderBy(asc(meetings.startsAt))
          .all()
      : [{ id: current.id, startsAt: current.startsAt }];
  const planned = targets.map((t) => {
    // The chosen meeting moves to the new date; later ones keep their own dates.
    const day = t.id === current.id ? date : londonDate(t.startsAt);
    const s = londonInstant(day, startTime);
    return { id: t.id, startsAt: s, endsAt: s + durationMinutes * 60_000 };
  });
  // Saving the form unchanged changes nothing and emails no one.
  const unchanged = planned.length === 1 && planned[0].startsAt === current.startsAt && planned[0].endsAt === current.endsAt && videoUrl === current.videoUrl;
  if (unchanged) return { ok: true, changed: 0, clashes: [] };
  db().transaction((tx) => {
    for (const p of planned) {
      const before = meetingWithCohort(p.id, tx)!;
      if (p.startsAt === before.startsAt && p.endsAt === before.endsAt && videoUrl === before.videoUrl) continue;
      const sequence = before.sequence + 1;
      tx.update(meetings)
        .set({ startsAt: p.startsAt, endsAt: p.endsAt, videoUrl, sequence, updatedAt: input.now })
        .where(eq(meetings.id, p.id))
        .run();
      cancelPendingMeetingJobs(tx, p.id);
      queueMeetingReminders(tx, { id: p.id, cohortId: before.cohortId, startsAt: p.startsAt, sequence }, input.now);
      queueMeetingNotice(tx, "meeting_changed", { id: p.id, cohortId: before.cohortId, sequence }, input.now, {
        previousStartsAt: String(before.startsAt),
        previousEndsAt: String(before.endsAt),
      });
    }
    audit(
      { actorId: input.actor.id, action: "meeting_changed", targetType: "meeting", targetId: current.id, detail: { meetings: planned.length }, ip: input.actor.ip },
      tx,
    );
  }, IMMEDIATE);
  kickScheduler();
  return { ok: true, changed: planned.length, clashes: findClashes(current, planned, current.id) };
}

export function cancelMeeting(input: { meetingId: string; reason: string; actor: Actor; now: number }) {
  const current = meetingWithCohort(input.meetingId);
  if (!current) return { ok: false as const, message: "This meeting no longer exists" };
  if (current.archivedAt) return { ok: false as const, message: "This cohort is archived, so its meetings cannot be changed" };
  if (current.status === "cancelled") return { ok: false as const, message: "This meeting is already cancelled" };
  if (current.startsAt <= input.now) return { ok: false as const, message: "This meeting has already started, so it cannot be cancelled" };
  db().transaction((tx) => {
    const sequence = current.sequence + 1;
    tx.update(meetings)
      .set({ status: "cancelled", cancelReason: input.reason, sequence, updatedAt: input.now })
      .where(eq(meetings.id, current.id))
      .run();
    cancelPendingMeetingJobs(tx, current.id);
    queueMeetingNotice(tx, "meeting_cancelled", { id: current.id, cohortId: current.cohortId, sequence }, input.now, { reason: input.reason });
    audit({ actorId: input.actor.id, action: "meeting_cancelled", targetType: "meeting", targetId: current.id, ip: input.actor.ip }, tx);
  }, IMMEDIATE);
  kickScheduler();
  return { ok: true as const };
}

// ---- answers and attendance -------------------------------------------------

export function respondToMeeting(input: { meetingId: string; userId: string; response: RsvpResponse; reason?: string; now: number }) {
  const current = meetingWithCohort(input.meetingId);
  if (!current || !isCurrentMember(current.cohortId, input.userId)) return { ok: false as const, message: "Only members of this set can answer" };
  if (current.status === "cancelled") return { ok: false as const, message: "This meeting was cancelled" };
  if (current.endsAt <= input.now) return { ok: false as const, message: "This meeting has finished" };
  const reason = input.response === "apologies" ? (input.reason ?? null) : null;
  db().transaction((tx) => {
    tx.insert(meetingResponses)
      .values({ meetingId: current.id, userId: input.userId, response: input.response, reason, respondedAt: input.now })
      .onConflictDoUpdate({
        target: [meetingResponses.meetingId, meetingResponses.userId],
        set: { response: input.response, reason, respondedAt: input.now },
      })
      .run();
  }, IMMEDIATE);
  return { ok: true as const };
}

export function confirmAttendance(input: { meetingId: string; attendedIds: string[]; actor: Actor; now: number }) {
  const current = meetingWithCohort(input.meetingId);
  if (!current) return { ok: false as const, message: "This meeting no longer exists" };
  if (current.status === "cancelled") return { ok: false as const, message: "This meeting was cancelled" };
  if (current.startsAt > input.now) return { ok: false as const, message: "Attendance can be recorded once the meeting has started" };
  const members = membersAt(current.cohortId, current.startsAt);
  const memberIds = new Set(members.map((m) => m.id));
  const unknown = input.attendedIds.filter((id) => !memberIds.has(id));
  if (unknown.length) return { ok: false as const, message: "Someone in the list is not a member of this set" };
  const attended = new Set(input.attendedIds);
  db().transaction((tx) => {
    for (const m of members) {
      tx.insert(meetingAttendance)
        .values({ meetingId: current.id, userId: m.id, attended: attended.has(m.id) ? 1 : 0, confirmedBy: input.actor.id, confirmedAt: input.now })
        .onConflictDoUpdate({
          target: [meetingAttendance.meetingId, meetingAttendance.userId],
          set: { attended: attended.has(m.id) ? 1 : 0, confirmedBy: input.actor.id, confirmedAt: input.now },
        })
        .run();
    }
    tx.update(meetings).set({ attendanceConfirmedAt: input.now }).where(eq(meetings.id, current.id)).run();
    audit(
      { actorId: input.actor.id, action: "attendance_confirmed", targetType: "meeting", targetId: current.id, detail: { present: attended.size, members: members.length }, ip: input.actor.ip },
      tx,
    );
  }, IMMEDIATE);
  return { ok: true as const };
}

/** Members of a cohort at a moment (joined before it, not left before it). */
function membersAt(cohortId: string, at: number) {
  return db()
    .select({ id: users.id, name: users.name, joinedAt: cohortMemberships.joinedAt, leftAt: cohortMemberships.leftAt })
    .from(cohortMemberships)
    .innerJoin(users, eq(users.id, cohortMemberships.userId))
    .where(eq(cohortMemberships.cohortId, cohortId))
    .orderBy(asc(users.name))
    .all()
    .filter((m) => m.joinedAt <= at && (m.leftAt === null || m.leftAt > at))
    .filter((m, i, all) => all.findIndex((x) => x.id === m.id) === i)
    .map(({ id, name }) => ({ id, name }));
}

// ---- reading ------------------------------------------------------------------

export function londonDate(epochMs: number) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(epochMs);
}
export function londonTime(epochMs: number) {
  return new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hour12: false }).format(epochMs);
}

/** Everything the meeting page shows; the apology reasons only for facilitators. */
export function meetingDetail(meetingId: string, role: MeetingRole, viewerId: string) {
  const m = db()
    .select({
      id: meetings.id,
      cohortId: meetings.cohortId,
      cohortName: cohorts.name,
      seriesId: meetings.seriesId,
      startsAt: meetings.startsAt,
      endsAt: meetings.endsAt,
      videoUrl: meetings.videoUrl,
      status: meetings.status,
      cancelReason: meetings.cancelReason,
      attendanceConfirmedAt: meetings.attendanceConfirmedAt,
      termStart: cohorts.termStart,
      termEnd: cohorts.termEnd,
      archivedAt: cohorts.archivedAt,
    })
    .from(meetings)
    .innerJoin(cohorts, eq(cohorts.id, meetings.cohortId))
    .where(eq(meetings.id, meetingId))
    .get();
  if (!m) return null;
  const members = membersAt(m.cohortId, Math.min(m.startsAt, Date.now()));
  const responses = db()
    .select({ userId: meetingResponses.userId, response: meetingResponses.response, reason: meetingResponses.reason })
    .from(meetingResponses)
    .where(eq(meetingResponses.meetingId, m.id))
    .all();
  const attendance = db()
    .select({ userId: meetingAttendance.userId, attended: meetingAttendance.attended })
    .from(meetingAttendance)
    .where(eq(meetingAttendance.meetingId, m.id))
    .all();
  const byUser = new Map(responses.map((r) => [r.userId, r]));
  const present = new Map(attendance.map((a) => [a.userId, a.attended === 1]));
  const facilitating = role === "facilitator";
  // Who joined the live meeting: the facilitator's attendance list starts from it.
  const joined = facilitating
    ? db().select({ userId: meetingPresence.userId }).from(meetingPresence).where(eq(meetingPresence.meetingId, m.id)).all().map((r) => r.userId)
    : [];
  return {
    ...m,
    date: londonDate(m.startsAt),
    startTime: londonTime(m.startsAt),
    durationMinutes: Math.round((m.endsAt - m.startsAt) / 60_000),
    myResponse: byUser.get(viewerId)?.response ?? null,
    myReason: byUser.get(viewerId)?.reason ?? null,
    joined,
    // Members see who is coming; only facilitators (and the person) see why someone sent apologies.
    members: role === "admin"
      ? []
      : members.map((p) => ({
          id: p.id,
          name: p.name,
          response: byUser.get(p.id)?.response ?? null,
          reason: facilitating || p.id === viewerId ? (byUser.get(p.id)?.reason ?? null) : null,
          attended: facilitating ? (present.get(p.id) ?? null) : null,
        })),
  };
}

export type MeetingSummary = {
  id: string;
  cohortId: string;
  cohortName: string;
  startsAt: number;
  endsAt: number;
  videoUrl: string;
  status: "scheduled" | "cancelled";
  cancelReason: string | null;
};

const summaryColumns = {
  id: meetings.id,
  cohortId: meetings.cohortId,
  cohortName: cohorts.name,
  startsAt: meetings.startsAt,
  endsAt: meetings.endsAt,
  videoUrl: meetings.videoUrl,
  status: meetings.status,
  cancelReason: meetings.cancelReason,
};

/** The clinical lead's meetings: what is next (with their answer) and what has been. */
export function leadMeetings(userId: string, now: number) {
  const cohortIds = db()
    .select({ id: cohortMemberships.cohortId })
    .from(cohortMemberships)
    .where(and(eq(cohortMemberships.userId, userId), isNull(cohortMemberships.leftAt)))
    .all()
    .map((r) => r.id);
  if (cohortIds.length === 0) return { upcoming: [], past: [] };
  const all = db().select(summaryColumns).from(meetings).innerJoin(cohorts, eq(cohorts.id, meetings.cohortId)).where(inArray(meetings.cohortId, cohortIds)).orderBy(asc(meetings.startsAt)).all();
  const answers = new Map(
    db()
      .select({ meetingId: meetingResponses.meetingId, response: meetingResponses.response })
      .from(meetingResponses)
      .where(eq(meetingResponses.userId, userId))
      .all()
      .map((r) => [r.meetingId, r.response]),
  );
  const attended = new Map(
    db()
      .select({ meetingId: meetingAttendance.meetingId, attended: meetingAttendance.attended })
      .from(meetingAttendance)
      .where(eq(meetingAttendance.userId, userId))
      .all()
      .map((r) => [r.meetingId, r.attended === 1]),
  );
  const withAnswer = (m: MeetingSummary) => ({ ...m, response: answers.get(m.id) ?? null, attended: attended.get(m.id) ?? null });
  return {
    upcoming: all.filter((m) => m.endsAt > now).map(withAnswer),
    past: all.filter((m) => m.endsAt <= now).reverse().map(withAnswer),
  };
}

/** For each cohort a facilitator runs: its next meeting and how members have answered. */
export function facilitatorCohortsWithNext(userId: string, now: number) {
  const theirs = db()
    .select({ id: cohorts.id, name: cohorts.name, footprint: footprints.name, termStart: cohorts.termStart, termEnd: cohorts.termEnd, archivedAt: cohorts.archivedAt })
    .from(cohorts)
    .innerJoin(footprints, eq(footprints.id, cohorts.footprintId))
    .where(or(eq(cohorts.facilitatorId, userId), eq(cohorts.coFacilitatorId, userId)))
    .orderBy(asc(cohorts.name))
    .all();
  return theirs.map((c) => {
    const next = db()
      .select(summaryColumns)
      .from(meetings)
      .innerJoin(cohorts, eq(cohorts.id, meetings.cohortId))
      .where(and(eq(meetings.cohortId, c.id), eq(meetings.status, "scheduled"), gt(meetings.endsAt, now)))
      .orderBy(asc(meetings.startsAt))
      .get();
    const memberCount = db()
      .select({ id: cohortMemberships.id })
      .from(cohortMemberships)
      .where(and(eq(cohortMemberships.cohortId, c.id), isNull(cohortMemberships.leftAt)))
      .all().length;
    const answers = next
      ? db().select({ response: meetingResponses.response }).from(meetingResponses).where(eq(meetingResponses.meetingId, next.id)).all()
      : [];
    const attending = answers.filter((a) => a.response === "attending").length;
    const apologies = answers.filter((a) => a.response === "apologies").length;
    return { ...c, next: next ?? null, rsvp: { attending, apologies, noAnswer: Math.max(0, memberCount - attending - apologies) } };
  });
}

/** All meetings of the cohorts a person facilitates, within [from, to). */
export function facilitatorMeetingsBetween(userId: string, from: number, to: number) {
  return db()
    .select(summaryColumns)
    .from(meetings)
    .innerJoin(cohorts, eq(cohorts.id, meetings.cohortId))
    .where(
      and(
        or(eq(cohorts.facilitatorId, userId), eq(cohorts.coFacilitatorId, userId)),
        gte(meetings.startsAt, from),
        lt(meetings.startsAt, to),
      ),
    )
    .orderBy(asc(meetings.startsAt))
    .all();
}

/** A cohort's meetings, newest last, for its own page. */
export function cohortMeetings(cohortId: string) {
  return db().select(summaryColumns).from(meetings).innerJoin(cohorts, eq(cohorts.id, meetings.cohortId)).where(eq(meetings.cohortId, cohortId)).orderBy(asc(meetings.startsAt)).all();
}

/** Admins: meetings by footprint within [from, to), with raw attendance counts (the page discloses them). */
export function meetingsByFootprint(from: number, to: number, footprintId?: string) {
  const rows = db()
    .select({ ...summaryColumns, footprintId: footprints.id, footprint: footprints.name, attendanceConfirmedAt: meetings.attendanceConfirmedAt })
    .from(meetings)
    .innerJoin(cohorts, eq(cohorts.id, meetings.cohortId))
    .innerJoin(footprints, eq(footprints.id, cohorts.footprintId))
    .where(and(gte(meetings.startsAt, from), lt(meetings.startsAt, to), footprintId ? eq(footprints.id, footprintId) : undefined))
    .orderBy(asc(footprints.name), asc(meetings.startsAt))
    .all();
  const ids = rows.map((r) => r.id);
  const attendance = ids.length
    ? db().select({ meetingId: meetingAttendance.meetingId, attended: meetingAttendance.attended }).from(meetingAttendance).where(inArray(meetingAttendance.meetingId, ids)).all()
    : [];
  return rows.map((r) => {
    const mine = attendance.filter((a) => a.meetingId === r.id);
    return { ...r, attended: mine.filter((a) => a.attended === 1).length, recorded: mine.length };
  });
}

/** Per-person attendance in a cohort, for its facilitators. */
export function cohortAttendance(cohortId: string) {
  const held = db()
    .select({ id: meetings.id })
    .from(meetings)
    .where(and(eq(meetings.cohortId, cohortId), eq(meetings.status, "scheduled")))
    .orderBy(desc(meetings.startsAt))
    .all()
    .map((m) => m.id);
  if (held.length === 0) return [];
  const rows = db()
    .select({ userId: meetingAttendance.userId, name: users.name, attended: meetingAttendance.attended })
    .from(meetingAttendance)
    .innerJoin(users, eq(users.id, meetingAttendance.userId))
    .where(inArray(meetingAttendance.meetingId, held))
    .all();
  const byPerson = new Map<string, { name: string; attended: number; recorded: number }>();
  for (const r of rows) {
    const entry = byPerson.get(r.userId) ?? { name: r.name, attended: 0, recorded: 0 };
    entry.recorded += 1;
    entry.attended += r.attended;
    byPerson.set(r.userId, entry);
  }
  return [...byPerson.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Reminders for everyone now in a cohort, for each of its upcoming meetings:
 * called when people join, so they are reminded like everyone else (queued
 * reminders are unique per person, meeting and version, so nothing doubles).
 */
export function queueRemindersForCohort(tx: Tx, cohortId: string, now: number) {
  const upcoming = tx
    .select({ id: meetings.id, startsAt: meetings.startsAt, sequence: meetings.sequence })
    .from(meetings)
    .where(and(eq(meetings.cohortId, cohortId), eq(meetings.status, "scheduled"), gt(meetings.startsAt, now)))
    .all();
  for (const m of upcoming) queueMeetingReminders(tx, { id: m.id, cohortId, startsAt: m.startsAt, sequence: m.sequence }, now);
}

/** When a cohort is archived its reminders stop. */
export function cancelPendingJobsForCohort(tx: Tx, cohortId: string) {
  const ids = tx.select({ id: meetings.id }).from(meetings).where(eq(meetings.cohortId, cohortId)).all();
  for (const m of ids) cancelPendingMeetingJobs(tx, m.id);
}
