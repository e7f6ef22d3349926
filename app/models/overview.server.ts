/** Counts for the role home pages. */
import { count, eq, isNotNull, isNull } from "drizzle-orm";
import { cohorts, footprints, organisations, users } from "~db/schema";
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
  };
}
