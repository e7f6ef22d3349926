/**
 * What the advisory group sees: counts of themes in shared items by footprint
 * and month, the approved de-identified excerpts of themes with enough
 * contributors, and candidate new themes. Everything is read from the shared
 * side (`shared_items`, `shared_item_themes`), except the number of distinct
 * contributors, which only the private side knows: it is counted there and
 * only compared with the threshold. Every count leaves through the
 * disclosure rule; nothing here returns a person, a set or a meeting.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { EVERY_THEME } from "~db/contributors";
import { changeCounters, footprints, sharedItemContributors, sharedThemeCounts, sharedItemThemes, sharedItems, themes } from "~db/schema";
import { discloseTable, formatDisclosed, SMALL_NUMBER_THRESHOLD, showCount, type Disclosed } from "~/domain/disclosure";
import { clusterItems } from "~/domain/themes/emergent";
import { db } from "~/server/context.server";

export type Period = { from: string; to: string; footprintId: string | null };

const EXCERPTS_PER_THEME = 5;
/** How many of the latest items that matched no theme are clustered into candidate themes (the clustering grows with its square: 1,000 take about 20 ms, 2,000 over 100; docs/performance.md). */
const CANDIDATE_ITEMS = 1000;

/** The private contributor rows of a scope (one per shared item, or one per item carrying `themeId`). */
function contributorScope(period: Period, themeId: string) {
  return and(
    eq(sharedItemContributors.themeId, themeId),
    sql`${sharedItemContributors.month} between ${period.from} and ${period.to}`,
    period.footprintId ? eq(sharedItemContributors.footprintId, period.footprintId) : undefined,
  );
}

/** Distinct people behind the shared items of a scope, counted privately; only the number is returned. */
function contributors(period: Period): number {
  const row = db()
    .select({ n: sql<number>`count(distinct ${sharedItemContributors.ownerId})` })
    .from(sharedItemContributors)
    .where(contributorScope(period, EVERY_THEME))
    .get();
  return row?.n ?? 0;
}

/**
 * Whether the shared items of a scope (or those carrying `themeId`) come from
 * at least the threshold of people: only the yes or no leaves, so the count
 * stops at the threshold (one short index range).
 */
function enoughContributorsFor(period: Period, themeId: string): boolean {
  const firstFew = db()
    .selectDistinct({ ownerId: sharedItemContributors.ownerId })
    .from(sharedItemContributors)
    .where(contributorScope(period, themeId))
    .limit(SMALL_NUMBER_THRESHOLD)
    .all();
  return firstFew.length >= SMALL_NUMBER_THRESHOLD;
}

/** Whether a scope has enough contributors for anything about it to be shown. */
export function enoughContributors(period: Period): boolean {
  return enoughContributorsFor(period, EVERY_THEME);
}

/** Whether some shared items come from at least the threshold of people (counted privately, stopping there). */
function enoughPeopleBehind(sharedItemIds: string[]): boolean {
  if (sharedItemIds.length < SMALL_NUMBER_THRESHOLD) return false;
  const firstFew = db()
    .selectDistinct({ ownerId: sharedItemContributors.ownerId })
    .from(sharedItemContributors)
    .where(and(eq(sharedItemContributors.themeId, EVERY_THEME), inArray(sharedItemContributors.sharedItemId, sharedItemIds)))
    .limit(SMALL_NUMBER_THRESHOLD)
    .all();
  return firstFew.length >= SMALL_NUMBER_THRESHOLD;
}

/**
 * A theme's latest approved excerpts in a scope, newest month first (and,
 * within a month, the latest shared first); the same words shared from
 * several sets are shown once. Read through the theme's index a page at a
 * time, so a theme with thousands of items costs a handful of rows.
 */
