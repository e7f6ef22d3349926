import { describe, expect, it } from "vitest";
import {
  aggregateWellbeing,
  answerProblem,
  formatAggregate,
  isArrival,
  needsSignposting,
  phq4Band,
  PHQ4_ITEMS,
  PHQ4_NOTICE,
  PHQ4_OPTIONS,
  quarterOf,
  scorePhq4,
  type AggregateInput,
} from "./wellbeing";

describe("PHQ-4 scoring (Kroenke et al., 2009)", () => {
  it("sums anxiety from items 1-2 and depression from items 3-4", () => {
    expect(scorePhq4({ phq1: 3, phq2: 1, phq3: 0, phq4: 2 })).toEqual({
      anxiety: 4,
      depression: 2,
      total: 6,
      anxietyFlag: true,
      depressionFlag: false,
      band: "moderate",
    });
  });

  it("flags a sub-score at 3 or more, and not at 2", () => {
    expect(scorePhq4({ phq1: 1, phq2: 1, phq3: 1, phq4: 1 })).toMatchObject({ anxietyFlag: false, depressionFlag: false, band: "mild" });
    expect(scorePhq4({ phq1: 2, phq2: 1, phq3: 0, phq4: 0 })).toMatchObject({ anxiety: 3, anxietyFlag: true, depressionFlag: false });
    expect(scorePhq4({ phq1: 0, phq2: 0, phq3: 0, phq4: 3 })).toMatchObject({ depression: 3, anxietyFlag: false, depressionFlag: true });
    expect(scorePhq4({ phq1: 1, phq2: 1, phq3: 1, phq4: 1 }).total).toBe(4);
  });

  it("bands the total at the published cut-offs: 0-2 none, 3-5 mild, 6-8 moderate, 9-12 severe", () => {
    const expected = ["none", "none", "none", "mild", "mild", "mild", "moderate", "moderate", "moderate", "severe", "severe", "severe", "severe"];
    for (let total = 0; total <= 12; total++) expect(phq4Band(total)).toBe(expected[total]);
    expect(() => phq4Band(13)).toThrow(RangeError);
    expect(() => phq4Band(-1)).toThrow(RangeError);
  });

  it("checks every answer combination against the definition", () => {
    for (let n = 0; n < 256; n++) {
      const a = { phq1: n & 3, phq2: (n >> 2) & 3, phq3: (n >> 4) & 3, phq4: (n >> 6) & 3 };
      const s = scorePhq4(a);
      expect(s.anxiety).toBe(a.phq1 + a.phq2);
      expect(s.depression).toBe(a.phq3 + a.phq4);
      expect(s.anxietyFlag).toBe(a.phq1 + a.phq2 >= 3);
      expect(s.depressionFlag).toBe(a.phq3 + a.phq4 >= 3);
      expect(needsSignposting(s)).toBe(s.anxiety >= 3 || s.depression >= 3);
    }
  });

  it("refuses items outside 0-3", () => {
    expect(() => scorePhq4({ phq1: 4, phq2: 0, phq3: 0, phq4: 0 })).toThrow(RangeError);
    expect(() => scorePhq4({ phq1: 0, phq2: -1, phq3: 0, phq4: 0 })).toThrow(RangeError);
    expect(() => scorePhq4({ phq1: 0, phq2: 0, phq3: 1.5, phq4: 0 })).toThrow(RangeError);
  });

  it("has the four items, their answers and the copyright notice", () => {
    expect(PHQ4_ITEMS.map((i) => i.text)).toEqual([
      "Feeling nervous, anxious or on edge",
      "Not being able to stop or control worrying",
      "Feeling down, depressed or hopeless",
      "Little interest or pleasure in doing things",
    ]);
    expect(PHQ4_OPTIONS.map((o) => `${o.label} ${o.value}`)).toEqual(["Not at all 0", "Several days 1", "More than half the days 2", "Nearly every day 3"]);
    expect(PHQ4_NOTICE).toMatch(/Kroenke K, Spitzer RL, Williams JBW, Löwe B, 2009/);
    expect(PHQ4_NOTICE).toMatch(/Pfizer/);
    expect(PHQ4_NOTICE).toMatch(/No permission is required/);
  });
});

