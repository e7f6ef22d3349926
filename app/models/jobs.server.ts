/**
 * Scheduling emails through an outbox: a change to meetings writes its jobs
 * in the same transaction as the change (the `queue*` verbs take the caller's
 * `tx`), and the scheduler in the server runs the due ones (`runDueJobs`).
 *
 * Delivery is at most once. Each job is claimed by one conditional UPDATE
 * before it is sent, so overlapping runs (in one process or several on one
 * database) never send it twice; a job still "running" after a crash is
 * marked "interrupted" rather than resent, because the email may have gone.
 * Logs carry job ids, kinds and attempts only: never addresses or text.
 */
import { aliasedTable, and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import type { DB } from "~db/client";
import { cohortMemberships, cohorts, jobs, meetings, meetingSeries, users, type JobKind } from "~db/schema";
import { db, services } from "~/server/context.server";
import { audit } from "./audit.server";
import { newId } from "~/server/ids.server";
import { log } from "~/server/log.server";
import { kickScheduler } from "~/server/scheduler.server";
import { composeMeetingEmail, type ComposedEmail, type MeetingForEmail } from "~/server/meeting-emails.server";

type Tx = Pick<DB, "insert" | "update" | "select" | "delete">;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** How long a claimed job is held before a restarted scheduler may call it interrupted. */
export const JOB_LOCK_MS = 5 * MINUTE;
/** Attempts before a job is given up as "failed". */
export const MAX_ATTEMPTS = 5;
/** Wait before attempt n+1 after attempt n failed (n = 1..4). */
export const RETRY_BACKOFF_MS = [1 * MINUTE, 5 * MINUTE, 15 * MINUTE, 60 * MINUTE] as const;
/** When each reminder goes out, before the meeting starts. */
export const REMINDER_OFFSETS_MS = { reminder_7d: 7 * DAY, reminder_1d: 1 * DAY } as const;

const REMINDER_KINDS = ["reminder_7d", "reminder_1d"] as const;

export type RunSummary = { sent: number; failed: number; skipped: number; retried: number };

const dedupeKey = (kind: JobKind, meetingId: string, sequence: number, userId: string) => `${kind}:${meetingId}:${sequence}:${userId}`;

/** Current members of a cohort who can still be emailed. */
function currentMemberIds(tx: Pick<DB, "select">, cohortId: string): string[] {
  return tx
    .select({ userId: cohortMemberships.userId })
    .from(cohortMemberships)
    .innerJoin(users, eq(users.id, cohortMemberships.userId))
    .where(and(eq(cohortMemberships.cohortId, cohortId), isNull(cohortMemberships.leftAt), ne(users.status, "deactivated")))
    .all()
    .map((r) => r.userId);
}

function facilitatorIds(tx: Pick<DB, "select">, cohortId: string): string[] {
  const cohort = tx
    .select({ facilitatorId: cohorts.facilitatorId, coFacilitatorId: cohorts.coFacilitatorId })
    .from(cohorts)
    .where(eq(cohorts.id, cohortId))
    .get();
  if (!cohort) return [];
  const ids = [cohort.facilitatorId, cohort.coFacilitatorId].filter((id): id is string => Boolean(id));
  if (ids.length === 0) return [];
  return tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), ne(users.status, "deactivated")))
    .all()
    .map((r) => r.id);
}

/**
 * A week-before and a day-before reminder for every current member and both
 * facilitators. Reminders whose time has already passed are not queued; one
 * already queued for this version of the meeting is left alone.
 */
export function queueMeetingReminders(
  tx: Tx,
  meeting: { id: string; cohortId: string; startsAt: number; sequence: number },
  now: number,
): void {
  const people = [...new Set([...currentMemberIds(tx, meeting.cohortId), ...facilitatorIds(tx, meeting.cohortId)])];
  const rows = [];
  for (const kind of REMINDER_KINDS) {
    const runAt = meeting.startsAt - REMINDER_OFFSETS_MS[kind];
    if (runAt < now) continue;
    for (const userId of people) {
      rows.push({
        id: newId(),
        kind,
        dedupeKey: dedupeKey(kind, meeting.id, meeting.sequence, userId),
        meetingId: meeting.id,
        userId,
        meetingSequence: meeting.sequence,
        runAt,
      });
    }
  }
  if (rows.length) tx.insert(jobs).values(rows).onConflictDoNothing({ target: jobs.dedupeKey }).run();
}

