/**
 * The wellbeing check: a person's consent, their private answers, their own
 * trend and where to get support, and the only thing that leaves them,
 * disclosure-controlled figures by footprint and quarter.
 *
 * Privacy: every function that reads answers takes the person's id from the
 * caller's session and reads only that person's rows. No answer, and nothing
 * that says who took part, is sent over the live meeting's socket, written
 * to the meeting state, or shown to facilitators, other members, admins or
 * advisory members. Consent is not written to the audit log either, because
 * admins read the audit log and "who took part" is itself private.
 *
 * Answers are given at the check-in stage of a live meeting the person is a
 * member of (the footprint is that meeting's set's), or from their own
 * wellbeing page at any time (the footprint is their organisation's).
 * Withdrawing consent stops new answers and keeps past ones until the person
 * deletes them ("Delete my answers").
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt } from "drizzle-orm";
import { cohortMemberships, cohorts, footprints, liveMeetings, meetings, organisations, users, wellbeingAnswers, wellbeingConsents } from "~db/schema";
import {
  aggregateWellbeing,
  answerProblem,
  asWellbeingMode,
  needsSignposting,
  scorePhq4,
  WELLBEING_OFF,
  WELLBEING_WITH_PHQ4,
  type Hub,
  type Phq4Answers,
  type Phq4Key,
  type Phq4Score,
  type WellbeingAggregate,
  type WellbeingMode,
} from "~/domain/wellbeing";
import type { MeetingState } from "~/domain/live/types";
import { db } from "~/server/context.server";
import { newId } from "~/server/ids.server";
import { liveMeetingAccess } from "./live-meetings.server";
import { getSettings } from "./settings.server";

export function wellbeingMode(): WellbeingMode {
  return asWellbeingMode(getSettings().wellbeingCheck);
}

// ---- consent ------------------------------------------------------------------------

export type Consent = { consented: boolean; consentedAt: number | null; withdrawnAt: number | null };

export function consentOf(userId: string): Consent {
  const row = db()
    .select({ consentedAt: wellbeingConsents.consentedAt, withdrawnAt: wellbeingConsents.withdrawnAt })
    .from(wellbeingConsents)
    .where(eq(wellbeingConsents.userId, userId))
    .get();
  if (!row) return { consented: false, consentedAt: null, withdrawnAt: null };
  return { consented: row.withdrawnAt === null, consentedAt: row.consentedAt, withdrawnAt: row.withdrawnAt };
}

/** "Take part": a fresh consent, also after an earlier withdrawal. */
export function giveConsent(userId: string, now: number) {
  db()
    .insert(wellbeingConsents)
    .values({ userId, consentedAt: now, withdrawnAt: null })
    .onConflictDoUpdate({ target: wellbeingConsents.userId, set: { consentedAt: now, withdrawnAt: null } })
    .run();
  return consentOf(userId);
}

/** Stops new answers. Past answers are kept (the person sees their trend) until they delete them. */
export function withdrawConsent(userId: string, now: number) {
  db()
    .update(wellbeingConsents)
    .set({ withdrawnAt: now })
    .where(and(eq(wellbeingConsents.userId, userId), isNull(wellbeingConsents.withdrawnAt)))
    .run();
  return consentOf(userId);
}

/** "Delete my answers": every answer of theirs, at once and for good; the aggregates no longer count them. */
export function deleteMyAnswers(userId: string) {
  return db().delete(wellbeingAnswers).where(eq(wellbeingAnswers.userId, userId)).run().changes;
}

// ---- answers --------------------------------------------------------------------------

export type MyAnswer = {
  id: string;
  createdAt: number;
  meetingId: string | null;
  arrival: number | null;
  phq4: (Phq4Answers & { score: Phq4Score }) | null;
};

const answerColumns = {
  id: wellbeingAnswers.id,
  createdAt: wellbeingAnswers.createdAt,
  meetingId: wellbeingAnswers.meetingId,
  arrival: wellbeingAnswers.arrival,
  phq1: wellbeingAnswers.phq1,
  phq2: wellbeingAnswers.phq2,
  phq3: wellbeingAnswers.phq3,
  phq4: wellbeingAnswers.phq4,
};

type AnswerRow = { id: string; createdAt: number; meetingId: string | null; arrival: number | null; phq1: number | null; phq2: number | null; phq3: number | null; phq4: number | null };

