/**
 * A person's download of everything the service holds about them (trust.md,
 * Privacy operations; ADR 0009). Only their own data: other people appear as
 * ids at most, never by name, and nothing anyone else said (their bids,
 * actions, report-backs or the facilitators' notes) is included. Never any
 * secret: no password hash, two-factor key, token or token hash (a session's
 * id is the hash of its cookie token, so sessions are listed without it).
 *
 * Read in one transaction, so the file is one consistent moment; the
 * "data_exported" audit entry (who and when, no content) is written after.
 */
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import {
  actionReports,
  actions,
  auditLog,
  calendarFeeds,
  cohortMemberships,
  cohorts,
  liveMeetings,
  meetingAttendance,
  meetingPresence,
  meetingResponses,
  meetings,
  organisations,
  sessions,
  shareProposals,
  signInFailures,
  userRoles,
  users,
  userTokens,
  wellbeingAnswers,
  wellbeingConsents,
} from "~db/schema";
import type { MeetingState } from "~/domain/live/types";
import { scorePhq4 } from "~/domain/wellbeing";
import { db } from "~/server/context.server";
import { audit } from "./audit.server";

/** Instants as ISO 8601 UTC, so the file reads without a converter. */
const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

function shareStatus(p: { decision: string; withdrawnAt: number | null; sharedAt: number | null }) {
  if (p.withdrawnAt !== null) return "withdrawn by you";
  if (p.decision === "keep") return "kept in the set";
  if (p.sharedAt !== null) return "shared";
  return "waiting: shared when the notice period ends unless you withdraw it";
}

function parseDetail(detail: string | null): unknown {
  if (!detail) return null;
  try {
    return JSON.parse(detail);
  } catch {
    return detail;
  }
}

export type MyData = ReturnType<typeof readMyData>;