/** Stops the reminders of a meeting that were not sent yet (it moved or was cancelled). */
export function cancelPendingMeetingJobs(tx: Tx, meetingId: string): void {
  tx.update(jobs)
    .set({ status: "cancelled", lockedUntil: null })
    .where(and(eq(jobs.meetingId, meetingId), eq(jobs.status, "pending"), inArray(jobs.kind, [...REMINDER_KINDS])))
    .run();
}

/**
 * Tells every current member (not the facilitators, who made the change) that
 * a meeting changed or was cancelled, as soon as the scheduler runs.
 * `payload` carries what the email needs besides the meeting: `reason` for a
 * cancellation, `previousStartsAt`/`previousEndsAt` (epoch ms) for a move.
 */
export function queueMeetingNotice(
  tx: Tx,
  kind: "meeting_changed" | "meeting_cancelled",
  meeting: { id: string; cohortId: string; sequence: number },
  now: number,
  payload?: Record<string, string>,
): void {
  const rows = currentMemberIds(tx, meeting.cohortId).map((userId) => ({
    id: newId(),
    kind,
    dedupeKey: dedupeKey(kind, meeting.id, meeting.sequence, userId),
    meetingId: meeting.id,
    userId,
    meetingSequence: meeting.sequence,
    payload: payload ? JSON.stringify(payload) : null,
    runAt: now,
  }));
  if (rows.length) tx.insert(jobs).values(rows).onConflictDoNothing({ target: jobs.dedupeKey }).run();
}

/** Tells every current member the dates of a newly scheduled series. */
export function queueSeriesNotice(tx: Tx, series: { id: string; cohortId: string }, now: number): void {
  const rows = currentMemberIds(tx, series.cohortId).map((userId) => ({
    id: newId(),
    kind: "series_scheduled" as const,
    dedupeKey: `series_scheduled:${series.id}:${userId}`,
    meetingId: null,
    userId,
    meetingSequence: null,
    payload: JSON.stringify({ seriesId: series.id }),
    runAt: now,
  }));
  if (rows.length) tx.insert(jobs).values(rows).onConflictDoNothing({ target: jobs.dedupeKey }).run();
}

/**
 * Marks jobs left "running" by a process that stopped mid-send (lock expired)
 * as "interrupted". They are not resent: the email may already have gone.
 * Returns the ids marked.
 */
export function recoverInterruptedJobs(now: number = Date.now()): string[] {
  const stale = db()
    .update(jobs)
    .set({ status: "interrupted", lockedUntil: null, lastError: "interrupted while sending" })
    .where(and(eq(jobs.status, "running"), or(isNull(jobs.lockedUntil), lt(jobs.lockedUntil, now))))
    .returning({ id: jobs.id, kind: jobs.kind, attempts: jobs.attempts })
    .all();
  for (const job of stale) log.warn("job interrupted while sending; not resent", { jobId: job.id, kind: job.kind, attempt: job.attempts });
  return stale.map((j) => j.id);
}

type Job = typeof jobs.$inferSelect;
type Prepared = { skip: string } | { to: string; email: ComposedEmail };

/**
 * Runs the jobs that are due, one at a time, each claimed before it is sent.
 * `signal` stops it taking further jobs (the one being sent is finished).
 */
export async function runDueJobs(
  now: number = Date.now(),
  opts: { limit?: number; workerId?: string; signal?: AbortSignal } = {},
): Promise<RunSummary> {
  const summary: RunSummary = { sent: 0, failed: 0, skipped: 0, retried: 0 };
  const due = db()
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.status, "pending"), lte(jobs.runAt, now)))
    .orderBy(asc(jobs.runAt), asc(jobs.id))
    .limit(opts.limit ?? 100)
    .all();

  for (const { id } of due) {
    if (opts.signal?.aborted) break;
    const job = claim(id, now);
    if (!job) continue; // another run has it
    const fields = { jobId: job.id, kind: job.kind, attempt: job.attempts, ...(opts.workerId ? { workerId: opts.workerId } : {}) };

    let prepared: Prepared;
    try {
      prepared = prepare(job, now);
    } catch (error) {
      // A bug or a bad row: nothing was sent, so it is safe to try again later.
      settleFailure(job, now, describeError(error), fields, summary);
      continue;
    }
    if ("skip" in prepared) {
      db().update(jobs).set({ status: "cancelled", lockedUntil: null, lastError: `skipped: ${prepared.skip}` }).where(eq(jobs.id, job.id)).run();
      log.info("job skipped", { ...fields, reason: prepared.skip });
      summary.skipped++;
      continue;
    }

    try {
      await services().mailer.send({ to: prepared.to, ...prepared.email, reference: `${job.kind}-${job.id}` });
    } catch (error) {
      settleFailure(job, now, describeError(error), fields, summary);
      continue;
    }
    db().update(jobs).set({ status: "sent", sentAt: now, lockedUntil: null, lastError: null }).where(eq(jobs.id, job.id)).run();
    log.info("job sent", fields);
    summary.sent++;
  }
  return summary;
}