function latestExcerpts(period: Period, themeId: string) {
  const list: Array<{ text: string; kind: string; month: string }> = [];
  const page = EXCERPTS_PER_THEME * 4;
  for (let offset = 0; list.length < EXCERPTS_PER_THEME; offset += page) {
    const rows = db()
      .select({ text: sharedItems.text, kind: sharedItems.kind, month: sharedItemThemes.month })
      .from(sharedItemThemes)
      .innerJoin(sharedItems, eq(sharedItems.id, sharedItemThemes.sharedItemId))
      .where(
        and(
          eq(sharedItemThemes.themeId, themeId),
          sql`${sharedItemThemes.month} between ${period.from} and ${period.to}`,
          period.footprintId ? eq(sharedItemThemes.footprintId, period.footprintId) : undefined,
        ),
      )
      .orderBy(desc(sharedItemThemes.month), desc(sql`${sharedItemThemes}.rowid`))
      .limit(page)
      .offset(offset)
      .all();
    for (const e of rows) if (list.length < EXCERPTS_PER_THEME && !list.some((x) => x.text === e.text)) list.push(e);
    if (rows.length < page) break;
  }
  return list;
}

/**
 * Each theme's counts as one footprint × month table through `discloseTable`:
 * its cells are the CSV's figures, its row totals the heatmap's cells, its
 * column totals the trend, its grand total the theme's total. One table per
 * theme means every figure shown of a theme anywhere comes from the same
 * protected table, so no sum across the page gives a small number away.
 */
function themeTables(period: Period, shownFootprints: Array<{ id: string }>, monthList: string[]) {
  // Counted as items are shared and withdrawn (triggers, migration 0012), so this reads the counts instead of counting.
  const rows = db()
    .select({ themeId: sharedThemeCounts.themeId, footprintId: sharedThemeCounts.footprintId, month: sharedThemeCounts.month, n: sharedThemeCounts.items })
    .from(sharedThemeCounts)
    .where(and(sql`${sharedThemeCounts.month} between ${period.from} and ${period.to}`, period.footprintId ? eq(sharedThemeCounts.footprintId, period.footprintId) : undefined))
    .all();
  const fIndex = new Map(shownFootprints.map((f, i) => [f.id, i]));
  const mIndex = new Map(monthList.map((m, i) => [m, i]));
  const counts = new Map<string, number[][]>();
  for (const r of rows) {
    const f = fIndex.get(r.footprintId);
    const m = mIndex.get(r.month);
    if (f === undefined || m === undefined) continue;
    let table = counts.get(r.themeId);
    if (!table) counts.set(r.themeId, (table = shownFootprints.map(() => monthList.map(() => 0))));
    table[f][m] += r.n;
  }
  return new Map([...counts.entries()].map(([themeId, table]) => [themeId, discloseTable(table)]));
}

/** Goes up with every change to shared items, their themes, the codebook or the people behind them (kept by triggers, migration 0011). */
function sharedVersion(): string {
  const row = db().select({ value: changeCounters.value }).from(changeCounters).where(eq(changeCounters.name, "advisory")).get();
  return String(row?.value ?? 0);
}

/**
 * What the advisory pages show changes only when items are shared,
 * withdrawn or re-themed, the codebook is edited, or the people behind items
 * are erased; so each result is kept per period until then. `fresh` computes
 * it again regardless (for the benchmark).
 */
function keptUntilChanged<T>(compute: (period: Period) => T) {
  const kept = new Map<string, { version: string; value: T }>();
  return (period: Period, options: { fresh?: boolean } = {}): T => {
    const key = `${period.from}|${period.to}|${period.footprintId ?? ""}`;
    const version = sharedVersion();
    const cached = kept.get(key);
    if (cached && cached.version === version && !options.fresh) return cached.value;
    const value = compute(period);
    if (kept.size >= 200) kept.clear();
    kept.set(key, { version, value });
    return value;
  };
}

export const advisoryOverview = keptUntilChanged(computeOverview);

