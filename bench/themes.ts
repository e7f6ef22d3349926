/**
 * Theme tagger benchmark (docs/themes.md):
 *
 *   npm run bench:themes                    # quality, throughput, clustering time
 *   npm run bench:themes -- --items 100000  # a bigger throughput run
 *   npm run bench:themes -- --errors        # also list every miss and false alarm
 *
 * 1. Quality on tests/fixtures/themes/corpus.jsonl (the labelled corpus the
 *    rules were tuned on): precision, recall, F1 and support per theme; micro
 *    and macro F1; the same for items that use the codebook's own words and
 *    for those that do not. Then the same summary for holdout.jsonl, written
 *    with the corpus but never used for tuning: the fairer estimate of how the
 *    rules do on new text.
 * 2. Throughput of tagMany() on one core: the corpus repeated to --items
 *    items (default 50,000), after a warm-up; then items five times as long
 *    and one 4,000-character text; the one-off cost of loading the wink model
 *    and compiling the rules, and the memory it holds. JavaScript runs on one
 *    thread; pin it (`taskset -c 0 npm run bench:themes`) to be sure.
 * 3. clusterItems() on 2,000 items (the default maxItems): untagged-looking
 *    texts built from the corpus's no-theme items and random recombinations.
 *
 * Everything runs in this process; nothing is written.
 */
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const FIXTURES = join(ROOT, "tests/fixtures/themes");

const { values: options } = parseArgs({
  options: { items: { type: "string", default: "50000" }, errors: { type: "boolean", default: false } },
  strict: true,
});
const targetItems = Number(options.items);
if (!(targetItems > 0)) throw new Error("--items must be a positive number");