function readMyData(userId: string, now: number) {
  return db().transaction((tx) => {
    const person = tx
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        emailNormalised: users.emailNormalised,
        profession: users.profession,
        organisation: organisations.name,
        status: users.status,
        twoFactor: sql<number>`${users.totpKey} is not null`,
        createdAt: users.createdAt,
        updatedAt: users.updatedAt,
        deactivatedAt: users.deactivatedAt,
      })
      .from(users)
      .leftJoin(organisations, eq(organisations.id, users.organisationId))
      .where(eq(users.id, userId))
      .get();
    if (!person) return null;

    const roles = tx.select({ role: userRoles.role, since: userRoles.createdAt }).from(userRoles).where(eq(userRoles.userId, userId)).all();

    const memberships = tx
      .select({ cohortId: cohorts.id, cohortName: cohorts.name, joinedAt: cohortMemberships.joinedAt, leftAt: cohortMemberships.leftAt })
      .from(cohortMemberships)
      .innerJoin(cohorts, eq(cohorts.id, cohortMemberships.cohortId))
      .where(eq(cohortMemberships.userId, userId))
      .orderBy(asc(cohortMemberships.joinedAt))
      .all();
    const facilitating = tx
      .select({ cohortId: cohorts.id, cohortName: cohorts.name, facilitatorId: cohorts.facilitatorId, termStart: cohorts.termStart, termEnd: cohorts.termEnd, archivedAt: cohorts.archivedAt })
      .from(cohorts)
      .where(or(eq(cohorts.facilitatorId, userId), eq(cohorts.coFacilitatorId, userId)))
      .orderBy(asc(cohorts.termStart))
      .all();

    const responses = tx
      .select({ meetingId: meetingResponses.meetingId, startsAt: meetings.startsAt, response: meetingResponses.response, reason: meetingResponses.reason, respondedAt: meetingResponses.respondedAt })
      .from(meetingResponses)
      .innerJoin(meetings, eq(meetings.id, meetingResponses.meetingId))
      .where(eq(meetingResponses.userId, userId))
      .orderBy(asc(meetings.startsAt))
      .all();
    const attendance = tx
      .select({ meetingId: meetingAttendance.meetingId, startsAt: meetings.startsAt, attended: meetingAttendance.attended, recordedAt: meetingAttendance.confirmedAt })
      .from(meetingAttendance)
      .innerJoin(meetings, eq(meetings.id, meetingAttendance.meetingId))
      .where(eq(meetingAttendance.userId, userId))
      .orderBy(asc(meetings.startsAt))
      .all();
    const presence = tx
      .select({ meetingId: meetingPresence.meetingId, firstJoinedAt: meetingPresence.firstJoinedAt, lastSeenAt: meetingPresence.lastSeenAt })
      .from(meetingPresence)
      .where(eq(meetingPresence.userId, userId))
      .orderBy(asc(meetingPresence.firstJoinedAt))
      .all();

    const owned = tx
      .select({
        id: actions.id,
        cohortId: actions.cohortId,
        meetingId: actions.meetingId,
        text: actions.text,
        writtenBy: actions.writtenBy,
        successMeasure: actions.successMeasure,
        targetDate: actions.targetDate,
        status: actions.status,
        createdAt: actions.createdAt,
        updatedAt: actions.updatedAt,
      })
      .from(actions)
      .where(eq(actions.ownerId, userId))
      .orderBy(asc(actions.createdAt), asc(actions.id))
      .all();
    const actionIds = owned.map((a) => a.id);
    const reports = actionIds.length
      ? tx
          .select({
            id: actionReports.id,
            actionId: actionReports.actionId,
            meetingId: actionReports.meetingId,
            status: actionReports.status,
            learned: actionReports.learned,
            obstacles: actionReports.obstacles,
            note: actionReports.note,
            reportedBy: actionReports.reportedBy,
            reportedAt: actionReports.reportedAt,
          })
          .from(actionReports)
          .where(inArray(actionReports.actionId, actionIds))
          .orderBy(asc(actionReports.reportedAt), asc(actionReports.id))
          .all()
      : [];
    const proposals = actionIds.length
      ? tx
          .select({
            id: shareProposals.id,
            actionId: shareProposals.actionId,
            kind: shareProposals.kind,
            reportId: shareProposals.reportId,
            meetingId: shareProposals.meetingId,
            decision: shareProposals.decision,
            redactedText: shareProposals.redactedText,
            decidedAt: shareProposals.decidedAt,
            withdrawnAt: shareProposals.withdrawnAt,
            ownerAgreedAt: shareProposals.ownerAgreedAt,
            sharedAt: shareProposals.sharedAt,
          })
          .from(shareProposals)
          .where(inArray(shareProposals.actionId, actionIds))
          .orderBy(asc(shareProposals.decidedAt), asc(shareProposals.id))
          .all()
      : [];

    // Their own bids and not-yet-confirmed actions, from each live meeting they appear in.
    const liveRows = tx
      .select({ meetingId: liveMeetings.meetingId, state: liveMeetings.state })
      .from(liveMeetings)
      .where(sql`instr(${liveMeetings.state}, ${userId}) > 0`)
      .all();
    const bids: Array<{ meetingId: string; text: string }> = [];
    const unconfirmedActions: Array<{ meetingId: string; text: string }> = [];
    for (const row of liveRows) {
      const state = JSON.parse(row.state) as MeetingState;
      for (const bid of state.bids) if (bid.userId === userId) bids.push({ meetingId: row.meetingId, text: bid.text });
      for (const a of state.actions) if (a.ownerId === userId && !a.confirmed) unconfirmedActions.push({ meetingId: row.meetingId, text: a.text });
    }

    const consent = tx
      .select({ consentedAt: wellbeingConsents.consentedAt, withdrawnAt: wellbeingConsents.withdrawnAt })
      .from(wellbeingConsents)
      .where(eq(wellbeingConsents.userId, userId))
      .get();
    const wellbeing = tx
      .select({
        meetingId: wellbeingAnswers.meetingId,
        footprintId: wellbeingAnswers.footprintId,
        measure: wellbeingAnswers.measure,
        arrival: wellbeingAnswers.arrival,
        phq1: wellbeingAnswers.phq1,
        phq2: wellbeingAnswers.phq2,
        phq3: wellbeingAnswers.phq3,
        phq4: wellbeingAnswers.phq4,
        createdAt: wellbeingAnswers.createdAt,
      })
      .from(wellbeingAnswers)
      .where(eq(wellbeingAnswers.userId, userId))
      .orderBy(asc(wellbeingAnswers.createdAt), asc(wellbeingAnswers.id))
      .all();

    const signIns = tx
      .select({ createdAt: sessions.createdAt, expiresAt: sessions.expiresAt, twoFactorVerified: sessions.twoFactorVerified })
      .from(sessions)
      .where(eq(sessions.userId, userId))
      .orderBy(asc(sessions.createdAt))
      .all();
    const links = tx
      .select({ kind: userTokens.kind, createdAt: userTokens.createdAt, expiresAt: userTokens.expiresAt, usedAt: userTokens.usedAt })
      .from(userTokens)
      .where(eq(userTokens.userId, userId))
      .orderBy(asc(userTokens.createdAt))
      .all();
    const failures = tx
      .select({ at: signInFailures.at })
      .from(signInFailures)
      .where(eq(signInFailures.emailNormalised, person.emailNormalised))
      .orderBy(asc(signInFailures.at))
      .all();
    const feed = tx.select({ createdAt: calendarFeeds.createdAt }).from(calendarFeeds).where(eq(calendarFeeds.userId, userId)).get();

    // Entries about them: done by them, done to them, or a sign-in attempt with their address.
    const entries = tx
      .select({
        at: auditLog.at,
        actorId: auditLog.actorId,
        action: auditLog.action,
        targetType: auditLog.targetType,
        targetId: auditLog.targetId,
        detail: auditLog.detail,
        ip: auditLog.ip,
      })
      .from(auditLog)
      .where(
        or(
          eq(auditLog.actorId, userId),
          and(eq(auditLog.targetType, "user"), eq(auditLog.targetId, userId)),
          sql`(json_valid(${auditLog.detail}) and json_extract(${auditLog.detail}, '$.email') = ${person.emailNormalised})`,
        ),
      )
      .orderBy(asc(auditLog.id))
      .all();

    const byMe = (id: string | null) => (id === userId ? "you" : id === null ? null : "someone else");
    return {
      about:
        "Everything the CLN Action Learning Sets service holds about you, as of exportedAt. Times are UTC (ISO 8601). Other people appear only as ids, never by name, and nothing other people said is included.",
      exportedAt: iso(now),
      profile: {
        id: person.id,
        name: person.name,
        email: person.email,
        profession: person.profession,
        organisation: person.organisation ?? null,
        status: person.status,
        twoFactorSignIn: Boolean(person.twoFactor),
        createdAt: iso(person.createdAt),
        updatedAt: iso(person.updatedAt),
        deactivatedAt: iso(person.deactivatedAt),
        roles: roles.map((r) => ({ role: r.role, since: iso(r.since) })),
      },
      cohorts: {
        memberships: memberships.map((m) => ({ ...m, joinedAt: iso(m.joinedAt), leftAt: iso(m.leftAt) })),
        facilitating: facilitating.map(({ facilitatorId, ...c }) => ({
          ...c,
          as: facilitatorId === userId ? "facilitator" : "co-facilitator",
          archivedAt: iso(c.archivedAt),
        })),
      },
      meetings: {
        responses: responses.map((r) => ({ ...r, startsAt: iso(r.startsAt), respondedAt: iso(r.respondedAt) })),
        attendance: attendance.map((a) => ({ ...a, attended: Boolean(a.attended), startsAt: iso(a.startsAt), recordedAt: iso(a.recordedAt) })),
        presence: presence.map((p) => ({ ...p, firstJoinedAt: iso(p.firstJoinedAt), lastSeenAt: iso(p.lastSeenAt) })),
      },
      actions: owned.map(({ writtenBy, ...a }) => ({
        ...a,
        writtenBy: byMe(writtenBy) ?? "not recorded",
        createdAt: iso(a.createdAt),
        updatedAt: iso(a.updatedAt),
        history: reports
          .filter((r) => r.actionId === a.id)
          .map(({ actionId: _a, reportedBy, ...r }) => ({ ...r, reportedBy: byMe(reportedBy) ?? "not recorded", reportedAt: iso(r.reportedAt) })),
        sharing: proposals
          .filter((p) => p.actionId === a.id)
          .map(({ actionId: _a, ...p }) => ({
            ...p,
            status: shareStatus(p),
            decidedAt: iso(p.decidedAt),
            withdrawnAt: iso(p.withdrawnAt),
            ownerAgreedAt: iso(p.ownerAgreedAt),
            sharedAt: iso(p.sharedAt),
          })),
      })),
      liveMeetings: { bids, unconfirmedActions },
      wellbeingCheck: {
        consent: consent ? { consentedAt: iso(consent.consentedAt), withdrawnAt: iso(consent.withdrawnAt) } : null,
        answers: wellbeing.map(({ phq1, phq2, phq3, phq4, ...a }) => ({
          ...a,
          createdAt: iso(a.createdAt),
          phq4:
            phq1 === null || phq2 === null || phq3 === null || phq4 === null
              ? null
              : { items: { phq1, phq2, phq3, phq4 }, score: scorePhq4({ phq1, phq2, phq3, phq4 }) },
        })),
      },
      signIn: {
        sessions: signIns.map((s) => ({ startedAt: iso(s.createdAt), idleExpiresAt: iso(s.expiresAt * 1000), twoFactorVerified: Boolean(s.twoFactorVerified) })),
        links: links.map((l) => ({ kind: l.kind, createdAt: iso(l.createdAt), expiresAt: iso(l.expiresAt), usedAt: iso(l.usedAt) })),
        // Kept for an hour or so, for the sign-in limit.
        recentFailedSignIns: failures.map((f) => iso(f.at)),
        calendarFeed: feed ? { createdAt: iso(feed.createdAt) } : null,
      },
      auditLog: entries.map((e) => ({
        at: iso(e.at),
        by: byMe(e.actorId) ?? "no signed-in person",
        action: e.action,
        targetType: e.targetType,
        targetId: e.targetId,
        detail: parseDetail(e.detail),
        // Someone else's address is theirs, not yours.
        ip: e.actorId === userId ? e.ip : null,
      })),
    };
  });
}

/** Everything held about this person, and an audit entry saying they downloaded it. Null if there is no such person. */
export function exportMyData(userId: string, input: { now: number; ip?: string | null }) {
  const data = readMyData(userId, input.now);
  if (!data) return null;
  audit({ actorId: userId, action: "data_exported", targetType: "user", targetId: userId, ip: input.ip ?? null });
  return data;
}