/** The one conditional UPDATE that makes a job this run's; null when another run got there first. */
function claim(id: string, now: number): Job | null {
  const result = db()
    .update(jobs)
    .set({ status: "running", lockedUntil: now + JOB_LOCK_MS, attempts: sql`${jobs.attempts} + 1` })
    .where(and(eq(jobs.id, id), eq(jobs.status, "pending"), lte(jobs.runAt, now)))
    .run();
  if (result.changes !== 1) return null;
  return db().select().from(jobs).where(eq(jobs.id, id)).get() ?? null;
}

function settleFailure(job: Job, now: number, error: string, fields: Record<string, unknown>, summary: RunSummary) {
  if (job.attempts < MAX_ATTEMPTS) {
    const retryAt = now + RETRY_BACKOFF_MS[Math.min(job.attempts, RETRY_BACKOFF_MS.length) - 1];
    db().update(jobs).set({ status: "pending", runAt: retryAt, lockedUntil: null, lastError: error }).where(eq(jobs.id, job.id)).run();
    log.warn("job send failed; will retry", { ...fields, error, retryAt: new Date(retryAt).toISOString() });
    summary.retried++;
  } else {
    db().update(jobs).set({ status: "failed", lockedUntil: null, lastError: error }).where(eq(jobs.id, job.id)).run();
    log.error("job send failed; giving up", { ...fields, error });
    summary.failed++;
  }
}

/** A short reason without personal data: the HTTP status and error class, never the request or its body. */
function describeError(error: unknown): string {
  const e = error as { name?: unknown; code?: unknown; status?: unknown; response?: { status?: unknown }; message?: unknown } | null;
  const status = e?.response?.status ?? e?.status;
  const parts = [typeof e?.name === "string" ? e.name : "Error"];
  if (typeof status === "number") parts.push(`HTTP ${status}`);
  if (typeof e?.code === "string") parts.push(e.code);
  if (typeof status !== "number" && typeof e?.message === "string") {
    parts.push(e.message.replace(/\S+@\S+/g, "[address]").slice(0, 120));
  }
  return parts.join(": ").slice(0, 200);
}

/** Decides, from the database as it is now, whether a claimed job still applies, and writes its email. */
function prepare(job: Job, now: number): Prepared {
  if (!job.userId) return { skip: "no recipient" };
  const person = db()
    .select({ name: users.name, email: users.email, status: users.status })
    .from(users)
    .where(eq(users.id, job.userId))
    .get();
  if (!person) return { skip: "recipient gone" };
  if (person.status === "deactivated") return { skip: "recipient deactivated" };

  if (job.kind === "series_scheduled") return prepareSeries(job, person, now);

  if (!job.meetingId) return { skip: "no meeting" };
  const meeting = db()
    .select({
      id: meetings.id,
      cohortId: meetings.cohortId,
      startsAt: meetings.startsAt,
      endsAt: meetings.endsAt,
      videoUrl: meetings.videoUrl,
      status: meetings.status,
      sequence: meetings.sequence,
      cancelReason: meetings.cancelReason,
      cohortName: cohorts.name,
    })
    .from(meetings)
    .innerJoin(cohorts, eq(cohorts.id, meetings.cohortId))
    .where(eq(meetings.id, job.meetingId))
    .get();
  if (!meeting) return { skip: "meeting gone" };
  if (!isCurrentPerson(meeting.cohortId, job.userId)) return { skip: "no longer in the cohort" };
  const payload = readPayload(job.payload);
  const forEmail: MeetingForEmail = { id: meeting.id, startsAt: meeting.startsAt, endsAt: meeting.endsAt, videoUrl: meeting.videoUrl };
  const base = { recipientName: person.name, cohortName: meeting.cohortName, meeting: forEmail };

  switch (job.kind) {
    case "reminder_7d":
    case "reminder_1d":
      if (meeting.status === "cancelled") return { skip: "meeting cancelled" };
      if (meeting.sequence !== job.meetingSequence) return { skip: "meeting changed since queued" };
      if (meeting.startsAt <= now) return { skip: "meeting already started" };
      return { to: person.email, email: composeMeetingEmail(job.kind, base) };
    case "meeting_changed": {
      if (meeting.status === "cancelled") return { skip: "meeting cancelled" };
      if (meeting.startsAt <= now) return { skip: "meeting already started" };
      if (meeting.sequence !== job.meetingSequence && newerNoticeQueued(job)) return { skip: "superseded by a later notice" };
      const previous =
        payload.previousStartsAt && payload.previousEndsAt
          ? { startsAt: Number(payload.previousStartsAt), endsAt: Number(payload.previousEndsAt) }
          : null;
      const valid = previous && Number.isFinite(previous.startsAt) && Number.isFinite(previous.endsAt) ? previous : null;
      return { to: person.email, email: composeMeetingEmail("meeting_changed", { ...base, previous: valid }) };
    }
    case "meeting_cancelled":
      // Sent although (because) the meeting is cancelled; not if it was put back on.
      if (meeting.status !== "cancelled") return { skip: "meeting no longer cancelled" };
      if (meeting.endsAt <= now) return { skip: "meeting time already over" };
      return { to: person.email, email: composeMeetingEmail("meeting_cancelled", { ...base, reason: payload.reason ?? meeting.cancelReason }) };
  }
  return { skip: "unknown kind" };
}

