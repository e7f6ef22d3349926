/**
 * Organisational alignment: an organisation's self-assessment against the
 * Call to Action's recommendations. Admins name the organisation's leads
 * (clinical leads or facilitators); a lead starts an assessment, saves it as
 * they go and submits it, which freezes and dates it; later rounds are new
 * assessments compared with the one before. Admins read assessments; the
 * footprint view gives everyone else with access only disclosure-controlled
 * counts of organisations and a yes/no highlight.
 */
import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { AlignmentLevel } from "~db/enums";
import { assessmentAnswers, assessments, footprints, organisationLeads, organisations, sharedItemThemes, themes, userRoles, users } from "~db/schema";
import { showCount } from "~/domain/disclosure";
import { windowStart } from "~/domain/gaps";
import {
  compareAssessments,
  describeMissing,
  FOOTPRINT_RECURRENCE_MIN_ITEMS,
  missingLevels,
  placesToLook,
  RECOMMENDATIONS,
  recommendationById,
  recursInFootprint,
  type LevelCounts,
} from "~/domain/recommendations";
import { audit } from "~/models/audit.server";
import { gapThresholds, monthOf } from "~/models/gaps.server";
import { db } from "~/server/context.server";
import { newId } from "~/server/ids.server";

type Actor = { actorId: string; ip?: string | null };
export type Outcome<T = object> = ({ ok: true } & T) | { ok: false; status: 403 | 404 | 409 | 400; message: string; field?: string; missing?: string[] };

const LEAD_ROLES = ["clinical_lead", "facilitator"] as const;

// ---------------------------------------------------------------------------
// Leads

export function organisationLeadList(organisationId: string) {
  return db()
    .select({ userId: users.id, name: users.name, email: users.email, createdAt: organisationLeads.createdAt })
    .from(organisationLeads)
    .innerJoin(users, eq(users.id, organisationLeads.userId))
    .where(eq(organisationLeads.organisationId, organisationId))
    .orderBy(asc(sql`lower(${users.name})`))
    .all();
}

/** Who an admin may name: active clinical leads and facilitators. */
export function leadCandidates() {
  return db()
    .selectDistinct({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.status, "active"), inArray(userRoles.role, [...LEAD_ROLES])))
    .orderBy(asc(sql`lower(${users.name})`))
    .all();
}

export function nominateLead(organisationId: string, userId: string, actor: Actor, now = Date.now()): Outcome {
  return db().transaction(
    (tx) => {
      const organisation = tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, organisationId)).get();
      if (!organisation) return { ok: false, status: 404, message: "Organisation not found" };
      const person = tx.select({ id: users.id, status: users.status }).from(users).where(eq(users.id, userId)).get();
      const roles = person ? tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)).all().map((r) => r.role) : [];
      if (!person || person.status !== "active" || !roles.some((r) => (LEAD_ROLES as readonly string[]).includes(r))) {
        return { ok: false, status: 400, field: "userId", message: "Choose an active clinical lead or facilitator" };
      }
      const existing = tx
        .select({ userId: organisationLeads.userId })
        .from(organisationLeads)
        .where(and(eq(organisationLeads.organisationId, organisationId), eq(organisationLeads.userId, userId)))
        .get();
      if (existing) return { ok: true };
      tx.insert(organisationLeads).values({ organisationId, userId, createdBy: actor.actorId, createdAt: now }).run();
      audit({ actorId: actor.actorId, ip: actor.ip, action: "assessment_lead_named", targetType: "organisation", targetId: organisationId, detail: { userId } }, tx);
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

