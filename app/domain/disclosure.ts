/**
 * NHS Digital-style disclosure control for any count shown outside a set
 * (trust.md): 0 stays 0, 1–7 becomes "<8", anything else is rounded to the
 * nearest 5. Totals are computed from unrounded data and then rounded too.
 *
 * Tables (`discloseTable`) need more than that, because a reader can do sums
 * with the figures they are shown. What each figure tells a reader who knows
 * these rules:
 *
 *   "0"     exactly 0
 *   "<8"    1 to 7
 *   "25"    23 to 27 (a rounded figure v is v-2 to v+2; it is never below 8)
 *   "[c]"   withheld to protect a small number elsewhere (the UK statistics
 *           service's symbol for "confidential"): in the body of a table at
 *           least 8 (only figures that would have been rounded are withheld
 *           there); as a total at least 1 (a small total is withheld only
 *           when nothing else can protect a cell).
 *
 * Every row and column adds up to its total, and the totals to the grand
 * total. The guarantee: for every figure from 1 to 7, at least two values are
 * consistent with everything shown in the table at once. That is checked
 * exactly, not by a rule of thumb: the figures of a table with its margins
 * are the flows of a network (grand total -> row totals -> cells -> column
 * totals -> grand total), each bounded by what its shown figure allows, and
 * whether a cell can take another value is whether that network still has a
 * feasible integer circulation (network matrices are totally unimodular, so
 * the values a figure can take form an unbroken range, and "another value" is
 * just "one more or one less").
 *
 * Two rounds of secondary suppression:
 *  1. the classic rule, which does not rely on rounding: a row or column with
 *     exactly one hidden figure and a shown total also hides its smallest other
 *     non-zero figure (or the total when there is none), until nothing changes;
 *  2. the exact check above, for what rounding still gives away: a row
 *     "<8" "<8" and five "10"s with a total of "40" pins both small cells to 1
 *     (five figures of at least 8 leave at most 2 for the two, each at least
 *     1), although the row has two hidden cells.
 */
export const SMALL_NUMBER_THRESHOLD = 8;
const ROUNDING_BASE = 5;
const HALF_ROUNDING = 2; // integers within 2 of a multiple of 5 round to it (never a tie)

/** `withheld` is a secondary suppression in a table; `discloseCount` never returns it. */
export type Disclosed = { kind: "zero" } | { kind: "suppressed" } | { kind: "rounded"; value: number } | { kind: "withheld" };

export const WITHHELD_SYMBOL = "[c]";

export function discloseCount(count: number): Disclosed {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`Not a count: ${count}`);
  if (count === 0) return { kind: "zero" };
  if (count < SMALL_NUMBER_THRESHOLD) return { kind: "suppressed" };
  return { kind: "rounded", value: Math.round(count / ROUNDING_BASE) * ROUNDING_BASE };
}

/** "1,234": one formatter made once (toLocaleString makes one per call). */
const WHOLE_NUMBER = new Intl.NumberFormat("en-GB");

export function formatDisclosed(d: Disclosed): string {
  if (d.kind === "zero") return "0";
  if (d.kind === "suppressed") return `<${SMALL_NUMBER_THRESHOLD}`;
  if (d.kind === "withheld") return WITHHELD_SYMBOL;
  return WHOLE_NUMBER.format(d.value);
}

export const showCount = (count: number) => formatDisclosed(discloseCount(count));

/**
 * A percentage from the figures as shown (never from the raw counts, which
 * would let a reader undo the rounding): null when either figure is hidden or
 * the whole is zero. Whole percent, e.g. "33%".
 */
export function disclosePercent(part: Disclosed, whole: Disclosed): string | null {
  if (whole.kind !== "rounded") return null; // zero, "<8" or withheld
  if (part.kind === "zero") return "0%";
  if (part.kind !== "rounded") return null;
  return `${Math.round((100 * part.value) / whole.value)}%`;
}

// ---------------------------------------------------------------------------
// Tables

export type DisclosedTable = { cells: Disclosed[][]; rowTotals: Disclosed[]; columnTotals: Disclosed[]; grandTotal: Disclosed };

/** What a reader can infer from one shown figure: lo..hi (hi may be Infinity). */
export function shownRange(d: Disclosed, isTotal: boolean): { lo: number; hi: number } {
  switch (d.kind) {
    case "zero":
      return { lo: 0, hi: 0 };
    case "suppressed":
      return { lo: 1, hi: SMALL_NUMBER_THRESHOLD - 1 };
    case "rounded":
      return { lo: d.value - HALF_ROUNDING, hi: d.value + HALF_ROUNDING };
    case "withheld":
      return { lo: isTotal ? 1 : SMALL_NUMBER_THRESHOLD, hi: Number.POSITIVE_INFINITY };
  }
}