function prepareSeries(job: Job, person: { name: string; email: string }, now: number): Prepared {
  const seriesId = readPayload(job.payload).seriesId;
  if (!seriesId) return { skip: "no series" };
  const series = db()
    .select({ cohortId: meetingSeries.cohortId, cohortName: cohorts.name })
    .from(meetingSeries)
    .innerJoin(cohorts, eq(cohorts.id, meetingSeries.cohortId))
    .where(eq(meetingSeries.id, seriesId))
    .get();
  if (!series) return { skip: "series gone" };
  if (!isCurrentPerson(series.cohortId, job.userId!)) return { skip: "no longer in the cohort" };
  const upcoming = db()
    .select({ id: meetings.id, startsAt: meetings.startsAt, endsAt: meetings.endsAt, videoUrl: meetings.videoUrl })
    .from(meetings)
    .where(and(eq(meetings.seriesId, seriesId), eq(meetings.status, "scheduled"), sql`${meetings.startsAt} > ${now}`))
    .orderBy(asc(meetings.startsAt))
    .all();
  if (upcoming.length === 0) return { skip: "no upcoming meetings" };
  return {
    to: person.email,
    email: composeMeetingEmail("series_scheduled", { recipientName: person.name, cohortName: series.cohortName, meetings: upcoming }),
  };
}

function isCurrentPerson(cohortId: string, userId: string) {
  const cohort = db()
    .select({ facilitatorId: cohorts.facilitatorId, coFacilitatorId: cohorts.coFacilitatorId })
    .from(cohorts)
    .where(eq(cohorts.id, cohortId))
    .get();
  if (!cohort) return false;
  if (cohort.facilitatorId === userId || cohort.coFacilitatorId === userId) return true;
  const membership = db()
    .select({ id: cohortMemberships.id })
    .from(cohortMemberships)
    .where(and(eq(cohortMemberships.cohortId, cohortId), eq(cohortMemberships.userId, userId), isNull(cohortMemberships.leftAt)))
    .get();
  return Boolean(membership);
}

/** A change notice for a later version of the meeting, to the same person, that will be (or was) sent. */
function newerNoticeQueued(job: Job) {
  const newer = db()
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        eq(jobs.meetingId, job.meetingId!),
        eq(jobs.userId, job.userId!),
        eq(jobs.kind, "meeting_changed"),
        sql`${jobs.meetingSequence} > ${job.meetingSequence ?? -1}`,
        inArray(jobs.status, ["pending", "running", "sent"]),
      ),
    )
    .get();
  return Boolean(newer);
}

function readPayload(payload: string | null): Record<string, string> {
  if (!payload) return {};
  try {
    const parsed: unknown = JSON.parse(payload);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === "string"));
  } catch {
    return {};
  }
}

// ---- emails that did not go, and clearing out old jobs ---------------------------

/** Sent and cancelled jobs are deleted this long after they were due. */
export const KEEP_FINISHED_JOBS_DAYS = 90;
/** Failed and interrupted ones stay longer: they are on the admins' Emails page until then. */
export const KEEP_UNDELIVERED_JOBS_DAYS = 365;

const UNDELIVERED = ["failed", "interrupted"] as const;

export type UndeliveredEmail = {
  id: string;
  kind: JobKind;
  status: (typeof UNDELIVERED)[number];
  attempts: number;
  lastError: string | null;
  runAt: number;
  recipientId: string | null;
  recipientName: string | null;
  cohortName: string | null;
  meetingStartsAt: number | null;
};

