/**
 * Erasing a person (trust.md, Privacy operations): their personal data and
 * what they said in their sets go; what is already anonymous (shared items)
 * stays; the audit log records that it happened. ADR 0009.
 *
 * The rule is "what deleting the user row would do, but keep the row": rows
 * that would cascade are deleted, pointers that would be set null are set
 * null, and the rows the schema would refuse to orphan (memberships, the
 * actions they own) are deleted by hand. The row itself stays as a tombstone,
 * renamed "Erased person", so audit entries and archived cohorts still point
 * at something, and nothing of theirs can sign in again.
 *
 * One `BEGIN IMMEDIATE` transaction; their live sockets are dropped only after
 * it has committed, as deactivation does.
 */
import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { DB } from "~db/client";
import {
  actionReports,
  actions,
  auditLog,
  calendarFeeds,
  cohortMemberships,
  cohorts,
  jobs,
  liveMeetings,
  meetingAttendance,
  meetingNotes,
  meetingPresence,
  meetingResponses,
  meetingSeries,
  organisationLeads,
  sessions,
  settings,
  shareProposals,
  signInFailures,
  userRoles,
  users,
  userTokens,
  wellbeingAnswers,
  wellbeingConsents,
} from "~db/schema";
import type { MeetingState } from "~/domain/live/types";
import { endAllSessionsOf } from "~/server/auth.server";
import { db } from "~/server/context.server";
import { audit } from "./audit.server";
import type { Actor } from "./people.server";

export const ERASED_NAME = "Erased person";

/** Unique per person and never deliverable (`.invalid` is reserved, RFC 2606). */
export const erasedEmail = (userId: string) => `erased-${userId}@invalid`;

type Tx = Pick<DB, "insert" | "update" | "select" | "delete">;

export type ErasureRefusal =
  | { ok: false; reason: "not-found"; message: string }
  | { ok: false; reason: "self"; message: string }
  | { ok: false; reason: "already-erased"; message: string }
  | { ok: false; reason: "facilitator"; message: string; cohorts: Array<{ id: string; name: string }> };

export type EraseResult = { ok: true } | ErasureRefusal;

export const ERASURE_MESSAGES = {
  "not-found": "This person does not exist.",
  self: "You cannot erase your own data. Ask another CLN admin to do it.",
  "already-erased": "This person's data has already been erased.",
  facilitator:
    "This person facilitates a cohort that is not archived. Choose a different facilitator or co-facilitator for it, or archive it, before erasing their data.",
} as const;

/** Why this person cannot be erased by this admin now, or null if they can. */
function refusalFor(tx: Pick<DB, "select">, personId: string, actorId: string): ErasureRefusal | null {
  const person = tx.select({ status: users.status }).from(users).where(eq(users.id, personId)).get();
  if (!person) return { ok: false, reason: "not-found", message: ERASURE_MESSAGES["not-found"] };
  if (person.status === "erased") return { ok: false, reason: "already-erased", message: ERASURE_MESSAGES["already-erased"] };
  if (personId === actorId) return { ok: false, reason: "self", message: ERASURE_MESSAGES.self };
  const facilitated = tx
    .select({ id: cohorts.id, name: cohorts.name })
    .from(cohorts)
    .where(and(or(eq(cohorts.facilitatorId, personId), eq(cohorts.coFacilitatorId, personId)), isNull(cohorts.archivedAt)))
    .orderBy(cohorts.name)
    .all();
  if (facilitated.length) return { ok: false, reason: "facilitator", message: ERASURE_MESSAGES.facilitator, cohorts: facilitated };
  return null;
}

/** For the confirmation page: the person, and why they cannot be erased (null if they can). */
export function erasureCheck(personId: string, actorId: string) {
  const person = db()
    .select({ id: users.id, name: users.name, email: users.email, status: users.status, erasedAt: users.erasedAt })
    .from(users)
    .where(eq(users.id, personId))
    .get();
  if (!person) return null;
  return { person, refusal: refusalFor(db(), personId, actorId) };
}

export function isErased(personId: string) {
  return db().select({ status: users.status }).from(users).where(eq(users.id, personId)).get()?.status === "erased";
}

/**
 * Removes the person from every live meeting state they appear in: their name
 * becomes "Erased person" among the members and facilitators; their bids,
 * committed actions, report-backs and open actions go. Ids elsewhere (turn
 * order, presenters, who accepted the agreement) stay: they now point at the
 * tombstone and keep the meeting's positions consistent.
 */
function scrubLiveStates(tx: Tx, personId: string, oldName: string, now: number) {
  const rows = tx
    .select({ meetingId: liveMeetings.meetingId, state: liveMeetings.state, version: liveMeetings.version })
    .from(liveMeetings)
    .where(sql`instr(${liveMeetings.state}, ${personId}) > 0`)
    .all();
  let changed = 0;
  for (const row of rows) {
    const state = JSON.parse(row.state) as MeetingState;
    const rename = (p: { userId: string; name: string }) => (p.userId === personId ? { ...p, name: ERASED_NAME } : p);
    const version = row.version + 1;
    const next: MeetingState = {
      ...state,
      // A new version, so a copy cached by the live meeting server is seen as stale and reloaded.
      version,
      members: state.members.map(rename),
      facilitators: state.facilitators.map(rename),
      bids: state.bids.filter((b) => b.userId !== personId),
      actions: state.actions.filter((a) => a.ownerId !== personId),
      reports: state.reports.filter((r) => r.ownerId !== personId),
      openActions: state.openActions.filter((a) => a.ownerId !== personId),
      // "Priya's turn": an announcement naming them goes.
      announcement: state.announcement && oldName && state.announcement.text.includes(oldName) ? null : state.announcement,
    };
    tx.update(liveMeetings)
      .set({ state: JSON.stringify(next), version, updatedAt: now })
      .where(and(eq(liveMeetings.meetingId, row.meetingId), eq(liveMeetings.version, row.version)))
      .run();
    changed++;
  }
  return changed;
}