const isHidden = (d: Disclosed) => d.kind === "suppressed" || d.kind === "withheld";

/**
 * Disclosure control for a table of counts (rows × columns, all rows the same
 * length) with its row, column and grand totals, computed here from the raw
 * counts. See the top of this file for what is guaranteed.
 */
export function discloseTable(counts: number[][]): DisclosedTable {
  const rows = counts.length;
  const columns = rows ? counts[0].length : 0;
  for (const row of counts) {
    if (row.length !== columns) throw new RangeError("Every row of a table needs the same number of columns");
    for (const n of row) discloseCount(n); // throws on what is not a count
  }
  const grid = new TableGrid(counts);
  applyClassicRule(grid);
  protectExactly(grid);
  // Round 2 may leave a line with one withheld figure and a shown total; the
  // classic rule again fixes that, and withholding more never undoes round 2.
  applyClassicRule(grid);
  return grid.result();
}

/**
 * The table with its margins as one (rows+1) × (columns+1) grid: `value[r][c]`
 * for r < rows, c < columns are the cells, column `columns` holds the row
 * totals, row `rows` the column totals, and [rows][columns] the grand total.
 * Every grid row and grid column is a "line": its first entries add up to its
 * last.
 */
class TableGrid {
  readonly rows: number;
  readonly columns: number;
  readonly value: number[][];
  readonly shown: Disclosed[][];
  readonly lines: Array<{ members: Array<[number, number]>; total: [number, number] }> = [];
  /** Per figure (index r * (columns + 1) + c): whether its true value is below the most its shown figure allows, and above the least. */
  readonly belowHi: Uint8Array;
  readonly aboveLo: Uint8Array;
  /** Scratch space for the searches. */
  readonly seen: Uint8Array;
  readonly queue: Int32Array;

  constructor(counts: number[][]) {
    this.rows = counts.length;
    this.columns = this.rows ? counts[0].length : 0;
    const { rows, columns } = this;
    this.value = Array.from({ length: rows + 1 }, () => new Array<number>(columns + 1).fill(0));
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        const n = counts[r][c];
        this.value[r][c] = n;
        this.value[r][columns] += n;
        this.value[rows][c] += n;
        this.value[rows][columns] += n;
      }
    }
    this.shown = this.value.map((line) => line.map(discloseCount));
    this.belowHi = new Uint8Array((rows + 1) * (columns + 1));
    this.aboveLo = new Uint8Array((rows + 1) * (columns + 1));
    for (let r = 0; r <= rows; r++) for (let c = 0; c <= columns; c++) this.refresh(r, c);
    this.seen = new Uint8Array(rows + columns + 2);
    this.queue = new Int32Array(rows + columns + 2);
    for (let r = 0; r <= rows; r++) {
      this.lines.push({ members: Array.from({ length: columns }, (_, c) => [r, c] as [number, number]), total: [r, columns] });
    }
    for (let c = 0; c <= columns; c++) {
      this.lines.push({ members: Array.from({ length: rows }, (_, r) => [r, c] as [number, number]), total: [rows, c] });
    }
  }

  isTotal(r: number, c: number) {
    return r === this.rows || c === this.columns;
  }

  /** Shows `d` at (r, c) (a withholding, or putting back what was there). */
  show(r: number, c: number, d: Disclosed) {
    this.shown[r][c] = d;
    this.refresh(r, c);
  }

  withhold([r, c]: [number, number]) {
    this.show(r, c, { kind: "withheld" });
  }

  private refresh(r: number, c: number) {
    const { lo, hi } = this.range(r, c);
    const x = this.value[r][c];
    const k = r * (this.columns + 1) + c;
    this.belowHi[k] = x < hi ? 1 : 0;
    this.aboveLo[k] = x > lo ? 1 : 0;
  }

  range(r: number, c: number) {
    return shownRange(this.shown[r][c], this.isTotal(r, c));
  }

  /** The grid lines through a figure: its grid row and its grid column. */
  linesThrough(r: number, c: number) {
    return [this.lines[r], this.lines[this.rows + 1 + c]];
  }

  /** Order for choosing what to withhold: smallest count first, then reading order. */
  compare = (a: [number, number], b: [number, number]) =>
    this.value[a[0]][a[1]] - this.value[b[0]][b[1]] || a[0] - b[0] || a[1] - b[1];

  result(): DisclosedTable {
    const { rows, columns, shown } = this;
    return {
      cells: shown.slice(0, rows).map((line) => line.slice(0, columns)),
      rowTotals: shown.slice(0, rows).map((line) => line[columns]),
      columnTotals: shown[rows].slice(0, columns),
      grandTotal: shown[rows][columns],
    };
  }
}