/**
 * For CLN admins: the emails given up on (after every retry) or interrupted
 * while sending, newest first, with whom and which meeting they were for;
 * and how many are waiting and how many went in the last 30 days.
 */
export function undeliveredEmails(now: number = Date.now(), limit = 200) {
  const seriesCohorts = aliasedTable(cohorts, "series_cohorts");
  const rows = db()
    .select({
      id: jobs.id,
      kind: jobs.kind,
      status: jobs.status,
      attempts: jobs.attempts,
      lastError: jobs.lastError,
      runAt: jobs.runAt,
      recipientId: users.id,
      recipientName: users.name,
      meetingCohortName: cohorts.name,
      seriesCohortName: seriesCohorts.name,
      meetingStartsAt: meetings.startsAt,
    })
    .from(jobs)
    .leftJoin(users, eq(users.id, jobs.userId))
    .leftJoin(meetings, eq(meetings.id, jobs.meetingId))
    .leftJoin(cohorts, eq(cohorts.id, meetings.cohortId))
    // A series notice names its series in the payload, not a meeting.
    .leftJoin(meetingSeries, eq(meetingSeries.id, sql`json_extract(${jobs.payload}, '$.seriesId')`))
    .leftJoin(seriesCohorts, eq(seriesCohorts.id, meetingSeries.cohortId))
    .where(inArray(jobs.status, [...UNDELIVERED]))
    .orderBy(desc(jobs.runAt), asc(jobs.id))
    .limit(limit)
    .all();
  const count = (condition: ReturnType<typeof and>) =>
    db().select({ n: sql<number>`count(*)` }).from(jobs).where(condition).get()?.n ?? 0;
  const emails: UndeliveredEmail[] = rows.map(({ meetingCohortName, seriesCohortName, ...row }) => ({
    ...row,
    status: row.status as UndeliveredEmail["status"],
    cohortName: meetingCohortName ?? seriesCohortName ?? null,
  }));
  return {
    emails,
    undelivered: count(inArray(jobs.status, [...UNDELIVERED])),
    waiting: count(inArray(jobs.status, ["pending", "running"])),
    sentLast30Days: count(and(eq(jobs.status, "sent"), gte(jobs.sentAt, now - 30 * DAY))),
  };
}

export type RetryOutcome = { ok: true; kind: JobKind } | { ok: false; reason: "not-found" | "not-undelivered" };

/**
 * Puts an email that was given up on (or interrupted) back in the queue, to
 * go at once with a fresh set of retries. It is checked again when it is
 * sent, like any job: one for a meeting that has since moved, been cancelled
 * or started is skipped, not sent. Audited.
 */
export function retryEmail(jobId: string, actor: { id: string; ip?: string | null }, now: number = Date.now()): RetryOutcome {
  const outcome = db().transaction(
    (tx): RetryOutcome => {
      const job = tx.select({ kind: jobs.kind, status: jobs.status, attempts: jobs.attempts }).from(jobs).where(eq(jobs.id, jobId)).get();
      if (!job) return { ok: false, reason: "not-found" };
      if (!(UNDELIVERED as readonly string[]).includes(job.status)) return { ok: false, reason: "not-undelivered" };
      tx.update(jobs).set({ status: "pending", attempts: 0, runAt: now, lockedUntil: null }).where(eq(jobs.id, jobId)).run();
      audit(
        { actorId: actor.id, action: "email_retried", targetType: "job", targetId: jobId, detail: { kind: job.kind, was: job.status, attempts: job.attempts }, ip: actor.ip },
        tx,
      );
      return { ok: true, kind: job.kind };
    },
    { behavior: "immediate" },
  );
  if (outcome.ok) kickScheduler();
  return outcome;
}

/** Deletes jobs long finished (see the KEEP_* periods); returns how many. Run by the daily maintenance. */
export function pruneFinishedJobs(now: number): number {
  const result = db()
    .delete(jobs)
    .where(
      or(
        and(inArray(jobs.status, ["sent", "cancelled"]), lt(jobs.runAt, now - KEEP_FINISHED_JOBS_DAYS * DAY)),
        and(inArray(jobs.status, [...UNDELIVERED]), lt(jobs.runAt, now - KEEP_UNDELIVERED_JOBS_DAYS * DAY)),
      ),
    )
    .run();
  if (result.changes) log.info("deleted finished email jobs", { count: result.changes });
  return result.changes;
}