function phq4Of(r: Pick<AnswerRow, "phq1" | "phq2" | "phq3" | "phq4">): Phq4Answers | null {
  if (r.phq1 === null || r.phq2 === null || r.phq3 === null || r.phq4 === null) return null;
  return { phq1: r.phq1, phq2: r.phq2, phq3: r.phq3, phq4: r.phq4 };
}

function toMyAnswer(r: AnswerRow): MyAnswer {
  const phq = phq4Of(r);
  return { id: r.id, createdAt: r.createdAt, meetingId: r.meetingId, arrival: r.arrival, phq4: phq ? { ...phq, score: scorePhq4(phq) } : null };
}

export type RecordResult = { ok: true; answer: MyAnswer; signposting: Signposting | null } | { ok: false; status: 400 | 403 | 409; message: string };

/** The stage a meeting's live state is at now, from its committed row (no row: not started). */
function liveStage(meetingId: string) {
  const row = db().select({ state: liveMeetings.state }).from(liveMeetings).where(eq(liveMeetings.meetingId, meetingId)).get();
  if (!row) return "lobby";
  return (JSON.parse(row.state) as MeetingState).position.stage;
}

/**
 * Saves the person's own answer. Refused unless the check is on, they have
 * consented and the answer fits the mode; from a meeting, only a current
 * member (not a facilitator) and only while the meeting is at check-in. One
 * answer per person per meeting: answering again replaces it.
 */
export function recordAnswer(input: {
  userId: string;
  meetingId: string | null;
  arrival: unknown;
  phq4: Partial<Record<Phq4Key, unknown>> | null;
  now: number;
}): RecordResult {
  const mode = wellbeingMode();
  if (mode === WELLBEING_OFF) return { ok: false, status: 409, message: "The wellbeing check is switched off" };
  if (!consentOf(input.userId).consented) return { ok: false, status: 403, message: "Choose to take part before answering the wellbeing check" };
  const problem = answerProblem({ arrival: input.arrival, phq4: input.phq4 }, mode);
  if (problem) return { ok: false, status: 400, message: problem };
  const phq = mode === WELLBEING_WITH_PHQ4 ? (input.phq4 as Phq4Answers) : null;

  let footprintId: string | null;
  if (input.meetingId) {
    if (liveMeetingAccess(input.userId, input.meetingId) !== "member") return { ok: false, status: 403, message: "Only members of this set answer the wellbeing check here" };
    if (liveStage(input.meetingId) !== "check_in") return { ok: false, status: 409, message: "The wellbeing check is open during the check-in only" };
    footprintId =
      db().select({ id: cohorts.footprintId }).from(meetings).innerJoin(cohorts, eq(cohorts.id, meetings.cohortId)).where(eq(meetings.id, input.meetingId)).get()?.id ?? null;
  } else {
    footprintId =
      db().select({ id: organisations.footprintId }).from(users).innerJoin(organisations, eq(organisations.id, users.organisationId)).where(eq(users.id, input.userId)).get()?.id ?? null;
  }

  const values = {
    arrival: input.arrival as number,
    phq1: phq?.phq1 ?? null,
    phq2: phq?.phq2 ?? null,
    phq3: phq?.phq3 ?? null,
    phq4: phq?.phq4 ?? null,
    measure: phq ? ("phq4" as const) : ("arrival" as const),
    footprintId,
    createdAt: input.now,
  };
  const id = db().transaction(
    (tx) => {
      const existing = input.meetingId
        ? tx
            .select({ id: wellbeingAnswers.id })
            .from(wellbeingAnswers)
            .where(and(eq(wellbeingAnswers.userId, input.userId), eq(wellbeingAnswers.meetingId, input.meetingId)))
            .get()
        : undefined;
      if (existing) {
        tx.update(wellbeingAnswers).set(values).where(eq(wellbeingAnswers.id, existing.id)).run();
        return existing.id;
      }
      const fresh = newId();
      tx.insert(wellbeingAnswers).values({ id: fresh, userId: input.userId, meetingId: input.meetingId, ...values }).run();
      return fresh;
    },
    { behavior: "immediate" },
  );
  const answer = toMyAnswer({ id, meetingId: input.meetingId, ...values });
  return { ok: true, answer, signposting: needsSignposting(answer.phq4?.score ?? null) ? signpostingFor(input.userId) : null };
}

