import { describe, expect, it } from "vitest";
import { describeRule, recurrence, refuseGapMove, windowStart, type Evidence, type GapThresholds } from "./gaps";

const T: GapThresholds = { windowMonths: 6, minCohorts: 3, minFootprints: 2, minPeople: 8, minWeight: 10 };

/** `people` items of one theme, spread over `cohorts` sets in `footprints` footprints, in one month. */
function items(n: { people: number; cohorts: number; footprints: number; month?: string; themeId?: string; kind?: Evidence["kind"]; notDone?: boolean }): Evidence[] {
  return Array.from({ length: n.people }, (_, i) => ({
    themeId: n.themeId ?? "workload-and-rest",
    cohortId: `c${i % n.cohorts}`,
    footprintId: `f${i % n.cohorts % n.footprints}`,
    personId: `p${i}`,
    month: n.month ?? "2026-10",
    kind: n.kind ?? "action",
    notDone: n.notDone ?? false,
  }));
}

const one = (e: Evidence[]) => recurrence(e, T, "2026-05", "2026-10")[0];

describe("the recurrence rule at its thresholds", () => {
  it("flags exactly at every threshold", () => {
    const r = one([...items({ people: 8, cohorts: 3, footprints: 2 }), ...items({ people: 2, cohorts: 3, footprints: 2 })]);
    expect(r).toMatchObject({ cohorts: 3, footprints: 2, people: 8, items: 10, weight: 10, flagged: true, unmet: [] });
  });
  it("does not flag one below each threshold, and says why", () => {
    expect(one(items({ people: 10, cohorts: 2, footprints: 2 }))).toMatchObject({ flagged: false, unmet: ["it came from fewer than 3 sets"] });
    expect(one(items({ people: 10, cohorts: 3, footprints: 1 }))).toMatchObject({ flagged: false, unmet: ["it came from fewer than 2 footprints"] });
    const sevenPeople = [...items({ people: 7, cohorts: 3, footprints: 2 }), ...items({ people: 3, cohorts: 3, footprints: 2 })];
    expect(one(sevenPeople)).toMatchObject({ people: 7, weight: 10, flagged: false, unmet: ["it came from fewer than 8 people"] });
    expect(one(items({ people: 9, cohorts: 3, footprints: 2 }))).toMatchObject({ weight: 9, flagged: false, unmet: ["its weight is under 10"] });
  });
  it("counts a barrier of a not-done report-back twice", () => {
    const r = one([...items({ people: 8, cohorts: 3, footprints: 2 }), ...items({ people: 1, cohorts: 1, footprints: 1, kind: "barrier", notDone: true })]);
    expect(r).toMatchObject({ items: 9, weight: 10, notDoneBarriers: 1, flagged: true });
    // A barrier of a partly-done report weighs 1, like an action.
    expect(one([...items({ people: 8, cohorts: 3, footprints: 2 }), ...items({ people: 1, cohorts: 1, footprints: 1, kind: "barrier" })])).toMatchObject({ weight: 9, flagged: false });
  });
  it("counts only the window, inclusive at both ends", () => {
    const e = [...items({ people: 8, cohorts: 3, footprints: 2, month: "2026-05" }), ...items({ people: 2, cohorts: 3, footprints: 2, month: "2026-04" })];
    expect(one(e)).toMatchObject({ items: 8, flagged: false });
    expect(recurrence(e, T, "2026-04", "2026-10")[0]).toMatchObject({ items: 10, flagged: true });
  });
  it("keeps themes apart and puts flagged themes first", () => {
    const e = [...items({ people: 3, cohorts: 1, footprints: 1, themeId: "bereavement" }), ...items({ people: 10, cohorts: 3, footprints: 2 })];
    expect(recurrence(e, T, "2026-05", "2026-10").map((r) => [r.themeId, r.flagged])).toEqual([
      ["workload-and-rest", true],
      ["bereavement", false],
    ]);
  });
  it("works out the window's first month across a year end", () => {
    expect(windowStart("2026-11", 6)).toBe("2026-06");
    expect(windowStart("2026-03", 6)).toBe("2025-10");
    expect(windowStart("2026-01", 1)).toBe("2026-01");
    expect(windowStart("2026-01", 13)).toBe("2025-01");
  });
  it("states the rule in words", () => {
    expect(describeRule(T)).toMatch(/last 6 months.*at least 3 different sets, in at least 2 footprints, from at least 8 different people/);
  });
});

describe("moving a gap through the register", () => {
  it("goes forward one step at a time", () => {
    expect(refuseGapMove("flagged", "under_review", { interventionsInPlace: 0 })).toBeNull();
    expect(refuseGapMove("under_review", "designing", { interventionsInPlace: 0 })).toBeNull();
    expect(refuseGapMove("flagged", "in_place", { interventionsInPlace: 1 })).toMatch(/cannot move/);
  });
  it("needs an intervention in place to be in place, and a reason to close or dismiss", () => {
    expect(refuseGapMove("designing", "in_place", { interventionsInPlace: 0 })).toBe("Add the intervention and mark it in place first");
    expect(refuseGapMove("designing", "in_place", { interventionsInPlace: 1 })).toBeNull();
    expect(refuseGapMove("flagged", "not_a_gap", { interventionsInPlace: 0 })).toBe("Say why this is not a gap");
    expect(refuseGapMove("flagged", "not_a_gap", { reason: "Covered by the hub", interventionsInPlace: 0 })).toBeNull();
    expect(refuseGapMove("in_place", "closed", { reason: " ", interventionsInPlace: 1 })).toBe("Say why the gap is closed");
  });
  it("cannot reopen a closed entry (a recurring theme makes a new one)", () => {
    expect(refuseGapMove("closed", "flagged", { interventionsInPlace: 0 })).toMatch(/cannot move/);
    expect(refuseGapMove("not_a_gap", "under_review", { interventionsInPlace: 0 })).toMatch(/cannot move/);
  });
});
