/** Counts for the role home pages. */
import { and, count, eq, inArray, isNotNull, isNull, or } from "drizzle-orm";
import { cohortMemberships, cohorts, footprints, jobs, organisations, users } from "~db/schema";
import { db } from "~/server/context.server";

export function adminOverview() {
  const n = (q: { n: number } | undefined) => q?.n ?? 0;
  return {
    footprints: n(db().select({ n: count() }).from(footprints).get()),
    organisations: n(db().select({ n: count() }).from(organisations).get()),
    people: n(db().select({ n: count() }).from(users).get()),
    invited: n(db().select({ n: count() }).from(users).where(eq(users.status, "invited")).get()),
    cohorts: n(db().select({ n: count() }).from(cohorts).where(isNull(cohorts.archivedAt)).get()),
    archivedCohorts: n(db().select({ n: count() }).from(cohorts).where(isNotNull(cohorts.archivedAt)).get()),
    emailsNotSent: n(db().select({ n: count() }).from(jobs).where(inArray(jobs.status, ["failed", "interrupted"])).get()),
  };
}

const cohortSummaryColumns = {
  id: cohorts.id,
  name: cohorts.name,
  termStart: cohorts.termStart,
  termEnd: cohorts.termEnd,
  archivedAt: cohorts.archivedAt,
  footprint: footprints.name,
};

/** Cohorts a person runs (as facilitator or co-facilitator) or belongs to now. */
export function cohortsOf(userId: string) {
  const facilitating = db()
    .select(cohortSummaryColumns)
    .from(cohorts)
    .innerJoin(footprints, eq(footprints.id, cohorts.footprintId))
    .where(or(eq(cohorts.facilitatorId, userId), eq(cohorts.coFacilitatorId, userId)))
    .orderBy(cohorts.name)
    .all();
  const member = db()
    .select(cohortSummaryColumns)
    .from(cohortMemberships)
    .innerJoin(cohorts, eq(cohorts.id, cohortMemberships.cohortId))
    .innerJoin(footprints, eq(footprints.id, cohorts.footprintId))
    .where(and(eq(cohortMemberships.userId, userId), isNull(cohortMemberships.leftAt)))
    .orderBy(cohorts.name)
    .all();
  return { facilitating, member };
}

export type CohortAccess = "facilitator" | "member";

/** How a person may see a cohort, or null: only its facilitators and current members may. */
export function cohortAccess(userId: string, cohortId: string): CohortAccess | null {
  const cohort = db()
    .select({ facilitatorId: cohorts.facilitatorId, coFacilitatorId: cohorts.coFacilitatorId })
    .from(cohorts)
    .where(eq(cohorts.id, cohortId))
    .get();
  if (!cohort) return null;
  if (cohort.facilitatorId === userId || cohort.coFacilitatorId === userId) return "facilitator";
  const membership = db()
    .select({ id: cohortMemberships.id })
    .from(cohortMemberships)
    .where(
      and(
        eq(cohortMemberships.cohortId, cohortId),
        eq(cohortMemberships.userId, userId),
        isNull(cohortMemberships.leftAt),
      ),
    )
    .get();
  return membership ? "member" : null;
}

/** The set as its own people see it: who runs it and who is in it. */
export function cohortRoster(cohortId: string) {
  const cohort = db()
    .select({
      id: cohorts.id,
      name: cohorts.name,
      termStart: cohorts.termStart,
      termEnd: cohorts.termEnd,
      archivedAt: cohorts.archivedAt,
      footprint: footprints.name,
      facilitatorId: cohorts.facilitatorId,
      coFacilitatorId: cohorts.coFacilitatorId,
    })
    .from(cohorts)
    .innerJoin(footprints, eq(footprints.id, cohorts.footprintId))
    .where(eq(cohorts.id, cohortId))
    .get();
  if (!cohort) return null;
  const facilitatorIds = [cohort.facilitatorId, cohort.coFacilitatorId].filter((x): x is string => Boolean(x));
  const facilitators = facilitatorIds.map(
    (id) => db().select({ id: users.id, name: users.name }).from(users).where(eq(users.id, id)).get()!,
  );
  const members = db()
    .select({
      id: users.id,
      name: users.name,
      profession: users.profession,
      organisation: organisations.name,
      setting: organisations.setting,
    })
    .from(cohortMemberships)
    .innerJoin(users, eq(users.id, cohortMemberships.userId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(cohortMemberships.cohortId, cohortId), isNull(cohortMemberships.leftAt)))
    .orderBy(users.name)
    .all();
  const { facilitatorId: _f, coFacilitatorId: _c, ...rest } = cohort;
  return { ...rest, facilitators, members };
}

/** Programme-wide figures for the advisory group: counts only, through disclosure control. */
export function programmeFigures() {
  const rows = db()
    .select({
      footprintId: footprints.id,
      footprint: footprints.name,
      cohortId: cohorts.id,
      memberId: cohortMemberships.userId,
    })
    .from(footprints)
    .leftJoin(cohorts, and(eq(cohorts.footprintId, footprints.id), isNull(cohorts.archivedAt)))
    .leftJoin(cohortMemberships, and(eq(cohortMemberships.cohortId, cohorts.id), isNull(cohortMemberships.leftAt)))
    .all();
  const byFootprint = new Map<string, { footprint: string; cohorts: Set<string>; leads: Set<string> }>();
  for (const r of rows) {
    const entry = byFootprint.get(r.footprintId) ?? { footprint: r.footprint, cohorts: new Set(), leads: new Set() };
    if (r.cohortId) entry.cohorts.add(r.cohortId);
    if (r.memberId) entry.leads.add(r.memberId);
    byFootprint.set(r.footprintId, entry);
  }
  const all = [...byFootprint.values()];
  return {
    footprints: all
      .map((f) => ({ footprint: f.footprint, cohorts: f.cohorts.size, leads: f.leads.size }))
      .sort((a, b) => a.footprint.localeCompare(b.footprint)),
    totals: {
      cohorts: new Set(all.flatMap((f) => [...f.cohorts])).size,
      leads: new Set(all.flatMap((f) => [...f.leads])).size,
    },
  };
}