function computeOverview(period: Period) {
  const allThemes = db().select({ id: themes.id, name: themes.name, area: themes.area, retiredAt: themes.retiredAt }).from(themes).orderBy(asc(themes.createdAt), asc(themes.id)).all();
  const allFootprints = db().select({ id: footprints.id, name: footprints.name }).from(footprints).orderBy(asc(footprints.name)).all();
  const people = contributors(period);
  if (people < SMALL_NUMBER_THRESHOLD) {
    return { enoughData: false as const, themes: allThemes, footprints: allFootprints };
  }
  const shownFootprints = period.footprintId ? allFootprints.filter((f) => f.id === period.footprintId) : allFootprints;
  const monthList = monthsBetween(period.from, period.to);
  const tables = themeTables(period, shownFootprints, monthList);
  const withExcerpts = new Set([...tables.keys()].filter((themeId) => enoughContributorsFor(period, themeId)));
  const zeroRow = (n: number) => Array.from({ length: n }, () => "0");
  const heat = allThemes
    .filter((t) => !t.retiredAt || tables.has(t.id))
    .map((t) => {
      const table = tables.get(t.id);
      return {
        themeId: t.id,
        name: t.name,
        cells: table ? table.rowTotals.map(formatDisclosed) : zeroRow(shownFootprints.length),
        // For shading only: the band of the disclosed figure, never the raw count.
        bands: table ? table.rowTotals.map(band) : shownFootprints.map(() => 0 as const),
        trend: table ? table.columnTotals.map(formatDisclosed) : zeroRow(monthList.length),
        trendBands: table ? table.columnTotals.map(band) : monthList.map(() => 0 as const),
        total: table ? formatDisclosed(table.grandTotal) : "0",
        // Excerpts only for themes whose shared items come from enough people.
        excerptsAllowed: withExcerpts.has(t.id),
      };
    });
  const excerptsByTheme = new Map(heat.filter((h) => h.excerptsAllowed).map((h) => [h.themeId, latestExcerpts(period, h.themeId)]));
  // The CSV's rows: every non-zero cell of each theme's protected table, by
  // month, then theme id, then footprint (in the page's footprint order).
  const figures: Array<{ month: string; themeId: string; theme: string; footprint: string; count: string }> = [];
  const themeName = new Map(allThemes.map((t) => [t.id, t.name]));
  const byId = [...tables.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  monthList.forEach((month, m) => {
    for (const [themeId, { cells }] of byId) {
      shownFootprints.forEach((f, i) => {
        const cell = cells[i][m];
        if (cell.kind !== "zero") figures.push({ month, themeId, theme: themeName.get(themeId) ?? themeId, footprint: f.name, count: formatDisclosed(cell) });
      });
    }
  });
  return {
    enoughData: true as const,
    themes: allThemes,
    footprints: allFootprints,
    columns: shownFootprints,
    months: monthList,
    heat,
    excerpts: Object.fromEntries(excerptsByTheme),
    contributors: showCount(people),
    figures,
  };
}

/** Shading for a cell, from the disclosed figure only: 0, <8, 8-24 or withheld (at least 8), 25-74, 75+. */
function band(d: Disclosed): 0 | 1 | 2 | 3 | 4 {
  if (d.kind === "zero") return 0;
  if (d.kind === "suppressed") return 1;
  if (d.kind === "withheld") return 2;
  return d.value < 25 ? 2 : d.value < 75 ? 3 : 4;
}

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split("-").map(Number);
  const [ty, tm] = to.split("-").map(Number);
  while ((y < ty || (y === ty && m <= tm)) && out.length < 120) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/**
 * Candidate new themes: the latest shared items in the period that carry no
 * theme (up to 1,000), clustered; a cluster is shown only when it holds at
 * least 8 items from at least 8 people, with its count through the
 * disclosure rule.
 */
export const emergentCandidates = keptUntilChanged(computeCandidates);

function computeCandidates(period: Period) {
  if (!enoughContributors(period)) return [];
  const items = db()
    .select({ id: sharedItems.id, text: sharedItems.text })
    .from(sharedItems)
    .where(
      and(
        eq(sharedItems.themeIds, "[]"),
        sql`${sharedItems.month} between ${period.from} and ${period.to}`,
        period.footprintId ? eq(sharedItems.footprintId, period.footprintId) : undefined,
      ),
    )
    .orderBy(desc(sharedItems.month))
    .limit(CANDIDATE_ITEMS)
    .all();
  return clusterItems(items, { minSize: SMALL_NUMBER_THRESHOLD, maxItems: CANDIDATE_ITEMS })
    .filter((c) => c.itemIds.length >= SMALL_NUMBER_THRESHOLD && enoughPeopleBehind(c.itemIds))
    .map((c) => ({ terms: c.terms, count: showCount(c.itemIds.length) }));
}

/** Aggregated, disclosure-controlled figures as rows: month, theme, footprint, count (the cells of each theme's protected table). */
export function aggregatedRows(period: Period) {
  const overview = advisoryOverview(period);
  return overview.enoughData ? overview.figures : null;
}