/** Round 1: no line with exactly one hidden figure and a shown total. */
function applyClassicRule(grid: TableGrid) {
  for (let changed = true; changed; ) {
    changed = false;
    for (const { members, total } of grid.lines) {
      if (isHidden(grid.shown[total[0]][total[1]]) || grid.shown[total[0]][total[1]].kind === "zero") continue;
      if (members.filter(([r, c]) => isHidden(grid.shown[r][c])).length !== 1) continue;
      const others = members.filter(([r, c]) => grid.shown[r][c].kind === "rounded").sort(grid.compare);
      grid.withhold(others[0] ?? total);
      changed = true;
    }
  }
}

/** Round 2: every small figure can take at least two values given everything shown. */
function protectExactly(grid: TableGrid) {
  const { rows, columns } = grid;
  for (let r = 0; r <= rows; r++) {
    for (let c = 0; c <= columns; c++) {
      const n = grid.value[r][c];
      if (n === 0 || n >= SMALL_NUMBER_THRESHOLD) continue;
      // Withholding only widens what a figure allows, so a protected figure
      // stays protected and each figure is settled once.
      while (!canVary(grid, r, c)) {
        const choice = chooseWithholding(grid, r, c);
        if (!choice) throw new Error("discloseTable: a small figure could not be protected (a bug: withholding everything always protects)");
        grid.withhold(choice);
      }
    }
  }
}

/**
 * What to withhold next to protect the small figure at (r, c), in order of
 * preference: shown figures in its row and column, then the totals of those
 * lines, then (rarely, when a line of small numbers pins itself, like seven
 * 1s whose total is "<8") those small totals, then anything shown in the
 * table, then any small total. Within a group the first that protects the
 * figure on its own, else the smallest (the loop comes back for more).
 */
function chooseWithholding(grid: TableGrid, r: number, c: number): [number, number] | undefined {
  const same = (a: [number, number], b: [number, number]) => a[0] === b[0] && a[1] === b[1];
  const lines = grid.linesThrough(r, c);
  const kindAt = ([i, j]: [number, number]) => grid.shown[i][j].kind;
  const unique = (list: Array<[number, number]>) =>
    list.filter((p, i) => list.findIndex((q) => same(p, q)) === i).sort(grid.compare);
  const lineTotals = () => lines.map((l) => l.total).filter((p) => !same(p, [r, c]) || grid.isTotal(r, c));
  const everything = () => {
    const all: Array<[number, number]> = [];
    for (let i = 0; i <= grid.rows; i++) for (let j = 0; j <= grid.columns; j++) all.push([i, j]);
    return all;
  };
  // Made one at a time: most figures are protected from the first group.
  const groups = [
    () => unique(lines.flatMap((l) => l.members.filter((p) => !same(p, [r, c]) && kindAt(p) === "rounded"))),
    () => unique(lineTotals().filter((p) => kindAt(p) === "rounded")),
    () => unique(lineTotals().filter((p) => kindAt(p) === "suppressed")),
    () => unique(everything().filter((p) => kindAt(p) === "rounded")),
    () => unique(everything().filter((p) => grid.isTotal(p[0], p[1]) && kindAt(p) === "suppressed")),
  ];
  let fallback: [number, number] | undefined;
  for (const makeGroup of groups) {
    const group = makeGroup();
    fallback ??= group[0];
    for (const candidate of group) {
      const before = grid.shown[candidate[0]][candidate[1]];
      grid.withhold(candidate);
      const protects = canVary(grid, r, c);
      grid.show(candidate[0], candidate[1], before);
      if (protects) return candidate;
    }
  }
  return fallback;
}

/**
 * Whether the figure at (r, c) could be one more or one less, all else shown
 * staying true. The true table is itself a feasible circulation of the
 * network (every true figure lies in what its shown figure allows), so by the
 * conformal decomposition of circulations a feasible table with this figure
 * one higher exists exactly when the residual network of the true table has
 * a cycle through the figure's arc: a path back from its head to its tail not
 * using that arc. One breadth-first search per direction instead of a
 * maximum flow; `feasible` (the maximum-flow check) is kept as the reference
 * the tests compare this with.
 */