/** The person's own answers, oldest first. */
export function myTrend(userId: string): MyAnswer[] {
  return db().select(answerColumns).from(wellbeingAnswers).where(eq(wellbeingAnswers.userId, userId)).orderBy(asc(wellbeingAnswers.createdAt), asc(wellbeingAnswers.id)).all().map(toMyAnswer);
}

/** The person's own answer at this meeting, if they gave one. */
export function myAnswerAt(userId: string, meetingId: string): MyAnswer | null {
  const row = db()
    .select(answerColumns)
    .from(wellbeingAnswers)
    .where(and(eq(wellbeingAnswers.userId, userId), eq(wellbeingAnswers.meetingId, meetingId)))
    .orderBy(desc(wellbeingAnswers.createdAt))
    .get();
  return row ? toMyAnswer(row) : null;
}

// ---- support --------------------------------------------------------------------------

export type Signposting = { hubs: Array<Hub & { footprintName: string }> };

/** The wellbeing hubs of the person's footprints: their current sets' and their organisation's. */
export function signpostingFor(userId: string): Signposting {
  const fromSets = db()
    .select({ id: cohorts.footprintId })
    .from(cohortMemberships)
    .innerJoin(cohorts, eq(cohorts.id, cohortMemberships.cohortId))
    .where(and(eq(cohortMemberships.userId, userId), isNull(cohortMemberships.leftAt)))
    .all();
  const fromOrg = db()
    .select({ id: organisations.footprintId })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, userId))
    .all();
  const ids = [...new Set([...fromSets, ...fromOrg].map((r) => r.id))];
  if (!ids.length) return { hubs: [] };
  const rows = db()
    .select({ footprintName: footprints.name, name: footprints.hubName, phone: footprints.hubPhone, url: footprints.hubUrl, hours: footprints.hubHours })
    .from(footprints)
    .where(and(inArray(footprints.id, ids), isNotNull(footprints.hubName)))
    .orderBy(asc(footprints.name))
    .all();
  return { hubs: rows.filter((r): r is typeof r & { name: string } => Boolean(r.name)) };
}

// ---- the live meeting page ---------------------------------------------------------

export type LiveWellbeing = {
  mode: Exclude<WellbeingMode, 0>;
  consent: Consent;
  answer: MyAnswer | null;
  signposting: Signposting | null;
};

/** What the live page gives a member about their own check (null for facilitators, or when it is off). */
export function liveWellbeingFor(userId: string, meetingId: string, role: "facilitator" | "member"): LiveWellbeing | null {
  const mode = wellbeingMode();
  if (mode === WELLBEING_OFF || role !== "member") return null;
  const answer = myAnswerAt(userId, meetingId);
  return {
    mode,
    consent: consentOf(userId),
    answer,
    signposting: needsSignposting(answer?.phq4?.score ?? null) ? signpostingFor(userId) : null,
  };
}

// ---- what leaves the person --------------------------------------------------------

export type FootprintWellbeingAggregate = WellbeingAggregate & { footprintName: string };

/**
 * Figures by footprint and calendar quarter for answers given in [from, to)
 * (epoch ms), each count disclosure-controlled and the arrival median only
 * where at least 8 people contributed. No person, meeting or cohort in it.
 */
export function wellbeingAggregates(input: { from: number; to: number }): FootprintWellbeingAggregate[] {
  const rows = db()
    .select({ ...answerColumns, userId: wellbeingAnswers.userId, footprintId: wellbeingAnswers.footprintId })
    .from(wellbeingAnswers)
    .where(and(isNotNull(wellbeingAnswers.footprintId), gte(wellbeingAnswers.createdAt, input.from), lt(wellbeingAnswers.createdAt, input.to)))
    .all();
  const names = new Map(db().select({ id: footprints.id, name: footprints.name }).from(footprints).all().map((f) => [f.id, f.name]));
  return aggregateWellbeing(
    rows.map((r) => ({ userId: r.userId, footprintId: r.footprintId!, createdAt: r.createdAt, arrival: r.arrival, phq4: phq4Of(r) })),
  ).map((a) => ({ ...a, footprintName: names.get(a.footprintId) ?? "" }));
}
