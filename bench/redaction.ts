/**
 * Redaction benchmark (docs/redaction.md):
 *
 *   npm run bench:redaction                 # corpus figures, throughput, worst cases, the CLI end to end
 *   npm run bench:redaction -- --mb 50      # a bigger throughput run
 *   npm run bench:redaction -- --no-cli     # skip the child-process run
 *
 * 1. Quality on tests/fixtures/redaction/corpus.jsonl: recall by type (an
 *    identifier counts as caught when every occurrence of it is inside a
 *    redacted span), over-redaction (harmless spans any part of which was
 *    redacted), entities found by type; and Presidio's required cases.
 * 2. Throughput of redact() on the corpus repeated to --mb megabytes of text
 *    (UTF-8 bytes of the text fields): once with each line's own names list
 *    (a handful of cohorts, as in a real export), once with a different list
 *    on every line (the name pattern is rebuilt each time).
 * 3. The slowest of a set of hostile 4,000-character inputs (long digit runs,
 *    near-miss emails, repeated names).
 * 4. `node --import tsx cli/als.ts redact` on the same batch as JSON lines,
 *    through real pipes: wall time including start-up.
 *
 * Everything runs in this process except step 4; nothing is written to disk
 * except a temporary input file for step 4, removed at the end.
 */
import { spawn } from "node:child_process";
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { findIdentifiers, redact, type Entity, type EntityType } from "../app/domain/redaction";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const FIXTURES = join(ROOT, "tests/fixtures/redaction");
const TYPES: EntityType[] = ["NAME", "EMAIL", "PHONE", "NHS_NUMBER", "POSTCODE"];

const { values: options } = parseArgs({
  options: { mb: { type: "string", default: "10" }, "no-cli": { type: "boolean", default: false } },
  strict: true,
});
const targetBytes = Number(options.mb) * 1_000_000;
if (!(targetBytes > 0)) throw new Error("--mb must be a positive number");

type CorpusLine = { id: string; text: string; names: string[]; identifiers: Array<{ type: EntityType; value: string }>; harmless: string[] };
type PresidioCase = { id: string; text: string; expect: Array<{ type: EntityType; value: string }>; keep: string[] };

const readJsonLines = <T>(path: string): T[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

const alnum = /[\p{L}\p{N}]/u;
function occurrences(text: string, value: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
    if (alnum.test(value[0]) && alnum.test(text[at - 1] ?? "")) continue;
    if (alnum.test(value[value.length - 1]) && alnum.test(text[at + value.length] ?? "")) continue;
    found.push(at);
  }
  return found;
}
function covered(entities: Entity[], start: number, end: number): boolean {
  let at = start;
  for (const e of entities) if (e.start <= at && e.end > at) at = e.end;
  return at >= end;
}
const touches = (entities: Entity[], start: number, end: number) => entities.some((e) => e.start < end && start < e.end);

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : "n/a");
const fmt = (n: number) => Math.round(n).toLocaleString("en-GB");

// 1. Quality ----------------------------------------------------------------

const corpus = readJsonLines<CorpusLine>(join(FIXTURES, "corpus.jsonl"));
const byType = Object.fromEntries(TYPES.map((t) => [t, { total: 0, caught: 0 }]));
const entityCounts = Object.fromEntries(TYPES.map((t) => [t, 0])) as Record<EntityType, number>;
let harmlessTotal = 0;
let harmlessTouched = 0;
const misses: string[] = [];
const touchedSpans: string[] = [];
for (const line of corpus) {
  const { entities } = redact(line.text, line.names);
  for (const e of entities) entityCounts[e.type]++;
  const identifierSpans: Array<[number, number]> = [];
  for (const { type, value } of line.identifiers) {
    const at = occurrences(line.text, value);
    byType[type].total++;
    if (at.length && at.every((s) => covered(entities, s, s + value.length))) byType[type].caught++;
    else misses.push(`${line.id} ${type} ${JSON.stringify(value)}`);
    for (const s of at) identifierSpans.push([s, s + value.length]);
  }
  for (const span of line.harmless) {
    harmlessTotal++;
    const free = occurrences(line.text, span).filter((s) => !identifierSpans.some(([a, b]) => s < b && a < s + span.length));
    if (free.some((s) => touches(entities, s, s + span.length))) {
      harmlessTouched++;
      touchedSpans.push(`${line.id} ${JSON.stringify(span)}`);
    }
  }
}

const presidio = readJsonLines<PresidioCase>(join(FIXTURES, "presidio.jsonl"));
let presidioPassed = 0;
for (const c of presidio) {
  const { text, entities } = redact(c.text, []);
  const gone = c.expect.every(({ value }) => occurrences(c.text, value).every((s) => covered(entities, s, s + value.length)));
  const kept = c.keep.every((k) => text.includes(k));
  if (gone && kept) presidioPassed++;
}

