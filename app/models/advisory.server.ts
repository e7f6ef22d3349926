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
import { actions, footprints, shareProposals, sharedItemThemes, sharedItems, themes } from "~db/schema";
import { discloseTable, formatDisclosed, SMALL_NUMBER_THRESHOLD, showCount, type Disclosed } from "~/domain/disclosure";
import { clusterItems } from "~/domain/themes/emergent";
import { db } from "~/server/context.server";

export type Period = { from: string; to: string; footprintId: string | null };

const EXCERPTS_PER_THEME = 5;

/** Distinct people behind the shared items of a scope, counted privately; only the number is returned. */
function contributors(period: Period, themeId?: string): number {
  const row = db()
    .select({ n: sql<number>`count(distinct ${actions.ownerId})` })
    .from(shareProposals)
    .innerJoin(sharedItems, eq(sharedItems.id, shareProposals.sharedItemId))
    .innerJoin(actions, eq(actions.id, shareProposals.actionId))
    .where(
      and(
        sql`${sharedItems.month} between ${period.from} and ${period.to}`,
        period.footprintId ? eq(sharedItems.footprintId, period.footprintId) : undefined,
        themeId ? sql`exists (select 1 from ${sharedItemThemes} t where t.shared_item_id = ${sharedItems.id} and t.theme_id = ${themeId})` : undefined,
      ),
    )
    .get();
  return row?.n ?? 0;
}

/** Whether a scope has enough contributors for anything about it to be shown (only the yes or no leaves). */
export function enoughContributors(period: Period): boolean {
  return contributors(period) >= SMALL_NUMBER_THRESHOLD;
}

/** Contributors per theme in a scope, in one private query. */
function contributorsByTheme(period: Period): Map<string, number> {
  const rows = db()
    .select({ themeId: sharedItemThemes.themeId, n: sql<number>`count(distinct ${actions.ownerId})` })
    .from(sharedItemThemes)
    .innerJoin(shareProposals, eq(shareProposals.sharedItemId, sharedItemThemes.sharedItemId))
    .innerJoin(actions, eq(actions.id, shareProposals.actionId))
    .where(and(sql`${sharedItemThemes.month} between ${period.from} and ${period.to}`, period.footprintId ? eq(sharedItemThemes.footprintId, period.footprintId) : undefined))
    .groupBy(sharedItemThemes.themeId)
    .all();
  return new Map(rows.map((r) => [r.themeId, r.n]));
}

/** Distinct people behind some shared items, counted privately; only the number is returned. */
function peopleBehind(sharedItemIds: string[]): number {
  if (!sharedItemIds.length) return 0;
  const row = db()
    .select({ n: sql<number>`count(distinct ${actions.ownerId})` })
    .from(shareProposals)
    .innerJoin(actions, eq(actions.id, shareProposals.actionId))
    .where(inArray(shareProposals.sharedItemId, sharedItemIds))
    .get();
  return row?.n ?? 0;
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
 * The figures change only when items are shared, withdrawn or re-themed, so
 * the disclosed tables are kept per period until the shared rows change.
 */
const overviewCache = new Map<string, { version: string; value: ReturnType<typeof computeOverview> }>();

function sharedVersion(): string {
  const row = db().select({ n: sql<number>`count(*)`, last: sql<number>`max(rowid)` }).from(sharedItemThemes).get();
  const themesRow = db().select({ changed: sql<number>`coalesce(max(${themes.updatedAt}), 0) + count(*)` }).from(themes).get();
  return `${row?.n ?? 0}:${row?.last ?? 0}:${themesRow?.changed ?? 0}`;
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
  const byTheme = contributorsByTheme(period);
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
        excerptsAllowed: (byTheme.get(t.id) ?? 0) >= SMALL_NUMBER_THRESHOLD,
      };
    });
  const scope = and(
    sql`${sharedItemThemes.month} between ${period.from} and ${period.to}`,
    period.footprintId ? eq(sharedItemThemes.footprintId, period.footprintId) : undefined,
  );
  const allowed = heat.filter((h) => h.excerptsAllowed).map((h) => h.themeId);
  const excerpts = allowed.length
    ? db()
        .select({ themeId: sharedItemThemes.themeId, text: sharedItems.text, kind: sharedItems.kind, month: sharedItems.month })
        .from(sharedItemThemes)
        .innerJoin(sharedItems, eq(sharedItems.id, sharedItemThemes.sharedItemId))
        .where(and(scope, inArray(sharedItemThemes.themeId, allowed)))
        .orderBy(desc(sharedItemThemes.month), asc(sharedItems.text))
        .all()
    : [];
  const excerptsByTheme = new Map<string, Array<{ text: string; kind: string; month: string }>>();
  for (const e of excerpts) {
    const list = excerptsByTheme.get(e.themeId) ?? [];
    // The same words shared from several sets are shown once.
    if (list.length < EXCERPTS_PER_THEME && !list.some((x) => x.text === e.text)) list.push({ text: e.text, kind: e.kind, month: e.month });
    excerptsByTheme.set(e.themeId, list);
  }
  // The CSV's rows: every non-zero cell of each theme's protected table.
  const figures: Array<{ month: string; themeId: string; theme: string; footprint: string; count: string }> = [];
  for (const t of allThemes) {
    const table = tables.get(t.id);
    if (!table) continue;
    table.cells.forEach((row, f) =>
      row.forEach((cell, m) => {
        if (cell.kind !== "zero") figures.push({ month: monthList[m], themeId: t.id, theme: t.name, footprint: shownFootprints[f].name, count: formatDisclosed(cell) });
      }),
    );
  }
  figures.sort((a, b) => a.month.localeCompare(b.month) || a.themeId.localeCompare(b.themeId) || a.footprint.localeCompare(b.footprint));
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