function canVary(grid: TableGrid, r: number, c: number): boolean {
  const k = r * (grid.columns + 1) + c;
  const { rows, columns } = grid;
  const S = 0;
  const T = 1 + rows + columns;
  // The arc of figure (i, j): a cell row -> column, a row total S -> row, a column total column -> T, the grand total T -> S.
  const tail = r < rows ? (c < columns ? 1 + r : S) : c < columns ? 1 + rows + c : T;
  const head = r < rows ? (c < columns ? 1 + rows + c : 1 + r) : c < columns ? T : S;
  return (grid.belowHi[k] === 1 && residualPath(grid, k, head, tail)) || (grid.aboveLo[k] === 1 && residualPath(grid, k, tail, head));
}

/**
 * Is there a path from `from` to `to` in the residual network of the true
 * table, leaving out the arc of figure `skip`? A figure below the most its
 * shown figure allows gives its arc forwards, one above the least gives it
 * backwards. Read straight off the grid: nodes are S (0), the rows, the
 * columns and T.
 */
function residualPath(grid: TableGrid, skip: number, from: number, to: number): boolean {
  const { rows, columns, belowHi: up, aboveLo: down, seen, queue } = grid;
  const width = columns + 1;
  const S = 0;
  const T = 1 + rows + columns;
  const grand = rows * width + columns;
  seen.fill(0);
  seen[from] = 1;
  queue[0] = from;
  let length = 1;
  // Depth first (the queue used as a stack): in a table of small counts a
  // path usually exists a few steps deep, and the search stops as soon as
  // it reaches `to`.
  while (length > 0) {
    if (seen[to]) return true;
    const v = queue[--length];
    if (v === S) {
      for (let i = 0; i < rows; i++) {
        const k = i * width + columns; // row total: S -> row i
        if (k !== skip && up[k]) length = enqueue(seen, queue, length, 1 + i);
      }
      if (grand !== skip && down[grand]) length = enqueue(seen, queue, length, T); // grand total T -> S, backwards
    } else if (v === T) {
      if (grand !== skip && up[grand]) length = enqueue(seen, queue, length, S);
      for (let j = 0; j < columns; j++) {
        const k = rows * width + j; // column total: column j -> T, backwards
        if (k !== skip && down[k]) length = enqueue(seen, queue, length, 1 + rows + j);
      }
    } else if (v <= rows) {
      const i = v - 1;
      const base = i * width;
      for (let j = 0; j < columns; j++) if (base + j !== skip && up[base + j]) length = enqueue(seen, queue, length, 1 + rows + j);
      if (base + columns !== skip && down[base + columns]) length = enqueue(seen, queue, length, S);
    } else {
      const j = v - 1 - rows;
      for (let i = 0; i < rows; i++) {
        const k = i * width + j; // cell: row i -> column j, backwards
        if (k !== skip && down[k]) length = enqueue(seen, queue, length, 1 + i);
      }
      const k = rows * width + j;
      if (k !== skip && up[k]) length = enqueue(seen, queue, length, T);
    }
  }
  return seen[to] === 1;
}

/** Puts node `v` on the stack unless already seen; returns the stack's new length. */
function enqueue(seen: Uint8Array, queue: Int32Array, length: number, v: number): number {
  if (seen[v]) return length;
  seen[v] = 1;
  queue[length] = v;
  return length + 1;
}

/** The maximum-flow answer to `canVary`'s question: the reference its tests compare with. */
export function canVaryByMaxFlow(counts: number[][], shown: Disclosed[][], r: number, c: number): boolean {
  const grid = new TableGrid(counts);
  shown.forEach((line, i) => line.forEach((d, j) => grid.show(i, j, d)));
  const own = grid.range(r, c);
  const n = grid.value[r][c];
  return [n + 1, n - 1].some((t) => t >= own.lo && t <= own.hi && feasible(grid, r, c, t));
}

/** `canVary` on a table and a pattern of shown figures (with margins), for the tests. */
export function canVaryByCycle(counts: number[][], shown: Disclosed[][], r: number, c: number): boolean {
  const grid = new TableGrid(counts);
  shown.forEach((line, i) => line.forEach((d, j) => grid.show(i, j, d)));
  return canVary(grid, r, c);
}