describe("an answer", () => {
  it("needs an arrival score 0-10, and the four items only when the PHQ-4 is on", () => {
    expect(isArrival(0)).toBe(true);
    expect(isArrival(10)).toBe(true);
    expect(isArrival(11)).toBe(false);
    expect(isArrival(2.5)).toBe(false);
    expect(answerProblem({ arrival: 5, phq4: null }, 1)).toBeNull();
    expect(answerProblem({ arrival: 5, phq4: null }, 0)).toMatch(/switched off/);
    expect(answerProblem({ arrival: 11, phq4: null }, 1)).toMatch(/0 to 10/);
    expect(answerProblem({ arrival: 5, phq4: null }, 2)).toMatch(/four questions/);
    expect(answerProblem({ arrival: 5, phq4: { phq1: 1, phq2: 1, phq3: 1 } }, 2)).toMatch(/Little interest/);
    expect(answerProblem({ arrival: 5, phq4: { phq1: 1, phq2: 1, phq3: 1, phq4: 3 } }, 2)).toBeNull();
    expect(answerProblem({ arrival: 5, phq4: { phq1: 1, phq2: 1, phq3: 1, phq4: 3 } }, 1)).toMatch(/not switched on/);
  });
});

describe("aggregates by footprint and quarter", () => {
  const at = Date.UTC(2026, 1, 10); // 2026-Q1
  const rows = (n: number, footprintId: string, arrival: (i: number) => number, createdAt = at): AggregateInput[] =>
    Array.from({ length: n }, (_, i) => ({ userId: `${footprintId}-p${i}`, footprintId, createdAt, arrival: arrival(i), phq4: null }));

  it("names quarters by calendar quarter", () => {
    expect(quarterOf(Date.UTC(2026, 0, 1))).toBe("2026-Q1");
    expect(quarterOf(Date.UTC(2026, 2, 31, 23, 59))).toBe("2026-Q1");
    expect(quarterOf(Date.UTC(2026, 3, 1))).toBe("2026-Q2");
    expect(quarterOf(Date.UTC(2026, 11, 31))).toBe("2026-Q4");
  });

  it("shows a median only when at least 8 people contributed, and 'not enough data' otherwise", () => {
    const out = aggregateWellbeing([...rows(7, "small", () => 2), ...rows(8, "big", (i) => i + 1)]);
    const small = out.find((a) => a.footprintId === "small")!;
    const big = out.find((a) => a.footprintId === "big")!;
    expect(small).toMatchObject({ quarter: "2026-Q1", people: { kind: "suppressed" }, arrivalMedian: null, note: "not enough data" });
    expect(formatAggregate(small)).toMatchObject({ people: "<8", arrivalMedian: "not enough data" });
    expect(big).toMatchObject({ people: { kind: "rounded", value: 10 }, arrivalMedian: 4.5, note: null });
  });

  it("weighs each person once in the median, and counts answers through the disclosure rule", () => {
    const many: AggregateInput[] = [
      ...rows(8, "f", () => 8),
      // One person answering twenty times with 0 does not pull the median down.
      ...Array.from({ length: 20 }, (_, i) => ({ userId: "f-p0", footprintId: "f", createdAt: at + i, arrival: 0, phq4: null })),
    ];
    const [f] = aggregateWellbeing(many);
    expect(f.arrivalMedian).toBe(8);
    expect(f.answers).toEqual({ kind: "rounded", value: 30 }); // 28 answers
  });

  it("counts positive PHQ-4 screens only when at least 8 people took it, by each person's latest", () => {
    const phq = (high: boolean) => (high ? { phq1: 3, phq2: 3, phq3: 0, phq4: 0 } : { phq1: 0, phq2: 0, phq3: 0, phq4: 0 });
    const eight = Array.from({ length: 8 }, (_, i) => ({ userId: `p${i}`, footprintId: "f", createdAt: at, arrival: 5, phq4: phq(i < 3) }));
    const [f] = aggregateWellbeing(eight);
    expect(f.phq4People).toEqual({ kind: "rounded", value: 10 });
    expect(f.phq4Positive).toEqual({ kind: "suppressed" });
    const [few] = aggregateWellbeing(eight.slice(0, 5));
    expect(few.phq4Positive).toBeNull();
    expect(formatAggregate(few).phq4Positive).toBe("not enough data");
  });

  it("separates quarters and footprints and carries no person", () => {
    const out = aggregateWellbeing([...rows(3, "a", () => 5), ...rows(3, "a", () => 5, Date.UTC(2026, 4, 1)), ...rows(2, "b", () => 5)]);
    expect(out.map((a) => `${a.footprintId} ${a.quarter}`)).toEqual(["a 2026-Q1", "a 2026-Q2", "b 2026-Q1"]);
    expect(JSON.stringify(out)).not.toMatch(/-p\d/);
  });
});