type Item = { id: string; text: string; themes: string[]; kind: string; uses_codebook_words: boolean };
const readJsonLines = <T>(path: string): T[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

const fmt = (n: number) => Math.round(n).toLocaleString("en-GB");
const f3 = (n: number) => (Number.isFinite(n) ? n.toFixed(3) : "  n/a");
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

// Loading the model is part of the first call: time it on its own, with the memory it takes.
const heapBefore = process.memoryUsage();
let started = performance.now();
const { tagMany, tagText, TAGGED_THEME_IDS } = await import("../app/domain/themes/tagger");
const { clusterItems } = await import("../app/domain/themes/emergent");
tagText("warm up");
const loadMs = performance.now() - started;
const heapAfter = process.memoryUsage();

// 1. Quality ----------------------------------------------------------------------

type Counts = { tp: number; fp: number; fn: number };
const prf = ({ tp, fp, fn }: Counts) => {
  const p = tp / (tp + fp);
  const r = tp / (tp + fn);
  return { p, r, f1: tp === 0 ? 0 : (2 * p * r) / (p + r) };
};

function evaluate(items: Item[]) {
  const predicted = tagMany(items.map((i) => i.text)).map((tags) => tags.map((t) => t.themeId));
  const perTheme = new Map(TAGGED_THEME_IDS.map((id) => [id, { tp: 0, fp: 0, fn: 0 }]));
  const errors: string[] = [];
  let exact = 0;
  items.forEach((item, i) => {
    const want = new Set(item.themes);
    const got = new Set(predicted[i]);
    for (const id of got) perTheme.get(id)![want.has(id) ? "tp" : "fp"]++;
    for (const id of want) if (!got.has(id)) perTheme.get(id)!.fn++;
    const missed = [...want].filter((id) => !got.has(id));
    const extra = [...got].filter((id) => !want.has(id));
    if (!missed.length && !extra.length) exact++;
    else errors.push(`${item.id} ${missed.map((m) => `-${m}`).concat(extra.map((e) => `+${e}`)).join(" ")}  ${item.text}`);
  });
  const total = [...perTheme.values()].reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
  const withSupport = [...perTheme.values()].filter((c) => c.tp + c.fn > 0);
  const macroF1 = withSupport.reduce((s, c) => s + prf(c).f1, 0) / withSupport.length;
  return { perTheme, micro: prf(total), total, macroF1, exact, errors };
}

function summary(label: string, items: Item[]) {
  const e = evaluate(items);
  console.log(
    `  ${label.padEnd(30)} ${String(items.length).padStart(5)} items  micro P ${f3(e.micro.p)}  R ${f3(e.micro.r)}  F1 ${f3(e.micro.f1)}   macro F1 ${f3(e.macroF1)}   exactly right ${e.exact}/${items.length}`,
  );
  return e;
}

const corpus = readJsonLines<Item>(join(FIXTURES, "corpus.jsonl"));
const holdout = readJsonLines<Item>(join(FIXTURES, "holdout.jsonl"));

console.log(`Theme tagger benchmark — node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"} (${cpus().length} cores)\n`);
const all = evaluate(corpus);
console.log(`Corpus (tests/fixtures/themes/corpus.jsonl): ${corpus.length} items, ${all.total.tp + all.total.fn} theme labels`);
console.log("  theme                                 P      R      F1   support");
for (const [id, c] of all.perTheme) {
  const { p, r, f1 } = prf(c);
  console.log(`  ${id.padEnd(34)} ${f3(p)}  ${f3(r)}  ${f3(f1)}   ${String(c.tp + c.fn).padStart(5)}`);
}
console.log();
summary("all", corpus);
summary("using codebook words", corpus.filter((i) => i.uses_codebook_words));
summary("not using codebook words", corpus.filter((i) => !i.uses_codebook_words));
console.log(`\nHeld out (tests/fixtures/themes/holdout.jsonl, never tuned on): ${holdout.length} items`);
const held = summary("all", holdout);
summary("using codebook words", holdout.filter((i) => i.uses_codebook_words));
summary("not using codebook words", holdout.filter((i) => !i.uses_codebook_words));
if (options.errors) {
  console.log("\nCorpus items not tagged exactly as labelled (-missed +extra):");
  for (const line of all.errors) console.log(`  ${line}`);
  console.log("\nHeld-out items not tagged exactly as labelled:");
  for (const line of held.errors) console.log(`  ${line}`);
}

// 2. Throughput -----------------------------------------------------------------------

const texts = corpus.map((i) => i.text);
const repeats = Math.ceil(targetItems / texts.length);
const batch = Array.from({ length: repeats }, () => texts).flat();
const chars = batch.reduce((s, t) => s + t.length, 0);
tagMany(texts); // warm-up: the JIT, and the word cache for this vocabulary
started = performance.now();
let tags = 0;
for (const result of tagMany(batch)) tags += result.length;
const seconds = (performance.now() - started) / 1000;
// Longer items (five corpus texts each, ~450 characters), for a sense of how throughput scales with length.
const fives = Array.from({ length: Math.ceil(texts.length / 5) }, (_, i) => texts.slice(i * 5, i * 5 + 5).join(" "));
const longBatch = Array.from({ length: Math.ceil(targetItems / 5 / fives.length) }, () => fives).flat();
const longChars = longBatch.reduce((s, t) => s + t.length, 0);
started = performance.now();
tagMany(longBatch);
const longSeconds = (performance.now() - started) / 1000;
const long = texts.join(" ").repeat(4).slice(0, 4000);
let bestLong = Infinity;
for (let i = 0; i < 50; i++) {
  const t = performance.now();
  tagText(long);
  bestLong = Math.min(bestLong, performance.now() - t);
}
console.log(`\nThroughput of tagMany() on one core (corpus x ${repeats}, average ${Math.round(chars / batch.length)} characters an item):`);
console.log(`  ${fmt(batch.length)} items in ${seconds.toFixed(2)} s: ${fmt(batch.length / seconds)} items/s (${fmt(tags)} tags)`);
console.log(`  ${fmt(longBatch.length)} items of ~${Math.round(longChars / longBatch.length)} characters in ${longSeconds.toFixed(2)} s: ${fmt(longBatch.length / longSeconds)} items/s`);
console.log(`  one 4,000-character text: ${bestLong.toFixed(2)} ms (best of 50)`);
console.log(`  first call (loads wink's model, compiles ${TAGGED_THEME_IDS.length} themes' rules): ${loadMs.toFixed(0)} ms; heap +${mb(heapAfter.heapUsed - heapBefore.heapUsed)}, RSS +${mb(heapAfter.rss - heapBefore.rss)}`);

// 3. Emergent clustering ------------------------------------------------------------------

// Realistic material for clustering is text the tagger left untagged. Build 2,000
// items by recombining clauses of the corpus (deterministic), so there is some
// repetition to find, as in a real period's leftovers.
const clauses = texts.flatMap((t) => t.split(/[;,.] /)).filter((c) => c.length > 20);
let seed = 42;
const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const toCluster = Array.from({ length: 2000 }, (_, i) => ({
  id: `x${i}`,
  text: `${clauses[Math.floor(next() * clauses.length)]}; ${clauses[Math.floor(next() * clauses.length)]}`,
}));
clusterItems(toCluster.slice(0, 200)); // warm-up
let bestCluster = Infinity;
let clusters = 0;
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  clusters = clusterItems(toCluster).length;
  bestCluster = Math.min(bestCluster, performance.now() - t);
}
const noTheme = corpus.filter((i) => i.themes.length === 0);
console.log(`\nEmergent clustering (clusterItems, TF-IDF + cosine + average linkage):`);
console.log(`  2,000 items: ${bestCluster.toFixed(0)} ms (best of 3), ${clusters} clusters of 3 or more`);
const leftovers = clusterItems(noTheme.map((i) => ({ id: i.id, text: i.text })), { minSize: 2 });
console.log(`  the corpus's ${noTheme.length} no-theme items (minSize 2): ${leftovers.map((c) => `[${c.terms.join(", ")}] x${c.itemIds.length}`).join("; ") || "no clusters"}`);

if (all.micro.f1 < 0.8) process.exitCode = 1;
