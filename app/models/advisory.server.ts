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
import { changeCounters, footprints, sharedItemContributors, sharedItemThemes, sharedItems, themes } from "~db/schema";
import { discloseTable, formatDisclosed, SMALL_NUMBER_THRESHOLD, showCount, type Disclosed } from "~/domain/disclosure";
import { clusterItems } from "~/domain/themes/emergent";
import { db } from "~/server/context.server";

export type Period = { from: string; to: string; footprintId: string | null };

const EXCERPTS_PER_THEME = 5;

/** The private contributor rows of a scope (one per shared item, or one per item carrying `themeId`). */
function contributorScope(period: Period, themeId: string) {
  return and(
    eq(sharedItemContributors.themeId, themeId),
    sql`${sharedItemContributors.month} between ${period.from} and ${period.to}`,
    period.footprintId ? eq(sharedItemContributors.footprintId, period.footprintId) : undefined,
  );
}

/** Distinct people behind the shared items of a scope, counted privately; only the number is returned. */
function contributors(period: Period, themeId: string = EVERY_THEME): number {
  const row = db()
    .select({ n: sql<number>`count(distinct ${sharedItemContributors.ownerId})` })
    .from(sharedItemContributors)
    .where(contributorScope(period, themeId))
    .get();
  return row?.n ?? 0;
}

/** Whether a scope has enough contributors for anything about it to be shown (only the yes or no leaves). */
export function enoughContributors(period: Period): boolean {
  return contributors(period) >= SMALL_NUMBER_THRESHOLD;
}

/**
 * The themes whose shared items in a scope come from at least the threshold
 * of people. Only the yes or no is needed, so each theme's count stops at the
 * threshold (one short index range per theme).
 */
function themesWithEnoughContributors(period: Period, themeIds: string[]): Set<string> {
  const enough = new Set<string>();
  for (const themeId of themeIds) {
    const firstFew = db()
      .selectDistinct({ ownerId: sharedItemContributors.ownerId })
      .from(sharedItemContributors)
      .where(contributorScope(period, themeId))
      .limit(SMALL_NUMBER_THRESHOLD)
      .all();
    if (firstFew.length >= SMALL_NUMBER_THRESHOLD) enough.add(themeId);
  }
  return enough;
}

/** Distinct people behind some shared items, counted privately; only the number is returned. */
function peopleBehind(sharedItemIds: string[]): number {
  if (!sharedItemIds.length) return 0;
  const row = db()
    .select({ n: sql<number>`count(distinct ${sharedItemContributors.ownerId})` })
    .from(sharedItemContributors)
    .where(and(eq(sharedItemContributors.themeId, EVERY_THEME), inArray(sharedItemContributors.sharedItemId, sharedItemIds)))
    .get();
  return row?.n ?? 0;
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
  const rows = db()
    .select({ themeId: sharedItemThemes.themeId, footprintId: sharedItemThemes.footprintId, month: sharedItemThemes.month, n: sql<number>`count(*)` })
    .from(sharedItemThemes)
    .where(and(sql`${sharedItemThemes.month} between ${period.from} and ${period.to}`, period.footprintId ? eq(sharedItemThemes.footprintId, period.footprintId) : undefined))
    .groupBy(sharedItemThemes.themeId, sharedItemThemes.footprintId, sharedItemThemes.month)
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

/**
 * The figures change only when items are shared, withdrawn or re-themed, or
 * the people behind them are erased, so the disclosed tables are kept per
 * period until those rows change.
 */
const overviewCache = new Map<string, { version: string; value: ReturnType<typeof computeOverview> }>();

/** Goes up with every change to shared items, their themes, the codebook or the people behind them (kept by triggers, migration 0011). */
function sharedVersion(): string {
  const row = db().select({ value: changeCounters.value }).from(changeCounters).where(eq(changeCounters.name, "advisory")).get();
  return String(row?.value ?? 0);
}

export function advisoryOverview(period: Period, options: { fresh?: boolean } = {}) {
  const key = `${period.from}|${period.to}|${period.footprintId ?? ""}`;
  const version = sharedVersion();
  const cached = overviewCache.get(key);
  if (cached && cached.version === version && !options.fresh) return cached.value;
  const value = computeOverview(period);
  if (overviewCache.size >= 200) overviewCache.clear();
  overviewCache.set(key, { version, value });
  return value;
}

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
  const withExcerpts = themesWithEnoughContributors(period, [...tables.keys()]);
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
 * Candidate new themes: shared items in the period that carry no theme,
 * clustered; a cluster is shown only when it holds at least 8 items, with its
 * count through the disclosure rule.
 */
export function emergentCandidates(period: Period) {
  const items = db()
    .select({ id: sharedItems.id, text: sharedItems.text })
    .from(sharedItems)
    .where(
      and(
        sql`${sharedItems.month} between ${period.from} and ${period.to}`,
        eq(sharedItems.themeIds, "[]"),
        period.footprintId ? eq(sharedItems.footprintId, period.footprintId) : undefined,
      ),
    )
    .orderBy(desc(sharedItems.month))
    .limit(2000)
    .all();
  if (contributors(period) < SMALL_NUMBER_THRESHOLD) return [];
  return clusterItems(items, { minSize: SMALL_NUMBER_THRESHOLD })
    .filter((c) => c.itemIds.length >= SMALL_NUMBER_THRESHOLD && peopleBehind(c.itemIds) >= SMALL_NUMBER_THRESHOLD)
    .map((c) => ({ terms: c.terms, count: showCount(c.itemIds.length) }));
}

/** Aggregated, disclosure-controlled figures as rows: month, theme, footprint, count (the cells of each theme's protected table). */
export function aggregatedRows(period: Period) {
  const overview = advisoryOverview(period);
  return overview.enoughData ? overview.figures : null;
}
