/**
 * Recurring themes and the gap register. The evidence is read on the private
 * side (items shared from sets, joined to their set, footprint and owner) and
 * reduced at once to counts per theme; the register keeps only those counts,
 * passed through the disclosure rule. Every change to the register is audited.
 */
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { GapStatus } from "~db/enums";
import { actionReports, actions, cohorts, gaps, interventionFootprints, interventions, meetings, shareProposals, sharedItems, themes, userRoles, users, footprints } from "~db/schema";
import { showCount } from "~/domain/disclosure";
import { describeRule, recurrence, refuseGapMove, windowStart, type Evidence, type GapThresholds, type ThemeRecurrence } from "~/domain/gaps";
import { audit } from "~/models/audit.server";
import { getSettings } from "~/models/settings.server";
import { db } from "~/server/context.server";
import { newId } from "~/server/ids.server";
import { LONDON } from "~/utils/dates";

const OPEN: GapStatus[] = ["flagged", "under_review", "designing", "in_place"];
type Actor = { id: string; ip?: string | null };

export function gapThresholds(): GapThresholds {
  const s = getSettings();
  return { windowMonths: s.gapWindowMonths, minCohorts: s.gapMinCohorts, minFootprints: s.gapMinFootprints, minPeople: s.gapMinPeople, minWeight: s.gapMinWeight };
}

export const monthOf = (instant: number) => format(new TZDate(instant, LONDON), "yyyy-MM");

/** The private evidence: one row per theme of each shared, not withdrawn item in [from, to]. Never leaves this module. */
function evidenceBetween(from: string, to: string): Evidence[] {
  const rows = db()
    .select({
      kind: sharedItems.kind,
      themeIds: sharedItems.themeIds,
      month: sharedItems.month,
      footprintId: sharedItems.footprintId,
      cohortId: meetings.cohortId,
      personId: actions.ownerId,
      reportStatus: actionReports.status,
    })
    .from(sharedItems)
    .innerJoin(shareProposals, eq(shareProposals.sharedItemId, sharedItems.id))
    .innerJoin(meetings, eq(meetings.id, shareProposals.meetingId))
    .innerJoin(actions, eq(actions.id, shareProposals.actionId))
    .leftJoin(actionReports, eq(actionReports.id, shareProposals.reportId))
    .where(sql`${sharedItems.month} between ${from} and ${to}`)
    .all();
  const out: Evidence[] = [];
  for (const r of rows) {
    for (const themeId of JSON.parse(r.themeIds) as string[]) {
      out.push({ themeId, cohortId: r.cohortId, footprintId: r.footprintId, personId: r.personId, month: r.month, kind: r.kind, notDone: r.reportStatus === "not_done" });
    }
  }
  return out;
}

/** Recurrence of every theme now, by the admin's thresholds (raw counts: for this module and the flagging only). */
export function currentRecurrence(now: number, thresholds = gapThresholds()) {
  const to = monthOf(now);
  const from = windowStart(to, thresholds.windowMonths);
  const retired = new Set(
    db()
      .select({ id: themes.id })
      .from(themes)
      .where(isNotNull(themes.retiredAt))
      .all()
      .map((t) => t.id),
  );
  return { from, to, themes: recurrence(evidenceBetween(from, to), thresholds, from, to).filter((t) => !retired.has(t.themeId)) };
}

/** What a flag records: the rule and the counts behind it, through the disclosure rule. */
function evidenceSnapshot(t: ThemeRecurrence, thresholds: GapThresholds, from: string, to: string) {
  return {
    from,
    to,
    rule: describeRule(thresholds),
    sets: showCount(t.cohorts),
    footprints: showCount(t.footprints),
    people: showCount(t.people),
    items: showCount(t.items),
    notDoneBarriers: showCount(t.notDoneBarriers),
  };
}
export type GapEvidence = ReturnType<typeof evidenceSnapshot>;

/** Flags every theme that meets the rule and has no open entry in the register. Returns the new entries' theme ids. */
export function flagRecurringThemes(now: number): string[] {
  const thresholds = gapThresholds();
  const { from, to, themes: recurring } = currentRecurrence(now, thresholds);
  const flagged = recurring.filter((t) => t.flagged);
  if (!flagged.length) return [];
  return db().transaction(
    (tx) => {
      const open = new Set(
        tx
          .select({ themeId: gaps.themeId })
          .from(gaps)
          .where(inArray(gaps.status, OPEN))
          .all()
          .map((g) => g.themeId),
      );
      const added: string[] = [];
      for (const t of flagged) {
        if (open.has(t.themeId)) continue;
        const id = newId();
        tx.insert(gaps)
          .values({ id, themeId: t.themeId, status: "flagged", evidence: JSON.stringify(evidenceSnapshot(t, thresholds, from, to)), flaggedAt: now, updatedAt: now })
          .run();
        audit({ actorId: null, action: "gap_flagged", targetType: "gap", targetId: id, detail: { theme: t.themeId } }, tx);
        added.push(t.themeId);
      }
      return added;
    },
    { behavior: "immediate" },
  );
}

