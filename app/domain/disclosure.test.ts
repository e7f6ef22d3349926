import { describe, expect, it } from "vitest";
import {
  discloseCount,
  disclosePercent,
  discloseTable,
  formatDisclosed,
  showCount,
  SMALL_NUMBER_THRESHOLD,
  type Disclosed,
  type DisclosedTable,
} from "./disclosure";

describe("disclosure control", () => {
  it.each([
    [0, "0"],
    [1, "<8"],
    [7, "<8"],
    [8, "10"],
    [12, "10"],
    [13, "15"],
    [22, "20"],
    [23, "25"],
    [1002, "1,000"],
  ])("shows %i as %s", (n, shown) => {
    expect(showCount(n)).toBe(shown);
  });

  it("refuses what is not a count", () => {
    expect(() => discloseCount(-1)).toThrow(RangeError);
    expect(() => discloseCount(2.5)).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------
// The reader's side, written from the published meaning of each figure (see
// the top of disclosure.ts), not from the implementation.

/** mulberry32: a small seeded PRNG, so every run checks the same tables. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Range = { lo: number; hi: number };
const meaning = (d: Disclosed, isTotal: boolean): Range => {
  if (d.kind === "zero") return { lo: 0, hi: 0 };
  if (d.kind === "suppressed") return { lo: 1, hi: 7 };
  if (d.kind === "rounded") return { lo: d.value - 2, hi: d.value + 2 };
  return { lo: isTotal ? 1 : 8, hi: Infinity };
};
const hidden = (d: Disclosed) => d.kind === "suppressed" || d.kind === "withheld";

/** The table with margins as a grid: [r][c], r = rows is the column totals, c = columns the row totals. */
type Grid = { rows: number; columns: number; shown: Disclosed[][]; truth: number[][] };

function gridOf(counts: number[][], table: DisclosedTable): Grid {
  const rows = counts.length;
  const columns = counts[0].length;
  const truth = counts.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  const columnSums = Array.from({ length: columns + 1 }, (_, c) => truth.reduce((sum, row) => sum + row[c], 0));
  truth.push(columnSums);
  const shown = table.cells.map((row, r) => [...row, table.rowTotals[r]]);
  shown.push([...table.columnTotals, table.grandTotal]);
  return { rows, columns, shown, truth };
}

const isTotal = (g: Grid, r: number, c: number) => r === g.rows || c === g.columns;
const rangeAt = (g: Grid, r: number, c: number) => meaning(g.shown[r][c], isTotal(g, r, c));

/** Lines through a grid position: each as its members and its total. */
function linesThrough(g: Grid, r: number, c: number) {
  const row = { members: Array.from({ length: g.columns }, (_, j) => [r, j] as const), total: [r, g.columns] as const };
  const column = { members: Array.from({ length: g.rows }, (_, i) => [i, c] as const), total: [g.rows, c] as const };
  return [row, column];
}

function allLines(g: Grid) {
  const lines: ReturnType<typeof linesThrough> = [];
  for (let r = 0; r <= g.rows; r++) lines.push(linesThrough(g, r, 0)[0]);
  for (let c = 0; c <= g.columns; c++) lines.push(linesThrough(g, 0, c)[1]);
  return lines;
}

/** Every position holding a small number (1–7), which must stay hidden and unpinned. */
function smallFigures(g: Grid) {
  const out: Array<[number, number]> = [];
  for (let r = 0; r <= g.rows; r++) for (let c = 0; c <= g.columns; c++) if (g.truth[r][c] >= 1 && g.truth[r][c] <= 7) out.push([r, c]);
  return out;
}

/** Sums reachable by choosing one value from each range, as a 0/1 array up to `cap`. */
function reachableSums(ranges: Range[], cap: number): Uint8Array {
  let reach = new Uint8Array(cap + 1);
  reach[0] = 1;
  for (const { lo, hi } of ranges) {
    const next = new Uint8Array(cap + 1);
    for (let s = 0; s <= cap; s++) {
      if (!reach[s]) continue;
      for (let v = lo; v <= Math.min(hi, cap - s); v++) next[s + v] = 1;
    }
    reach = next;
  }
  return reach;
}

/**
 * The brief's attacker: for a hidden small figure, every value (1..7 for "<8") that fits
 * each line through it (its row and its column with their totals), given what
 * every other figure of the line allows. Enumerates the sums the rest of the
 * line can make.
 */
function lineCandidates(g: Grid, r: number, c: number): number[] {
  const candidates: number[] = [];
  const own = rangeAt(g, r, c);
  // "<8" allows 1..7; a small total shown as withheld allows more (enough of them to tell one from many).
  for (let v = own.lo; v <= Math.min(own.hi, 27); v++) {
    const fits = linesThrough(g, r, c).every(({ members, total }) => {
      const isTheTotal = total[0] === r && total[1] === c;
      if (isTheTotal) {
        const reach = reachableSums(members.map(([i, j]) => rangeAt(g, i, j)), v);
        return reach[v] === 1;
      }
      const others = members.filter(([i, j]) => i !== r || j !== c).map(([i, j]) => rangeAt(g, i, j));
      const t = rangeAt(g, total[0], total[1]);
      if (!Number.isFinite(t.hi)) {
        const most = others.reduce((sum, o) => sum + o.hi, 0);
        return v + most >= t.lo;
      }
      const reach = reachableSums(others, t.hi);
      for (let s = Math.max(0, t.lo - v); s <= t.hi - v; s++) if (reach[s]) return true;
      return false;
    });
    if (fits) candidates.push(v);
  }
  return candidates;
}

/** Does a full table (with margins) agree with every shown figure? */
function consistent(g: Grid, x: number[][]): boolean {
  for (let r = 0; r <= g.rows; r++) {
    for (let c = 0; c <= g.columns; c++) {
      const { lo, hi } = rangeAt(g, r, c);
      if (!Number.isInteger(x[r][c]) || x[r][c] < lo || x[r][c] > hi) return false;
    }
  }
  return allLines(g).every(({ members, total }) => members.reduce((sum, [i, j]) => sum + x[i][j], 0) === x[total[0]][total[1]]);
}

/**
 * The whole-table attacker: another table, agreeing with every shown figure,
 * in which the figure at (r, c) differs by one (found as a cycle in the
 * residual network around the true table, S -> row -> column -> T -> S), and
 * checked with `consistent`. If the values a figure can take had only one
 * member, no such table would exist.
 */
function alternativeTable(g: Grid, r: number, c: number, delta: 1 | -1): number[][] | null {
  const S = 0;
  const T = 1 + g.rows + g.columns;
  const arcs: Array<{ from: number; to: number; at: [number, number] }> = [];
  for (let i = 0; i < g.rows; i++) arcs.push({ from: S, to: 1 + i, at: [i, g.columns] });
  for (let i = 0; i < g.rows; i++) for (let j = 0; j < g.columns; j++) arcs.push({ from: 1 + i, to: 1 + g.rows + j, at: [i, j] });
  for (let j = 0; j < g.columns; j++) arcs.push({ from: 1 + g.rows + j, to: T, at: [g.rows, j] });
  arcs.push({ from: T, to: S, at: [g.rows, g.columns] });
  const target = arcs.find((a) => a.at[0] === r && a.at[1] === c)!;
  const { lo, hi } = rangeAt(g, r, c);
  const value = g.truth[r][c] + delta;
  if (value < lo || value > hi) return null;
  // Pushing one more unit through the target (from -> to) needs a way back from `to` to `from`; one less, the reverse.
  const [start, goal] = delta === 1 ? [target.to, target.from] : [target.from, target.to];
  const steps = new Map<number, Array<{ next: number; arc: (typeof arcs)[number]; sign: 1 | -1 }>>();
  for (const arc of arcs) {
    if (arc === target) continue;
    const x = g.truth[arc.at[0]][arc.at[1]];
    const range = rangeAt(g, arc.at[0], arc.at[1]);
    if (x + 1 <= range.hi) (steps.get(arc.from) ?? steps.set(arc.from, []).get(arc.from)!).push({ next: arc.to, arc, sign: 1 });
    if (x - 1 >= range.lo) (steps.get(arc.to) ?? steps.set(arc.to, []).get(arc.to)!).push({ next: arc.from, arc, sign: -1 });
  }
  const cameBy = new Map<number, { prev: number; arc: (typeof arcs)[number]; sign: 1 | -1 } | null>([[start, null]]);
  const queue = [start];
  for (let k = 0; k < queue.length && !cameBy.has(goal); k++) {
    for (const step of steps.get(queue[k]) ?? []) {
      if (cameBy.has(step.next)) continue;
      cameBy.set(step.next, { prev: queue[k], arc: step.arc, sign: step.sign });
      queue.push(step.next);
    }
  }
  if (!cameBy.has(goal)) return null;
  const x = g.truth.map((row) => [...row]);
  x[r][c] = value;
  for (let v = goal, link = cameBy.get(v); link; v = link.prev, link = cameBy.get(v)) {
    // The cycle carries one unit: one more on arcs walked forwards, one less on arcs walked backwards.
    x[link.arc.at[0]][link.arc.at[1]] += link.sign;
  }
  return consistent(g, x) ? x : null;
}

const pinnedByWholeTable = (g: Grid, r: number, c: number) => !alternativeTable(g, r, c, 1) && !alternativeTable(g, r, c, -1);

/** Every table (within `cap` for withheld cells) agreeing with the shown figures: for tiny tables only. */
function everyConsistentTable(g: Grid, cap = 40): number[][][] {
  const ranges = g.truth.slice(0, g.rows).map((row, r) => row.slice(0, g.columns).map((_, c) => rangeAt(g, r, c)));
  const found: number[][][] = [];
  const x = g.truth.map((row) => row.map(() => 0));
  const visit = (k: number) => {
    if (k === g.rows * g.columns) {
      for (let r = 0; r < g.rows; r++) x[r][g.columns] = x[r].slice(0, g.columns).reduce((a, b) => a + b, 0);
      for (let c = 0; c <= g.columns; c++) x[g.rows][c] = x.slice(0, g.rows).reduce((sum, row) => sum + row[c], 0);
      if (consistent(g, x)) found.push(x.map((row) => [...row]));
      return;
    }
    const r = Math.floor(k / g.columns);
    const c = k % g.columns;
    const { lo, hi } = ranges[r][c];
    for (let v = lo; v <= Math.min(hi, cap); v++) {
      x[r][c] = v;
      visit(k + 1);
    }
  };
  visit(0);
  return found;
}

/** A line with exactly one hidden figure beside a shown total: subtraction gives that figure to within the rounding. */
const classicRuleBroken = (g: Grid) =>
  allLines(g).some(({ members, total }) => g.shown[total[0]][total[1]].kind === "rounded" && members.filter(([i, j]) => hidden(g.shown[i][j])).length === 1);

/** The table as published by the primary rule alone, to show the attackers have teeth. */
function primaryOnly(counts: number[][]): DisclosedTable {
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = counts[0].map((_, c) => counts.reduce((sum, row) => sum + row[c], 0));
  return {
    cells: counts.map((row) => row.map(discloseCount)),
    rowTotals: rowTotals.map(discloseCount),
    columnTotals: columnTotals.map(discloseCount),
    grandTotal: discloseCount(rowTotals.reduce((a, b) => a + b, 0)),
  };
}

const shownGrid = (t: DisclosedTable) => [...t.cells.map((row, r) => [...row, t.rowTotals[r]]), [...t.columnTotals, t.grandTotal]].map((row) => row.map(formatDisclosed));

/** Tables of 1×1 to 6×8 with many small numbers, zeros and the odd large one. */
function randomTable(next: () => number): number[][] {
  const rows = 1 + Math.floor(next() * 6);
  const columns = 1 + Math.floor(next() * 8);
  const style = next();
  const value = () => {
    const u = next();
    if (style < 0.25) return u < 0.25 ? 0 : u < 0.75 ? 1 : 1 + Math.floor(next() * 7); // almost all small, lots of 1s
    if (u < 0.3) return 0;
    if (u < 0.65) return 1 + Math.floor(next() * 7);
    if (u < 0.92) return 8 + Math.floor(next() * 23);
    return 31 + Math.floor(next() * 470);
  };
  return Array.from({ length: rows }, () => Array.from({ length: columns }, value));
}

describe("discloseCount over every count from 0 to 10,000", () => {
  it("maps each count by the rule and never goes down as the count goes up", () => {
    let previous = -1;
    for (let n = 0; n <= 10_000; n++) {
      const d = discloseCount(n);
      if (n === 0) expect(d).toEqual({ kind: "zero" });
      else if (n < SMALL_NUMBER_THRESHOLD) expect(d).toEqual({ kind: "suppressed" });
      else {
        if (d.kind !== "rounded") throw new Error(`${n} was not rounded`);
        expect(d.value % 5).toBe(0);
        expect(Math.abs(d.value - n)).toBeLessThanOrEqual(2);
        expect(d.value).toBeGreaterThanOrEqual(10); // never 0, never below the threshold
      }
      // As a number on a scale: 0, then "<8", then the rounded values, never decreasing.
      const rank = d.kind === "zero" ? 0 : d.kind === "suppressed" ? 1 : d.kind === "rounded" ? d.value : NaN;
      expect(rank).toBeGreaterThanOrEqual(previous);
      previous = rank;
      expect(showCount(n)).toBe(n === 0 ? "0" : n < 8 ? "<8" : (Math.round(n / 5) * 5).toLocaleString("en-GB"));
    }
  });
});

describe("disclosePercent", () => {
  const r = (value: number): Disclosed => ({ kind: "rounded", value });
  it("works from the rounded figures", () => {
    expect(disclosePercent(r(10), r(30))).toBe("33%");
    expect(disclosePercent(r(15), r(15))).toBe("100%");
    expect(disclosePercent(discloseCount(12), discloseCount(13))).toBe("67%"); // 10 of 15, not 12 of 13 (92%)
    expect(disclosePercent({ kind: "zero" }, r(20))).toBe("0%");
  });
  it("gives nothing when either figure is hidden or the whole is zero", () => {
    expect(disclosePercent({ kind: "suppressed" }, r(20))).toBeNull();
    expect(disclosePercent(r(20), { kind: "suppressed" })).toBeNull();
    expect(disclosePercent({ kind: "withheld" }, r(20))).toBeNull();
    expect(disclosePercent(r(20), { kind: "withheld" })).toBeNull();
    expect(disclosePercent({ kind: "zero" }, { kind: "zero" })).toBeNull();
  });
  it("never exceeds 100% for a part of a whole", () => {
    for (let whole = 1; whole <= 400; whole++) {
      for (let part = 0; part <= whole; part++) {
        const p = disclosePercent(discloseCount(part), discloseCount(whole));
        if (p !== null) expect(Number(p.slice(0, -1))).toBeLessThanOrEqual(100);
      }
    }
  });
});

describe("the attackers have teeth (on tables published with the primary rule only)", () => {
  it("pins a lone small cell through rounded figures: 1, 8, 8 with a total of 17", () => {
    const counts = [[1, 8, 8]];
    const g = gridOf(counts, primaryOnly(counts));
    expect(shownGrid(primaryOnly(counts))[0]).toEqual(["<8", "10", "10", "15"]);
    expect(lineCandidates(g, 0, 0)).toEqual([1]);
    expect(pinnedByWholeTable(g, 0, 0)).toBe(true);
  });

  it("pins two small cells in one row that the classic rule leaves alone: 1, 1 and five 8s", () => {
    const counts = [[1, 1, 8, 8, 8, 8, 8]];
    const published = primaryOnly(counts);
    expect(published.rowTotals.map(formatDisclosed)).toEqual(["40"]);
    const g = gridOf(counts, published);
    expect(lineCandidates(g, 0, 0)).toEqual([1]);
    expect(pinnedByWholeTable(g, 0, 1)).toBe(true);
  });

  it("pins seven 1s whose total is shown as <8, with nothing rounded anywhere", () => {
    const counts = [[1, 1, 1, 1, 1, 1, 1, 0]];
    const g = gridOf(counts, primaryOnly(counts));
    expect(lineCandidates(g, 0, 3)).toEqual([1]);
    expect(pinnedByWholeTable(g, 0, 3)).toBe(true);
  });

  it("agree with exhaustive enumeration on tiny tables, and find pins in many random ones", () => {
    const next = prng(7);
    let pinnedTables = 0;
    let tiny = 0;
    for (let k = 0; k < 4000; k++) {
      const counts = randomTable(next);
      const g = gridOf(counts, primaryOnly(counts));
      const small = smallFigures(g);
      if (small.some(([r, c]) => pinnedByWholeTable(g, r, c))) pinnedTables++;
      if (counts.length * counts[0].length <= 4 && g.truth[g.rows][g.columns] < 60) {
        tiny++;
        const tables = everyConsistentTable(g);
        for (const [r, c] of small) {
          const values = new Set(tables.map((x) => x[r][c]));
          expect(values.size === 1, `cell ${r},${c} of ${JSON.stringify(counts)}`).toBe(pinnedByWholeTable(g, r, c));
        }
      }
    }
    expect(tiny).toBeGreaterThan(200);
    expect(pinnedTables).toBeGreaterThan(20); // 45 with this seed
  });

  it("catch the secondary suppressions being undone: showing a withheld figure again breaks a rule or pins a small one", () => {
    const next = prng(11);
    let undone = 0;
    let pinned = 0;
    let classicBroken = 0;
    for (let k = 0; k < 1500; k++) {
      const counts = randomTable(next);
      const g = gridOf(counts, discloseTable(counts));
      for (let r = 0; r <= g.rows; r++) {
        for (let c = 0; c <= g.columns; c++) {
          if (g.shown[r][c].kind !== "withheld") continue;
          undone++;
          const weaker: Grid = { ...g, shown: g.shown.map((row) => [...row]) };
          weaker.shown[r][c] = discloseCount(g.truth[r][c]);
          if (smallFigures(weaker).some(([i, j]) => lineCandidates(weaker, i, j).length < 2 || pinnedByWholeTable(weaker, i, j))) pinned++;
          else if (classicRuleBroken(weaker)) classicBroken++;
        }
      }
    }
    expect(undone).toBeGreaterThan(1000);
    expect(pinned).toBeGreaterThan(10);
    expect(pinned + classicBroken).toBeGreaterThan(undone * 0.9);
  });
});

describe("discloseTable", () => {
  it("hides a small cell and the figure that would give it away: 5 and 10 with a total of 15", () => {
    const t = discloseTable([[5, 10]]);
    expect(t.cells[0].map(formatDisclosed)).toEqual(["<8", "[c]"]);
    expect(formatDisclosed(t.rowTotals[0])).toBe("15");
  });

  it("protects the row that rounding and the classic rule leave exposed", () => {
    const counts = [[1, 1, 8, 8, 8, 8, 8]];
    const g = gridOf(counts, discloseTable(counts));
    for (const [r, c] of smallFigures(g)) expect(lineCandidates(g, r, c).length).toBeGreaterThan(1);
    for (const [r, c] of smallFigures(g)) expect(pinnedByWholeTable(g, r, c)).toBe(false);
  });

  it("protects seven 1s by withholding their small total", () => {
    const counts = [[1, 1, 1, 1, 1, 1, 1, 0]];
    const t = discloseTable(counts);
    expect(t.cells[0].map(formatDisclosed)).toEqual(["<8", "<8", "<8", "<8", "<8", "<8", "<8", "0"]);
    const g = gridOf(counts, t);
    for (const [r, c] of smallFigures(g)) expect(pinnedByWholeTable(g, r, c)).toBe(false);
  });

  it("leaves a table with nothing small as it is, and handles empty ones", () => {
    const t = discloseTable([
      [10, 20],
      [30, 41],
    ]);
    expect(shownGrid(t)).toEqual([
      ["10", "20", "30"],
      ["30", "40", "70"],
      ["40", "60", "100"],
    ]);
    expect(discloseTable([])).toEqual({ cells: [], rowTotals: [], columnTotals: [], grandTotal: { kind: "zero" } });
    expect(discloseTable([[0, 0]])).toEqual({ cells: [[{ kind: "zero" }, { kind: "zero" }]], rowTotals: [{ kind: "zero" }], columnTotals: [{ kind: "zero" }, { kind: "zero" }], grandTotal: { kind: "zero" } });
  });

  it("refuses ragged tables and what is not a count", () => {
    expect(() => discloseTable([[1, 2], [3]])).toThrow(RangeError);
    expect(() => discloseTable([[1, -2]])).toThrow(RangeError);
  });

  it("never lets a small figure be worked out, over 4,000 random tables from 1×1 to 6×8", () => {
    const next = prng(20_260_501);
    let smallSeen = 0;
    let withheldSeen = 0;
    for (let k = 0; k < 4000; k++) {
      const counts = randomTable(next);
      const table = discloseTable(counts);
      const g = gridOf(counts, table);
      const where = JSON.stringify(counts);

      // Shape, and every figure is what the rule says or withheld (never a small number shown, never a zero hidden).
      expect(table.cells.length).toBe(g.rows);
      for (let r = 0; r <= g.rows; r++) {
        for (let c = 0; c <= g.columns; c++) {
          const n = g.truth[r][c];
          const d = g.shown[r][c];
          if (d.kind === "withheld") {
            withheldSeen++;
            expect(n, where).toBeGreaterThanOrEqual(isTotal(g, r, c) ? 1 : 8);
          } else expect(d, `${where} at ${r},${c}`).toEqual(discloseCount(n));
        }
      }

      // The classic rule holds: no line with exactly one hidden figure beside a shown total.
      expect(classicRuleBroken(g), where).toBe(false);

      for (const [r, c] of smallFigures(g)) {
        smallSeen++;
        expect(hidden(g.shown[r][c])).toBe(true);
        const candidates = lineCandidates(g, r, c);
        expect(candidates, `${where}: line attacker on ${r},${c}`).toContain(g.truth[r][c]);
        expect(candidates.length, `${where}: line attacker on ${r},${c}`).toBeGreaterThan(1);
        expect(pinnedByWholeTable(g, r, c), `${where}: whole-table attacker on ${r},${c}`).toBe(false);
      }
    }
    expect(smallSeen).toBeGreaterThan(20_000);
    expect(withheldSeen).toBeGreaterThan(1000);
  }, 120_000);

  it("agrees with exhaustive enumeration of every consistent table on tiny tables", () => {
    const next = prng(99);
    let checked = 0;
    for (let k = 0; checked < 300 && k < 20_000; k++) {
      const rows = 1 + Math.floor(next() * 2);
      const columns = 1 + Math.floor(next() * 2);
      const counts = Array.from({ length: rows }, () => Array.from({ length: columns }, () => (next() < 0.2 ? 0 : next() < 0.6 ? 1 + Math.floor(next() * 7) : 8 + Math.floor(next() * 12))));
      const g = gridOf(counts, discloseTable(counts));
      const small = smallFigures(g);
      if (!small.length) continue;
      checked++;
      const tables = everyConsistentTable(g);
      expect(tables.some((x) => x.every((row, r) => row.every((v, c) => v === g.truth[r][c])))).toBe(true);
      for (const [r, c] of small) {
        const values = new Set(tables.map((x) => x[r][c]));
        expect(values.size, `${JSON.stringify(counts)} at ${r},${c}`).toBeGreaterThan(1);
      }
    }
    expect(checked).toBe(300);
  });
});

describe("the exact check's shortcut", () => {
  it("agrees with the maximum-flow check on every figure of thousands of random tables and shown patterns", async () => {
    const { canVaryByCycle, canVaryByMaxFlow, discloseCount: disclose } = await import("./disclosure");
    let seed = 12345;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    let compared = 0;
    for (let t = 0; t < 1500; t++) {
      const rows = 1 + Math.floor(random() * 5);
      const columns = 1 + Math.floor(random() * 6);
      const counts = Array.from({ length: rows }, () => Array.from({ length: columns }, () => (random() < 0.3 ? 0 : random() < 0.6 ? 1 + Math.floor(random() * 7) : Math.floor(random() * 40))));
      // The figures with margins, each shown by the rule, some rounded ones withheld at random.
      const full = Array.from({ length: rows + 1 }, (_, i) =>
        Array.from({ length: columns + 1 }, (_, j) => {
          if (i < rows && j < columns) return counts[i][j];
          if (i < rows) return counts[i].reduce((a, b) => a + b, 0);
          if (j < columns) return counts.reduce((a, row) => a + row[j], 0);
          return counts.flat().reduce((a, b) => a + b, 0);
        }),
      );
      const shown = full.map((line) => line.map((n) => (n >= 8 && random() < 0.15 ? ({ kind: "withheld" } as const) : disclose(n))));
      for (let i = 0; i <= rows; i++) {
        for (let j = 0; j <= columns; j++) {
          expect(canVaryByCycle(counts, shown, i, j), `table ${t}, figure (${i}, ${j})`).toBe(canVaryByMaxFlow(counts, shown, i, j));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(20_000);
  });
});
