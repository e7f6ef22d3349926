/**
 * When a theme becomes a possible intervention gap, as plain data. The
 * evidence comes from the private side (items shared from sets, with who
 * owned them); only the counts and the verdict leave this function's caller.
 *
 * The rule: within the window, the theme's shared items come from at least
 * `minCohorts` sets, in at least `minFootprints` footprints, from at least
 * `minPeople` people, and their weight reaches `minWeight`, where an item
 * weighs 1 and "what got in the way" of an action reported not done weighs 2
 * (an unmet need counts for more than an intention).
 */
import type { GapStatus, ShareKind } from "~db/enums";

export type Evidence = {
  themeId: string;
  cohortId: string;
  footprintId: string;
  personId: string;
  month: string; // YYYY-MM
  kind: ShareKind;
  /** A barrier from a report-back of "not done". */
  notDone: boolean;
};

export type GapThresholds = { windowMonths: number; minCohorts: number; minFootprints: number; minPeople: number; minWeight: number };

export type ThemeRecurrence = {
  themeId: string;
  cohorts: number;
  footprints: number;
  people: number;
  items: number;
  weight: number;
  notDoneBarriers: number;
  flagged: boolean;
  /** The rule and how this theme meets it (or not), in words; counts here are raw and must pass disclosure before they leave. */
  unmet: string[];
};

export const itemWeight = (e: Pick<Evidence, "kind" | "notDone">) => (e.kind === "barrier" && e.notDone ? 2 : 1);

/** The first month inside a window of `windowMonths` ending with `currentMonth` (both YYYY-MM). */
export function windowStart(currentMonth: string, windowMonths: number): string {
  const [y, m] = currentMonth.split("-").map(Number);
  const index = y * 12 + (m - 1) - (windowMonths - 1);
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Recurrence of every theme with evidence in the window [from, to] (months, inclusive). */
export function recurrence(evidence: readonly Evidence[], thresholds: GapThresholds, from: string, to: string): ThemeRecurrence[] {
  const byTheme = new Map<string, { cohorts: Set<string>; footprints: Set<string>; people: Set<string>; items: number; weight: number; notDone: number }>();
  for (const e of evidence) {
    if (e.month < from || e.month > to) continue;
    let t = byTheme.get(e.themeId);
    if (!t) byTheme.set(e.themeId, (t = { cohorts: new Set(), footprints: new Set(), people: new Set(), items: 0, weight: 0, notDone: 0 }));
    t.cohorts.add(e.cohortId);
    t.footprints.add(e.footprintId);
    t.people.add(e.personId);
    t.items += 1;
    t.weight += itemWeight(e);
    if (e.kind === "barrier" && e.notDone) t.notDone += 1;
  }
  return [...byTheme.entries()]
    .map(([themeId, t]) => {
      const unmet: string[] = [];
      if (t.cohorts.size < thresholds.minCohorts) unmet.push(`it came from fewer than ${thresholds.minCohorts} sets`);
      if (t.footprints.size < thresholds.minFootprints) unmet.push(`it came from fewer than ${thresholds.minFootprints} footprints`);
      if (t.people.size < thresholds.minPeople) unmet.push(`it came from fewer than ${thresholds.minPeople} people`);
      if (t.weight < thresholds.minWeight) unmet.push(`its weight is under ${thresholds.minWeight}`);
      return {
        themeId,
        cohorts: t.cohorts.size,
        footprints: t.footprints.size,
        people: t.people.size,
        items: t.items,
        weight: t.weight,
        notDoneBarriers: t.notDone,
        flagged: unmet.length === 0,
        unmet,
      };
    })
    .sort((a, b) => Number(b.flagged) - Number(a.flagged) || b.weight - a.weight || a.themeId.localeCompare(b.themeId));
}

/** The rule in words, for the advisory page and each flag. */
export function describeRule(t: GapThresholds): string {
  return (
    `A theme is flagged when, in the last ${t.windowMonths} months, items shared from sets carry it from at least ${t.minCohorts} different sets, ` +
    `in at least ${t.minFootprints} footprints, from at least ${t.minPeople} different people, with a weight of at least ${t.minWeight}. ` +
    `Each item weighs 1; what got in the way of an action reported "not done" weighs 2.`
  );
}

export const GAP_STATUS_LABELS: Record<GapStatus, string> = {
  flagged: "Flagged",
  under_review: "Under review",
  designing: "Intervention being designed",
  in_place: "Intervention in place",
  closed: "Closed",
  not_a_gap: "Not a gap",
};

/** Where a gap may go next: forward through the register, back one step, or out as "not a gap" (with a reason). */
export const GAP_TRANSITIONS: Record<GapStatus, readonly GapStatus[]> = {
  flagged: ["under_review", "not_a_gap"],
  under_review: ["designing", "not_a_gap", "flagged"],
  designing: ["in_place", "under_review", "not_a_gap"],
  in_place: ["closed", "designing"],
  closed: [],
  not_a_gap: [],
};

export function refuseGapMove(from: GapStatus, to: GapStatus, opts: { reason?: string; interventionsInPlace: number }): string | null {
  if (from === to) return null;
  if (!GAP_TRANSITIONS[from].includes(to)) return `A gap that is "${GAP_STATUS_LABELS[from]}" cannot move to "${GAP_STATUS_LABELS[to]}"`;
  if ((to === "not_a_gap" || to === "closed") && !opts.reason?.trim()) return to === "closed" ? "Say why the gap is closed" : "Say why this is not a gap";
  if (to === "in_place" && opts.interventionsInPlace === 0) return "Add the intervention and mark it in place first";
  return null;
}