/** The register: every entry, open ones first, newest flag first. */
export function gapRegister() {
  return db()
    .select({
      id: gaps.id,
      themeId: gaps.themeId,
      themeName: themes.name,
      status: gaps.status,
      ownerName: users.name,
      flaggedAt: gaps.flaggedAt,
      updatedAt: gaps.updatedAt,
      reason: gaps.reason,
      interventions: sql<number>`(select count(*) from ${interventions} where ${interventions.gapId} = ${gaps.id})`,
    })
    .from(gaps)
    .innerJoin(themes, eq(themes.id, gaps.themeId))
    .leftJoin(users, eq(users.id, gaps.ownerId))
    .orderBy(sql`case when ${gaps.status} in ('closed', 'not_a_gap') then 1 else 0 end`, desc(gaps.flaggedAt))
    .all();
}

export function gapDetail(gapId: string) {
  const gap = db()
    .select({
      id: gaps.id,
      themeId: gaps.themeId,
      themeName: themes.name,
      themeDescription: themes.description,
      status: gaps.status,
      reason: gaps.reason,
      ownerId: gaps.ownerId,
      ownerName: users.name,
      notes: gaps.notes,
      evidence: gaps.evidence,
      flaggedAt: gaps.flaggedAt,
      updatedAt: gaps.updatedAt,
      closedAt: gaps.closedAt,
    })
    .from(gaps)
    .innerJoin(themes, eq(themes.id, gaps.themeId))
    .leftJoin(users, eq(users.id, gaps.ownerId))
    .where(eq(gaps.id, gapId))
    .get();
  if (!gap) return null;
  const list = db().select().from(interventions).where(eq(interventions.gapId, gapId)).orderBy(asc(interventions.createdAt)).all();
  const covered = list.length
    ? db()
        .select({ interventionId: interventionFootprints.interventionId, name: footprints.name, id: footprints.id })
        .from(interventionFootprints)
        .innerJoin(footprints, eq(footprints.id, interventionFootprints.footprintId))
        .where(
          inArray(
            interventionFootprints.interventionId,
            list.map((i) => i.id),
          ),
        )
        .orderBy(asc(footprints.name))
        .all()
    : [];
  return {
    ...gap,
    evidence: JSON.parse(gap.evidence) as GapEvidence,
    interventions: list.map((i) => ({
      id: i.id,
      title: i.title,
      description: i.description,
      provider: i.provider,
      link: i.link,
      inPlaceAt: i.inPlaceAt,
      footprints: covered.filter((c) => c.interventionId === i.id).map((c) => ({ id: c.id, name: c.name })),
    })),
  };
}

/** Advisory group members who can own an entry. */
export function advisoryMembers() {
  return db()
    .select({ id: users.id, name: users.name })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(eq(userRoles.role, "advisory"), eq(users.status, "active")))
    .orderBy(asc(users.name))
    .all();
}

export type GapOutcome = { ok: true } | { ok: false; field: string; message: string };