const identifierTotal = TYPES.reduce((n, t) => n + byType[t].total, 0);
const identifierCaught = TYPES.reduce((n, t) => n + byType[t].caught, 0);
console.log(`Redaction benchmark — node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"} (${cpus().length} cores)\n`);
console.log(`Corpus: ${corpus.length} lines, ${identifierTotal} identifiers, ${harmlessTotal} harmless spans`);
console.log("  type         identifiers  caught  recall   entities found");
for (const t of TYPES) {
  console.log(`  ${t.padEnd(12)} ${String(byType[t].total).padStart(11)}  ${String(byType[t].caught).padStart(6)}  ${pct(byType[t].caught, byType[t].total).padStart(6)}   ${String(entityCounts[t]).padStart(14)}`);
}
console.log(`  ${"all".padEnd(12)} ${String(identifierTotal).padStart(11)}  ${String(identifierCaught).padStart(6)}  ${pct(identifierCaught, identifierTotal).padStart(6)}`);
console.log(`  over-redaction: ${harmlessTouched} of ${harmlessTotal} harmless spans touched (${pct(harmlessTouched, harmlessTotal)})`);
for (const m of misses) console.log(`  MISSED ${m}`);
for (const t of touchedSpans) console.log(`  touched ${t}`);
console.log(`Presidio required cases: ${presidioPassed} of ${presidio.length} pass\n`);

// 2. Throughput ---------------------------------------------------------------

const corpusBytes = corpus.reduce((n, l) => n + Buffer.byteLength(l.text), 0);
const repeats = Math.max(1, Math.ceil(targetBytes / corpusBytes));
const batch = Array.from({ length: repeats }, () => corpus).flat();
const batchBytes = corpusBytes * repeats;

function time(label: string, namesFor: (line: CorpusLine, i: number) => readonly string[]) {
  // One warm-up pass over the corpus, then the measured pass.
  for (const line of corpus) findIdentifiers(line.text, line.names);
  let entities = 0;
  const started = performance.now();
  for (let i = 0; i < batch.length; i++) entities += redact(batch[i].text, namesFor(batch[i], i)).entities.length;
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `  ${label.padEnd(34)} ${fmt(batch.length).padStart(9)} lines  ${(batchBytes / 1e6).toFixed(1).padStart(5)} MB  ${seconds.toFixed(2).padStart(6)} s  ${fmt(batch.length / seconds).padStart(9)} lines/s  ${(batchBytes / 1e6 / seconds).toFixed(2).padStart(6)} MB/s  (${fmt(entities)} entities)`,
  );
}
console.log(`Throughput of redact() (corpus x ${repeats}; average line ${Math.round(corpusBytes / corpus.length)} bytes):`);
time("names list per cohort (cached)", (line) => line.names);
time("a different names list every line", (line, i) => [...line.names, `Person${i} Surname${i}`]);

// 3. Worst cases ------------------------------------------------------------------

const hostile: Array<[string, string]> = [
  ["4,000 chars of '1 '", "1 ".repeat(2000)],
  ["4,000 zeros", "0".repeat(4000)],
  ["3,999 letters then @", "a".repeat(3999) + "@"],
  ["'a.' x 2,000 then @x", "a.".repeat(2000) + "@x"],
  ["a@ then 'b-' x 1,999", "a@" + "b-".repeat(1999)],
  ["'(0' x 2,000", "(0".repeat(2000)],
  ["'07700 ' x 666", "07700 ".repeat(666)],
  ["'M1 ' x 1,333", "M1 ".repeat(1333)],
  ["'Priya ' x 666, 6 names listed", "Priya ".repeat(666)],
  ["realistic 4,000-char note", corpus.map((l) => l.text).join(" ").slice(0, 4000)],
];
const names = ["Priya Shah", "Seán O'Connor-Byrne", "Zoë Ng", "Will Hope", "Dr Anne-Marie van der Berg", "Aoife Ní Bhriain"];
console.log("\nHostile 4,000-character inputs (best of 20 runs):");
for (const [label, text] of hostile) {
  let best = Infinity;
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    findIdentifiers(text, names);
    best = Math.min(best, performance.now() - started);
  }
  console.log(`  ${label.padEnd(34)} ${best.toFixed(2).padStart(7)} ms`);
}

// 4. The command line, end to end ------------------------------------------------------

if (!options["no-cli"]) {
  const dir = mkdtempSync(join(tmpdir(), "redaction-bench-"));
  try {
    const file = join(dir, "notes.jsonl");
    writeFileSync(file, batch.map((l, i) => JSON.stringify({ id: i, text: l.text, names: l.names })).join("\n") + "\n");
    const started = performance.now();
    const { code, lines, bytes } = await new Promise<{ code: number | null; lines: number; bytes: number }>((done, fail) => {
      const child = spawn(process.execPath, ["--import", "tsx", "cli/als.ts", "redact"], { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] });
      let count = 0;
      let size = 0;
      child.stdout.on("data", (chunk: Buffer) => {
        size += chunk.length;
        for (const byte of chunk) if (byte === 10) count++;
      });
      child.on("error", fail);
      child.on("close", (exit) => done({ code: exit, lines: count, bytes: size }));
      createReadStream(file).pipe(child.stdin);
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`\nCLI (node --import tsx cli/als.ts redact, ${(batchBytes / 1e6).toFixed(1)} MB of text as JSON lines, start-up included):`);
    console.log(`  exit ${code}, ${fmt(lines)} lines out (${(bytes / 1e6).toFixed(1)} MB), ${seconds.toFixed(2)} s, ${fmt(lines / seconds)} lines/s, ${(batchBytes / 1e6 / seconds).toFixed(2)} MB/s of text`);
    if (code !== 0 || lines !== batch.length) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (misses.length || presidioPassed !== presidio.length) process.exitCode = 1;
