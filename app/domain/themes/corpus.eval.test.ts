/**
 * The tagger measured against our labelled corpus of clinical leads' actions,
 * report-backs and barriers (tests/fixtures/themes/README.md). The same
 * figures, with throughput and the held-out set, come from
 * `npm run bench:themes`. A drop below these floors means a rule change made
 * the tagger worse: read the misses that `npm run bench:themes -- --errors`
 * prints, do not relabel the corpus to fit.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { STARTING_CODEBOOK } from "~db/codebook";
import { tagMany } from "./tagger";

const FIXTURES = resolve(__dirname, "../../../tests/fixtures/themes");
const THEME_IDS = STARTING_CODEBOOK.map((t) => t.id);

type Item = { id: string; text: string; themes: string[]; kind: "action" | "report_back" | "barrier"; uses_codebook_words: boolean };

function readJsonLines(path: string): Item[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Item);
}

type Counts = { tp: number; fp: number; fn: number };
function score(items: Item[]) {
  const predicted = tagMany(items.map((i) => i.text));
  const perTheme = new Map<string, Counts>(THEME_IDS.map((id) => [id, { tp: 0, fp: 0, fn: 0 }]));
  items.forEach((item, i) => {
    const want = new Set(item.themes);
    const got = new Set(predicted[i].map((t) => t.themeId));
    for (const id of got) perTheme.get(id)![want.has(id) ? "tp" : "fp"]++;
    for (const id of want) if (!got.has(id)) perTheme.get(id)!.fn++;
  });
  const total = [...perTheme.values()].reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
  const f1 = ({ tp, fp, fn }: Counts) => (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));
  const recall = ({ tp, fn }: Counts) => (tp + fn === 0 ? NaN : tp / (tp + fn));
  return { perTheme, microF1: f1(total), f1, recall };
}

const corpus = readJsonLines(resolve(FIXTURES, "corpus.jsonl"));
const holdout = readJsonLines(resolve(FIXTURES, "holdout.jsonl"));

describe("the labelled corpus", () => {
  it.each([
    ["corpus.jsonl", corpus],
    ["holdout.jsonl", holdout],
  ])("%s is well formed: unique ids, known themes and kinds", (_name, items) => {
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    for (const item of items) {
      expect(Object.keys(item).sort(), item.id).toEqual(["id", "kind", "text", "themes", "uses_codebook_words"]);
      expect(item.text.trim().length, item.id).toBeGreaterThan(0);
      expect(["action", "report_back", "barrier"], item.id).toContain(item.kind);
      expect(typeof item.uses_codebook_words, item.id).toBe("boolean");
      expect(new Set(item.themes).size, item.id).toBe(item.themes.length);
      for (const id of item.themes) expect(THEME_IDS, item.id).toContain(id);
    }
    // Held-out items are new texts, not copies of tuned ones.
    if (items === holdout) for (const item of holdout) expect(corpus.map((c) => c.text)).not.toContain(item.text);
  });

  it("is big and varied enough to mean something", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    // At least half say it in their own words, not the codebook's.
    expect(corpus.filter((i) => !i.uses_codebook_words).length * 2).toBeGreaterThanOrEqual(corpus.length);
    for (const kind of ["action", "report_back", "barrier"]) expect(corpus.filter((i) => i.kind === kind).length, kind).toBeGreaterThanOrEqual(50);
    expect(corpus.filter((i) => i.themes.length === 0).length).toBeGreaterThanOrEqual(10);
    expect(corpus.filter((i) => i.themes.length >= 2).length).toBeGreaterThanOrEqual(30);
    expect(corpus.some((i) => i.themes.length === 3)).toBe(true);
    for (const id of THEME_IDS) expect(corpus.filter((i) => i.themes.includes(id)).length, id).toBeGreaterThanOrEqual(6);
  });
});

describe("the tagger on the corpus", () => {
  const result = score(corpus);

  it("reaches micro-F1 0.8 or better", () => {
    expect(result.microF1).toBeGreaterThanOrEqual(0.8);
  });

  it("reaches micro-F1 0.8 or better on the items that do not use the codebook's words", () => {
    expect(score(corpus.filter((i) => !i.uses_codebook_words)).microF1).toBeGreaterThanOrEqual(0.8);
  });

  it("finds every theme at least sometimes (no theme with recall 0) and none falls below F1 0.6", () => {
    const weak = [...result.perTheme].filter(([, c]) => !(result.recall(c) > 0) || result.f1(c) < 0.6).map(([id, c]) => `${id} ${JSON.stringify(c)}`);
    expect(weak).toEqual([]);
  });

  it("tags most of the no-theme items with nothing", () => {
    const none = corpus.filter((i) => i.themes.length === 0);
    const quiet = tagMany(none.map((i) => i.text)).filter((tags) => tags.length === 0).length;
    expect(quiet / none.length).toBeGreaterThanOrEqual(0.8);
  });
});