export function updateGap(
  gapId: string,
  input: { status: GapStatus; reason?: string; ownerId?: string; notes?: string },
  actor: Actor,
  now = Date.now(),
): GapOutcome {
  return db().transaction(
    (tx): GapOutcome => {
      const gap = tx.select().from(gaps).where(eq(gaps.id, gapId)).get();
      if (!gap) return { ok: false, field: "form", message: "There is no such entry in the register" };
      if (input.ownerId && !advisoryMembers().some((m) => m.id === input.ownerId)) return { ok: false, field: "ownerId", message: "Choose a member of the advisory group" };
      const inPlace = tx.select({ id: interventions.id }).from(interventions).where(and(eq(interventions.gapId, gapId), isNotNull(interventions.inPlaceAt))).all().length;
      const refusal = refuseGapMove(gap.status, input.status, { reason: input.reason, interventionsInPlace: inPlace });
      if (refusal) return { ok: false, field: input.status === gap.status ? "form" : refusal.startsWith("Say why") ? "reason" : "status", message: refusal };
      const closing = input.status === "closed" || input.status === "not_a_gap";
      // A closed entry keeps its reason unless a new one is given; it can never be emptied.
      const reason = closing ? input.reason?.trim() || gap.reason : gap.reason;
      if (closing && !reason) return { ok: false, field: "reason", message: input.status === "closed" ? "Say why the gap is closed" : "Say why this is not a gap" };
      const next = {
        status: input.status,
        reason,
        ownerId: input.ownerId ?? null,
        notes: input.notes ?? "",
        updatedAt: now,
        closedAt: closing && gap.status !== input.status ? now : gap.closedAt,
      };
      const changed = [
        gap.status !== next.status ? `status: ${gap.status} → ${next.status}` : null,
        gap.ownerId !== next.ownerId ? "owner" : null,
        gap.notes !== next.notes ? "notes" : null,
        gap.reason !== next.reason ? "reason" : null,
      ].filter((x): x is string => Boolean(x));
      if (!changed.length) return { ok: true };
      tx.update(gaps).set(next).where(eq(gaps.id, gapId)).run();
      audit({ actorId: actor.id, action: "gap_updated", targetType: "gap", targetId: gapId, detail: { changed }, ip: actor.ip }, tx);
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

export function addIntervention(
  gapId: string,
  input: { title: string; description: string; provider: string; link?: string; footprintIds: string[]; inPlace: boolean },
  actor: Actor,
  now = Date.now(),
): GapOutcome {
  return db().transaction(
    (tx): GapOutcome => {
      const gap = tx.select({ status: gaps.status }).from(gaps).where(eq(gaps.id, gapId)).get();
      if (!gap) return { ok: false, field: "form", message: "There is no such entry in the register" };
      if (gap.status === "closed" || gap.status === "not_a_gap") return { ok: false, field: "form", message: "This entry is closed" };
      const known = new Set(
        tx
          .select({ id: footprints.id })
          .from(footprints)
          .all()
          .map((f) => f.id),
      );
      if (!input.footprintIds.length || input.footprintIds.some((f) => !known.has(f))) return { ok: false, field: "footprintIds", message: "Choose the footprints it covers" };
      const id = newId();
      tx.insert(interventions)
        .values({ id, gapId, title: input.title, description: input.description, provider: input.provider, link: input.link ?? null, inPlaceAt: input.inPlace ? now : null, createdBy: actor.id, createdAt: now })
        .run();
      for (const footprintId of new Set(input.footprintIds)) tx.insert(interventionFootprints).values({ interventionId: id, footprintId }).run();
      tx.update(gaps).set({ updatedAt: now }).where(eq(gaps.id, gapId)).run();
      audit({ actorId: actor.id, action: "intervention_added", targetType: "gap", targetId: gapId, detail: { intervention: id, footprints: input.footprintIds.length, inPlace: input.inPlace }, ip: actor.ip }, tx);
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

export function markInterventionInPlace(gapId: string, interventionId: string, actor: Actor, now = Date.now()): GapOutcome {
  return db().transaction(
    (tx): GapOutcome => {
      const gap = tx.select({ status: gaps.status }).from(gaps).where(eq(gaps.id, gapId)).get();
      if (!gap || gap.status === "closed" || gap.status === "not_a_gap") return { ok: false, field: "form", message: "This entry is closed" };
      const changed = tx
        .update(interventions)
        .set({ inPlaceAt: now, updatedAt: now })
        .where(and(eq(interventions.id, interventionId), eq(interventions.gapId, gapId), sql`${interventions.inPlaceAt} is null`))
        .run();
      if (!changed.changes) return { ok: false, field: "form", message: "That intervention is already in place, or is not this entry's" };
      tx.update(gaps).set({ updatedAt: now }).where(eq(gaps.id, gapId)).run();
      audit({ actorId: actor.id, action: "intervention_in_place", targetType: "gap", targetId: gapId, detail: { intervention: interventionId }, ip: actor.ip }, tx);
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

/**
 * "You said, we did": interventions in place for gaps that are in place (or
 * closed after it), covering any of these footprints. Nothing about sets or
 * people: a title, what it is, who provides it, a link and the theme.
 */
export function interventionsInPlaceFor(footprintIds: string[]) {
  if (!footprintIds.length) return [];
  return db()
    .selectDistinct({
      id: interventions.id,
      title: interventions.title,
      description: interventions.description,
      provider: interventions.provider,
      link: interventions.link,
      inPlaceAt: interventions.inPlaceAt,
      themeName: themes.name,
    })
    .from(interventions)
    .innerJoin(interventionFootprints, eq(interventionFootprints.interventionId, interventions.id))
    .innerJoin(gaps, eq(gaps.id, interventions.gapId))
    .innerJoin(themes, eq(themes.id, gaps.themeId))
    .where(and(inArray(interventionFootprints.footprintId, footprintIds), isNotNull(interventions.inPlaceAt), inArray(gaps.status, ["in_place", "closed"])))
    .orderBy(desc(interventions.inPlaceAt))
    .all();
}

/** The footprints of the sets a person is in or facilitates (for "You said, we did"). */
export function footprintsOfPerson(userId: string): string[] {
  const rows = db()
    .selectDistinct({ footprintId: cohorts.footprintId })
    .from(cohorts)
    .where(
      sql`${cohorts.archivedAt} is null and (${cohorts.facilitatorId} = ${userId} or ${cohorts.coFacilitatorId} = ${userId} or exists (select 1 from cohort_memberships cm where cm.cohort_id = ${cohorts.id} and cm.user_id = ${userId} and cm.left_at is null))`,
    )
    .all();
  return rows.map((r) => r.footprintId);
}

/** The footprint of a cohort, as a list (for "You said, we did"). */
export function footprintsOfCohort(cohortId: string): string[] {
  const row = db().select({ footprintId: cohorts.footprintId }).from(cohorts).where(eq(cohorts.id, cohortId)).get();
  return row ? [row.footprintId] : [];
}