export async function erasePerson(personId: string, actor: Actor): Promise<EraseResult> {
  const outcome = db().transaction((tx): EraseResult => {
    const refusal = refusalFor(tx, personId, actor.id);
    if (refusal) return refusal;
    const person = tx
      .select({ name: users.name, emailNormalised: users.emailNormalised, status: users.status })
      .from(users)
      .where(eq(users.id, personId))
      .get()!;
    const now = Date.now();
    const email = erasedEmail(personId);

    // What would cascade if the row were deleted.
    tx.delete(sessions).where(eq(sessions.userId, personId)).run();
    tx.delete(userTokens).where(eq(userTokens.userId, personId)).run();
    tx.delete(userRoles).where(eq(userRoles.userId, personId)).run();
    tx.delete(calendarFeeds).where(eq(calendarFeeds.userId, personId)).run();
    tx.delete(meetingPresence).where(eq(meetingPresence.userId, personId)).run();
    tx.delete(meetingResponses).where(eq(meetingResponses.userId, personId)).run();
    tx.delete(meetingAttendance).where(eq(meetingAttendance.userId, personId)).run();
    tx.delete(jobs).where(eq(jobs.userId, personId)).run();
    tx.delete(organisationLeads).where(eq(organisationLeads.userId, personId)).run();
    // Their private wellbeing answers and consent: aggregates are computed on demand, so nothing of them stays.
    tx.delete(wellbeingAnswers).where(eq(wellbeingAnswers.userId, personId)).run();
    tx.delete(wellbeingConsents).where(eq(wellbeingConsents.userId, personId)).run();
    // Failed sign-ins are kept by email address, not by person.
    tx.delete(signInFailures).where(eq(signInFailures.emailNormalised, person.emailNormalised)).run();

    // What the schema would refuse to orphan. Their actions' report-backs and
    // share proposals go with them (cascade); shared items are anonymous and stay.
    const memberships = tx.delete(cohortMemberships).where(eq(cohortMemberships.userId, personId)).returning({ id: cohortMemberships.id }).all();
    const owned = tx.delete(actions).where(eq(actions.ownerId, personId)).returning({ id: actions.id }).all();

    // What would be set null: their name on other people's records.
    tx.update(actionReports).set({ reportedBy: null }).where(eq(actionReports.reportedBy, personId)).run();
    tx.update(actions).set({ writtenBy: null }).where(eq(actions.writtenBy, personId)).run();
    tx.update(meetingNotes).set({ updatedBy: null }).where(eq(meetingNotes.updatedBy, personId)).run();
    tx.update(shareProposals).set({ decidedBy: null }).where(eq(shareProposals.decidedBy, personId)).run();
    tx.update(meetingAttendance).set({ confirmedBy: null }).where(eq(meetingAttendance.confirmedBy, personId)).run();
    tx.update(meetingSeries).set({ createdBy: null }).where(eq(meetingSeries.createdBy, personId)).run();
    tx.update(settings).set({ updatedBy: null }).where(eq(settings.updatedBy, personId)).run();
    tx.update(organisationLeads).set({ createdBy: null }).where(eq(organisationLeads.createdBy, personId)).run();

    const liveMeetingsChanged = scrubLiveStates(tx, personId, person.name, now);

    // Failed sign-ins are audited with the address typed; theirs is replaced, the entries stay.
    tx.update(auditLog)
      .set({ detail: sql`json_set(${auditLog.detail}, '$.email', ${email})` })
      .where(sql`json_valid(${auditLog.detail}) and json_extract(${auditLog.detail}, '$.email') = ${person.emailNormalised}`)
      .run();

    tx.update(users)
      .set({
        name: ERASED_NAME,
        email,
        emailNormalised: email,
        organisationId: null,
        profession: "other",
        status: "erased",
        passwordHash: null,
        totpKey: null,
        totpPendingKey: null,
        totpPendingAt: null,
        totpLastStep: null,
        erasedAt: now,
        updatedAt: now,
      })
      .where(eq(users.id, personId))
      .run();

    audit(
      {
        actorId: actor.id,
        action: "person_erased",
        targetType: "user",
        targetId: personId,
        detail: { previousStatus: person.status, memberships: memberships.length, actions: owned.length, liveMeetings: liveMeetingsChanged },
        ip: actor.ip,
      },
      tx,
    );
    return { ok: true };
  }, { behavior: "immediate" });
  if (!outcome.ok) return outcome;
  // The sessions are already gone; this drops any live socket at once.
  await endAllSessionsOf(personId);
  return outcome;
}
