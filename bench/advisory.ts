/**
 * The advisory side at national scale (docs/performance.md):
 *
 *   npm run bench:advisory                  # seeds a temporary national database (about 400,000 actions and report-backs) and measures
 *   npm run bench:advisory -- --db data/national.sqlite   # reuse one made by `npm run seed:national`
 *   npm run bench:advisory -- --scale 0.1   # a smaller one
 *
 * Prints, each as p50/p95 over --runs runs:
 * 1. the advisory page's data (what its loader reads: `advisoryOverview`,
 *    `emergentCandidates` and the gap register) computed afresh for the gap
 *    window (6 months) and 12 months, all footprints and one footprint, and
 *    served unchanged; with the first two parts on their own;
 * 2. a full recomputation of recurrence (`currentRecurrence`: the private
 *    evidence of the window and the rule for every theme);
 * 3. the same two figures done naively: GROUP BY over the raw shared items
 *    (their theme ids as JSON) and over the raw private rows;
 * and the tagger's throughput (items per second, one core) on the seeded
 * action and report-back texts. Targets: the page under 100 ms p95,
 * tagging at least 5,000 items a second.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { openDatabase, runMigrations } from "../db/client";
import { rebuildContributors } from "../db/contributors";
import { advisoryOverview, emergentCandidates } from "../app/models/advisory.server";
import { currentRecurrence, gapRegister, monthOf } from "../app/models/gaps.server";
import { windowStart } from "../app/domain/gaps";
import { tagMany } from "../app/domain/themes/tagger";
import { setServices } from "../app/server/context.server";
import { outboxMailer } from "../app/server/email.server";
import { parseEnv } from "../app/server/env.server";
import { seedNational } from "../scripts/seed-national";

const { values: options } = parseArgs({
  options: { db: { type: "string" }, scale: { type: "string", default: "1" }, runs: { type: "string", default: "30" }, seed: { type: "string", default: "1" } },
  strict: true,
});
const runs = Math.max(5, Number(options.runs));

let dir: string | null = null;
let path = options.db;
if (!path) {
  dir = mkdtempSync(join(tmpdir(), "als-advisory-"));
  path = join(dir, "national.sqlite");
  const started = performance.now();
  await seedNational({ path, scale: Number(options.scale), seed: Number(options.seed) });
  console.log(`[bench] seeded ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} else if (!existsSync(path)) {
  throw new Error(`No database at ${path}: run npm run seed:national first`);
}

const env = parseEnv({ ...process.env, DATABASE_PATH: path, SEED_DEMO: "false", LOG_LEVEL: "silent" });
const conn = openDatabase(path);
runMigrations(conn);
setServices({ env, conn, mailer: outboxMailer(join(dir ?? tmpdir(), "outbox")) });
const sqlite = conn.sqlite;

// The shared side's theme rows, as sharing writes them (a seed written straight to the tables may not have them).
sqlite.exec(
  "insert or ignore into shared_item_themes (shared_item_id, theme_id, footprint_id, month) select si.id, j.value, si.footprint_id, si.month from shared_items si, json_each(si.theme_ids) j where j.value in (select id from themes)",
);
// And the private contributor rows (written by migration 0011 or the seed; rewritten here for a database seeded before them).
if (!(sqlite.prepare("select count(*) as n from shared_item_contributors").get() as { n: number }).n) rebuildContributors(sqlite);
const count = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
console.log(
  `[bench] ${count("select count(*) n from footprints")} footprints, ${count("select count(*) n from cohorts")} cohorts, ${count("select count(*) n from actions")} actions, ${count(
    "select count(*) n from action_reports",
  )} report-backs, ${count("select count(*) n from shared_items")} shared items, ${count("select count(*) n from shared_item_themes")} theme rows; ${cpus().length} CPUs, Node ${process.version}`,
);

function time(fn: () => unknown) {
  for (let i = 0; i < 3; i++) fn(); // warm (a running server has compiled these paths long ago)
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)];
  return { p50: q(0.5), p95: q(0.95) };
}

const now = Date.now();
const to = monthOf(now);
const from6 = windowStart(to, 6);
const from12 = windowStart(to, 12);
const from24 = windowStart(to, 24);
const oneFootprint = (sqlite.prepare("select id from footprints order by name limit 1").get() as { id: string }).id;

const naivePage = (from: string) =>
  sqlite
    .prepare(
      "select j.value as theme, si.footprint_id, si.month, count(*) as n from shared_items si, json_each(si.theme_ids) j where si.month between ? and ? group by j.value, si.footprint_id, si.month",
    )
    .all(from, to);
const naiveRecurrence = (from: string) =>
  sqlite
    .prepare(
      `select j.value as theme, count(distinct m.cohort_id) as cohorts, count(distinct c.footprint_id) as footprints, count(distinct a.owner_id) as people, count(*) as items
       from share_proposals p join shared_items si on si.id = p.shared_item_id join meetings m on m.id = p.meeting_id join cohorts c on c.id = m.cohort_id
       join actions a on a.id = p.action_id, json_each(p.theme_ids) j where si.month between ? and ? group by j.value`,
    )
    .all(from, to);

/** Everything the advisory page's loader reads: the protected figures and excerpts, the candidate themes and the register. */
const pageData = (period: { from: string; to: string; footprintId: string | null }, fresh: boolean) => {
  advisoryOverview(period, { fresh });
  emergentCandidates(period, { fresh });
  gapRegister();
};
const rows: Array<[string, { p50: number; p95: number }]> = [
  ["advisory page, 6 months, all footprints (computed afresh)", time(() => pageData({ from: from6, to, footprintId: null }, true))],
  ["advisory page, 12 months, all footprints (computed afresh)", time(() => pageData({ from: from12, to, footprintId: null }, true))],
  ["advisory page, 6 months, all footprints (figures unchanged)", time(() => pageData({ from: from6, to, footprintId: null }, false))],
  ["advisory page, 6 months, one footprint (computed afresh)", time(() => pageData({ from: from6, to, footprintId: oneFootprint }, true))],
  ["  of which: figures and excerpts (6 months, afresh)", time(() => advisoryOverview({ from: from6, to, footprintId: null }, { fresh: true }))],
  ["  of which: candidate themes (6 months, afresh)", time(() => emergentCandidates({ from: from6, to, footprintId: null }, { fresh: true }))],
  ["recurrence, full recomputation (6 months)", time(() => currentRecurrence(now))],
  ["naive GROUP BY over raw shared items (6 months)", time(() => naivePage(from6))],
  ["naive GROUP BY over raw shared items (24 months)", time(() => naivePage(from24))],
  ["naive recurrence GROUP BY over raw private rows (6 months)", time(() => naiveRecurrence(from6))],
];
console.log(`\n${"what".padEnd(60)}  p50 ms   p95 ms`);
for (const [label, t] of rows) console.log(`${label.padEnd(62)} ${t.p50.toFixed(1).padStart(7)} ${t.p95.toFixed(1).padStart(8)}`);

// Tagger throughput on real seeded text.
const texts = (sqlite.prepare("select text from actions limit 20000").all() as Array<{ text: string }>)
  .map((r) => r.text)
  .concat((sqlite.prepare("select obstacles as text from action_reports where obstacles != '' limit 20000").all() as Array<{ text: string }>).map((r) => r.text));
tagMany(texts.slice(0, 200)); // load the model
const started = performance.now();
let tagged = 0;
while (performance.now() - started < 5000) {
  tagMany(texts);
  tagged += texts.length;
}
const perSecond = tagged / ((performance.now() - started) / 1000);
console.log(`\ntagger: ${Math.round(perSecond).toLocaleString("en-GB")} items/s on one core (${texts.length.toLocaleString("en-GB")} seeded texts, repeated for 5 s)`);
console.log(
  JSON.stringify({ runs, timings: Object.fromEntries(rows.map(([k, v]) => [k, { p50: +v.p50.toFixed(2), p95: +v.p95.toFixed(2) }])), taggerItemsPerSecond: Math.round(perSecond) }),
);
conn.sqlite.close();
if (dir) rmSync(dir, { recursive: true, force: true });