/**
 * Is there a table of non-negative integers with the figure at (r, c) equal
 * to `fixed` and every other figure within what its shown figure allows, all
 * rows and columns adding up? Solved as a circulation with lower bounds on the
 * network S -> row i -> column j -> T -> S, by one maximum flow (Dinic).
 */
function feasible(grid: TableGrid, r: number, c: number, fixed: number): boolean {
  const { rows, columns } = grid;
  const S = 0;
  const row = (i: number) => 1 + i;
  const col = (j: number) => 1 + rows + j;
  const T = 1 + rows + columns;
  const source = T + 1;
  const sink = T + 2;
  const bounds = (i: number, j: number) => (i === r && j === c ? { lo: fixed, hi: fixed } : grid.range(i, j));

  const arcs: Array<[from: number, to: number, lo: number, hi: number]> = [];
  const add = (from: number, to: number, i: number, j: number) => {
    const { lo, hi } = bounds(i, j);
    arcs.push([from, to, lo, hi]);
  };
  for (let i = 0; i < rows; i++) add(S, row(i), i, columns);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) add(row(i), col(j), i, j);
  for (let j = 0; j < columns; j++) add(col(j), T, rows, j);
  add(T, S, rows, columns);

  // No flow in the reduction exceeds the sum of the lower bounds, so that
  // (plus one) stands in for "no upper limit".
  const unlimited = arcs.reduce((sum, a) => sum + a[2], 1);
  const flow = new MaxFlow(sink + 1);
  const excess = new Array<number>(sink + 1).fill(0);
  for (const [from, to, lo, hi] of arcs) {
    if (hi < lo) return false;
    const capacity = (Number.isFinite(hi) ? hi : unlimited + lo) - lo;
    if (capacity > 0) flow.addEdge(from, to, capacity);
    excess[to] += lo;
    excess[from] -= lo;
  }
  let needed = 0;
  for (let v = 0; v < source; v++) {
    if (excess[v] > 0) {
      flow.addEdge(source, v, excess[v]);
      needed += excess[v];
    } else if (excess[v] < 0) flow.addEdge(v, sink, -excess[v]);
  }
  return flow.run(source, sink) === needed;
}

/** Dinic's maximum flow on a small graph. */
class MaxFlow {
  private head: number[];
  private to: number[] = [];
  private cap: number[] = [];
  private next: number[] = [];
  private level: Int32Array;
  private iter: number[];

  constructor(private readonly nodes: number) {
    this.head = new Array<number>(nodes).fill(-1);
    this.level = new Int32Array(nodes);
    this.iter = new Array<number>(nodes).fill(-1);
  }

  addEdge(from: number, to: number, capacity: number) {
    for (const [a, b, c] of [
      [from, to, capacity],
      [to, from, 0],
    ]) {
      this.to.push(b);
      this.cap.push(c);
      this.next.push(this.head[a]);
      this.head[a] = this.to.length - 1;
    }
  }

  run(s: number, t: number): number {
    let total = 0;
    while (this.bfs(s, t)) {
      for (let v = 0; v < this.nodes; v++) this.iter[v] = this.head[v];
      for (let f = this.dfs(s, t, Number.POSITIVE_INFINITY); f > 0; f = this.dfs(s, t, Number.POSITIVE_INFINITY)) total += f;
    }
    return total;
  }

  private bfs(s: number, t: number): boolean {
    this.level.fill(-1);
    this.level[s] = 0;
    const queue = [s];
    for (let k = 0; k < queue.length; k++) {
      const v = queue[k];
      for (let e = this.head[v]; e !== -1; e = this.next[e]) {
        if (this.cap[e] > 0 && this.level[this.to[e]] < 0) {
          this.level[this.to[e]] = this.level[v] + 1;
          queue.push(this.to[e]);
        }
      }
    }
    return this.level[t] >= 0;
  }

  private dfs(v: number, t: number, limit: number): number {
    if (v === t) return limit;
    for (; this.iter[v] !== -1; this.iter[v] = this.next[this.iter[v]]) {
      const e = this.iter[v];
      const w = this.to[e];
      if (this.cap[e] > 0 && this.level[w] === this.level[v] + 1) {
        const pushed = this.dfs(w, t, Math.min(limit, this.cap[e]));
        if (pushed > 0) {
          this.cap[e] -= pushed;
          this.cap[e ^ 1] += pushed;
          return pushed;
        }
      }
    }
    return 0;
  }
}