export function removeLead(organisationId: string, userId: string, actor: Actor): Outcome {
  return db().transaction(
    (tx) => {
      const removed = tx
        .delete(organisationLeads)
        .where(and(eq(organisationLeads.organisationId, organisationId), eq(organisationLeads.userId, userId)))
        .run();
      if (removed.changes === 0) return { ok: false, status: 404, message: "That person is not a self-assessment lead here" };
      audit({ actorId: actor.actorId, ip: actor.ip, action: "assessment_lead_removed", targetType: "organisation", targetId: organisationId, detail: { userId } }, tx);
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

/** The organisations a person leads the self-assessment for. */
export function leadOrganisations(userId: string) {
  return db()
    .select({ id: organisations.id, name: organisations.name, footprintName: footprints.name })
    .from(organisationLeads)
    .innerJoin(organisations, eq(organisations.id, organisationLeads.organisationId))
    .innerJoin(footprints, eq(footprints.id, organisations.footprintId))
    .where(eq(organisationLeads.userId, userId))
    .orderBy(asc(sql`lower(${organisations.name})`))
    .all();
}

export function isLeadOf(userId: string, organisationId: string) {
  return Boolean(
    db()
      .select({ u: organisationLeads.userId })
      .from(organisationLeads)
      .where(and(eq(organisationLeads.organisationId, organisationId), eq(organisationLeads.userId, userId)))
      .get(),
  );
}

/**
 * Who is asking about an assessment: "lead" (a lead of its organisation, who
 * may change a draft), "admin" (reads only), or null for everyone else and for
 * an id that does not exist (the same answer, so ids cannot be probed).
 */
export function assessmentAccess(user: { id: string; roles: readonly string[] }, assessmentId: string): "lead" | "admin" | null {
  const row = db().select({ organisationId: assessments.organisationId }).from(assessments).where(eq(assessments.id, assessmentId)).get();
  if (!row) return null;
  if (isLeadOf(user.id, row.organisationId)) return "lead";
  if (user.roles.includes("admin")) return "admin";
  return null;
}

// ---------------------------------------------------------------------------
// Assessments

export function organisationAssessments(organisationId: string) {
  return db()
    .select({
      id: assessments.id,
      label: assessments.label,
      status: assessments.status,
      startedAt: assessments.startedAt,
      submittedAt: assessments.submittedAt,
      updatedAt: assessments.updatedAt,
      answered: sql<number>`(select count(*) from ${assessmentAnswers} where ${assessmentAnswers.assessmentId} = ${assessments.id} and ${assessmentAnswers.level} is not null)`,
    })
    .from(assessments)
    .where(eq(assessments.organisationId, organisationId))
    .orderBy(sql`case when ${assessments.status} = 'draft' then 0 else 1 end`, desc(sql`coalesce(${assessments.submittedAt}, ${assessments.startedAt})`))
    .all();
}

export function startAssessment(input: { organisationId: string; userId: string; label: string; now: number; ip?: string | null }): Outcome<{ id: string }> {
  return db().transaction(
    (tx) => {
      const lead = tx
        .select({ u: organisationLeads.userId })
        .from(organisationLeads)
        .where(and(eq(organisationLeads.organisationId, input.organisationId), eq(organisationLeads.userId, input.userId)))
        .get();
      if (!lead) return { ok: false, status: 403, message: "Only the organisation's self-assessment leads can start an assessment" };
      const draft = tx
        .select({ id: assessments.id, label: assessments.label })
        .from(assessments)
        .where(and(eq(assessments.organisationId, input.organisationId), eq(assessments.status, "draft")))
        .get();
      if (draft) return { ok: false, status: 409, message: `A draft assessment (${draft.label}) is already open. Finish and submit it before starting another.` };
      const id = newId();
      tx.insert(assessments)
        .values({ id, organisationId: input.organisationId, label: input.label, status: "draft", startedBy: input.userId, startedAt: input.now, updatedAt: input.now })
        .run();
      audit({ actorId: input.userId, ip: input.ip, action: "assessment_started", targetType: "assessment", targetId: id, detail: { organisationId: input.organisationId } }, tx);
      return { ok: true, id };
    },
    { behavior: "immediate" },
  );
}

export type AnswerInput = {
  recommendationId: string;
  level: AlignmentLevel | null;
  evidence: string;
  nextStep: string;
  ownerRole: string;
  dueDate: string | null;
};

const EMPTY_ANSWER = { level: null, evidence: "", nextStep: "", ownerRole: "", dueDate: null };

/**
 * Saves answers to a draft (one or many, in one transaction): only a lead of
 * its organisation, only while it is a draft. A row is written only when
 * something changed, so updatedBy/updatedAt say who last changed that answer.
 */
export function saveAnswers(input: { assessmentId: string; userId: string; answers: AnswerInput[]; now: number }): Outcome<{ changed: number }> {
  return db().transaction(
    (tx) => {
      const assessment = tx
        .select({ organisationId: assessments.organisationId, status: assessments.status })
        .from(assessments)
        .where(eq(assessments.id, input.assessmentId))
        .get();
      if (!assessment) return { ok: false, status: 404, message: "Assessment not found" };
      const lead = tx
        .select({ u: organisationLeads.userId })
        .from(organisationLeads)
        .where(and(eq(organisationLeads.organisationId, assessment.organisationId), eq(organisationLeads.userId, input.userId)))
        .get();
      if (!lead) return { ok: false, status: 403, message: "Only the organisation's self-assessment leads can change its assessment" };
      if (assessment.status !== "draft") return { ok: false, status: 409, message: "This assessment has been submitted and can no longer be changed. Start a new one to record progress." };
      const current = new Map(
        tx
          .select({ recommendationId: assessmentAnswers.recommendationId, level: assessmentAnswers.level, evidence: assessmentAnswers.evidence, nextStep: assessmentAnswers.nextStep, ownerRole: assessmentAnswers.ownerRole, dueDate: assessmentAnswers.dueDate })
          .from(assessmentAnswers)
          .where(eq(assessmentAnswers.assessmentId, input.assessmentId))
          .all()
          .map((a) => [a.recommendationId, a]),
      );
      let changed = 0;
      for (const a of input.answers) {
        if (!recommendationById(a.recommendationId)) return { ok: false, status: 400, message: "Unknown recommendation" };
        const before = current.get(a.recommendationId) ?? { recommendationId: a.recommendationId, ...EMPTY_ANSWER };
        const values = { level: a.level, evidence: a.evidence, nextStep: a.nextStep, ownerRole: a.ownerRole, dueDate: a.dueDate };
        const same = (Object.keys(values) as Array<keyof typeof values>).every((k) => (values[k] ?? null) === (before[k] ?? null));
        if (same) continue;
        tx.insert(assessmentAnswers)
          .values({ assessmentId: input.assessmentId, recommendationId: a.recommendationId, ...values, updatedBy: input.userId, updatedAt: input.now })
          .onConflictDoUpdate({ target: [assessmentAnswers.assessmentId, assessmentAnswers.recommendationId], set: { ...values, updatedBy: input.userId, updatedAt: input.now } })
          .run();
        changed += 1;
      }
      if (changed) tx.update(assessments).set({ updatedAt: input.now }).where(eq(assessments.id, input.assessmentId)).run();
      return { ok: true, changed };
    },
    { behavior: "immediate" },
  );
}

export const saveAnswer = (input: { assessmentId: string; userId: string; answer: AnswerInput; now: number }) =>
  saveAnswers({ assessmentId: input.assessmentId, userId: input.userId, answers: [input.answer], now: input.now });

/** Submits a draft: every recommendation needs a level, else the message lists what is missing. Freezes and dates it. */
export function submitAssessment(input: { assessmentId: string; userId: string; now: number; ip?: string | null }): Outcome {
  return db().transaction(
    (tx) => {
      const assessment = tx
        .select({ organisationId: assessments.organisationId, status: assessments.status, label: assessments.label })
        .from(assessments)
        .where(eq(assessments.id, input.assessmentId))
        .get();
      if (!assessment) return { ok: false, status: 404, message: "Assessment not found" };
      const lead = tx
        .select({ u: organisationLeads.userId })
        .from(organisationLeads)
        .where(and(eq(organisationLeads.organisationId, assessment.organisationId), eq(organisationLeads.userId, input.userId)))
        .get();
      if (!lead) return { ok: false, status: 403, message: "Only the organisation's self-assessment leads can submit its assessment" };
      if (assessment.status !== "draft") return { ok: false, status: 409, message: "This assessment has already been submitted." };
      const levels = Object.fromEntries(
        tx
          .select({ id: assessmentAnswers.recommendationId, level: assessmentAnswers.level })
          .from(assessmentAnswers)
          .where(eq(assessmentAnswers.assessmentId, input.assessmentId))
          .all()
          .map((a) => [a.id, a.level]),
      );
      const missing = missingLevels(levels);
      if (missing.length) {
        return {
          ok: false,
          status: 400,
          message: `Choose how far each recommendation is in place before submitting. Still to answer: ${describeMissing(missing)}.`,
          missing: missing.map((r) => r.id),
        };
      }
      tx.update(assessments).set({ status: "submitted", submittedBy: input.userId, submittedAt: input.now, updatedAt: input.now }).where(eq(assessments.id, input.assessmentId)).run();
      audit({ actorId: input.userId, ip: input.ip, action: "assessment_submitted", targetType: "assessment", targetId: input.assessmentId, detail: { organisationId: assessment.organisationId, label: assessment.label } }, tx);
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

function answersOf(assessmentId: string) {
  return db()
    .select({
      recommendationId: assessmentAnswers.recommendationId,
      level: assessmentAnswers.level,
      evidence: assessmentAnswers.evidence,
      nextStep: assessmentAnswers.nextStep,
      ownerRole: assessmentAnswers.ownerRole,
      dueDate: assessmentAnswers.dueDate,
      updatedAt: assessmentAnswers.updatedAt,
      updatedByName: users.name,
    })
    .from(assessmentAnswers)
    .leftJoin(users, eq(users.id, assessmentAnswers.updatedBy))
    .where(eq(assessmentAnswers.assessmentId, assessmentId))
    .all();
}

const levelsOf = (answers: Array<{ recommendationId: string; level: AlignmentLevel | null }>) => Object.fromEntries(answers.map((a) => [a.recommendationId, a.level]));

/** An assessment with its answers (in the paper's order) and, once submitted, what moved since the submitted one before it. */
export function assessmentDetail(assessmentId: string) {
  const head = db()
    .select({
      id: assessments.id,
      organisationId: assessments.organisationId,
      organisationName: organisations.name,
      footprintName: footprints.name,
      label: assessments.label,
      status: assessments.status,
      startedAt: assessments.startedAt,
      submittedAt: assessments.submittedAt,
      submittedByName: users.name,
      updatedAt: assessments.updatedAt,
    })
    .from(assessments)
    .innerJoin(organisations, eq(organisations.id, assessments.organisationId))
    .innerJoin(footprints, eq(footprints.id, organisations.footprintId))
    .leftJoin(users, eq(users.id, assessments.submittedBy))
    .where(eq(assessments.id, assessmentId))
    .get();
  if (!head) return null;
  const stored = new Map(answersOf(assessmentId).map((a) => [a.recommendationId, a]));
  const answers = RECOMMENDATIONS.map((r) => stored.get(r.id) ?? { recommendationId: r.id, ...EMPTY_ANSWER, updatedAt: null, updatedByName: null });
  let previous: { id: string; label: string; submittedAt: number | null } | null = null;
  let moved: ReturnType<typeof compareAssessments> | null = null;
  if (head.status === "submitted" && head.submittedAt !== null) {
    previous =
      db()
        .select({ id: assessments.id, label: assessments.label, submittedAt: assessments.submittedAt })
        .from(assessments)
        .where(and(eq(assessments.organisationId, head.organisationId), eq(assessments.status, "submitted"), sql`${assessments.submittedAt} < ${head.submittedAt}`))
        .orderBy(desc(assessments.submittedAt))
        .get() ?? null;
    if (previous) moved = compareAssessments(levelsOf(answersOf(previous.id)), levelsOf(answers));
  }
  return { ...head, answers, previous, moved };
}

/** The latest two submitted assessments of an organisation, compared (null with fewer than two). */
export function compareLatest(organisationId: string) {
  const [later, earlier] = db()
    .select({ id: assessments.id, label: assessments.label, submittedAt: assessments.submittedAt })
    .from(assessments)
    .where(and(eq(assessments.organisationId, organisationId), eq(assessments.status, "submitted")))
    .orderBy(desc(assessments.submittedAt))
    .limit(2)
    .all();
  if (!later || !earlier) return null;
  return { earlier, later, moved: compareAssessments(levelsOf(answersOf(earlier.id)), levelsOf(answersOf(later.id))) };
}

/** For the board: the assessment as rows, the export audited (who, which assessment, which format; never content). */
export function exportAssessment(assessmentId: string, actor: Actor, format: "csv" | "print") {
  const detail = assessmentDetail(assessmentId);
  if (!detail) return null;
  audit({ actorId: actor.actorId, ip: actor.ip, action: "assessment_exported", targetType: "assessment", targetId: assessmentId, detail: { format } });
  return detail;
}

// ---------------------------------------------------------------------------
// Footprint view

/**
 * For each recommendation, how many organisations of the footprint are at
 * each level, from each organisation's latest submitted assessment, shown
 * through the disclosure rule; and whether it is a place to look: weak across
 * the footprint and one of its themes recurring there in the gap window. Only
 * the disclosed counts, the yes/no and theme names leave this function.
 */
export function footprintAlignment(footprintId: string, now: number) {
  const footprint = db().select({ id: footprints.id, name: footprints.name }).from(footprints).where(eq(footprints.id, footprintId)).get();
  if (!footprint) return null;
  // Each organisation's latest submitted assessment.
  const latest = db()
    .select({ id: assessments.id })
    .from(assessments)
    .innerJoin(organisations, eq(organisations.id, assessments.organisationId))
    .where(
      and(
        eq(organisations.footprintId, footprintId),
        eq(assessments.status, "submitted"),
        sql`${assessments.submittedAt} = (select max(a2.submitted_at) from assessments a2 where a2.organisation_id = ${assessments.organisationId} and a2.status = 'submitted')`,
      ),
    )
    .all()
    .map((r) => r.id);
  const counts = new Map<string, LevelCounts>(RECOMMENDATIONS.map((r) => [r.id, { not_in_place: 0, partly: 0, fully: 0 }]));
  if (latest.length) {
    const rows = db()
      .select({ recommendationId: assessmentAnswers.recommendationId, level: assessmentAnswers.level, n: sql<number>`count(*)` })
      .from(assessmentAnswers)
      .where(and(inArray(assessmentAnswers.assessmentId, latest), isNotNull(assessmentAnswers.level)))
      .groupBy(assessmentAnswers.recommendationId, assessmentAnswers.level)
      .all();
    for (const r of rows) {
      const c = counts.get(r.recommendationId);
      if (c && r.level) c[r.level] += r.n;
    }
  }
  const { windowMonths } = gapThresholds();
  const to = monthOf(now);
  const from = windowStart(to, windowMonths);
  const items = db()
    .select({ themeId: sharedItemThemes.themeId, n: sql<number>`count(*)` })
    .from(sharedItemThemes)
    .innerJoin(themes, eq(themes.id, sharedItemThemes.themeId))
    .where(and(eq(sharedItemThemes.footprintId, footprintId), sql`${sharedItemThemes.month} between ${from} and ${to}`, sql`${themes.retiredAt} is null`))
    .groupBy(sharedItemThemes.themeId)
    .all();
  const recurring = new Set(items.filter((i) => recursInFootprint(i.n, FOOTPRINT_RECURRENCE_MIN_ITEMS)).map((i) => i.themeId));
  const themeNames = new Map(db().select({ id: themes.id, name: themes.name }).from(themes).all().map((t) => [t.id, t.name]));
  return {
    footprint,
    from,
    to,
    organisationsAssessed: showCount(latest.length),
    recommendations: RECOMMENDATIONS.map((r) => {
      const c = counts.get(r.id)!;
      const look = placesToLook(c, r.themeIds, recurring);
      return {
        id: r.id,
        notInPlace: showCount(c.not_in_place),
        partly: showCount(c.partly),
        fully: showCount(c.fully),
        placeToLook: look.length > 0,
        recurringThemes: look.map((t) => themeNames.get(t) ?? t),
      };
    }),
  };
}
