/**
 * Redaction measured against outside test strings (Microsoft Presidio's) and
 * our own corpus of clinical leads' notes (tests/fixtures/redaction/README.md).
 * The same figures, with throughput, come from `npm run bench:redaction`.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { redact, type Entity, type EntityType } from "./redaction";

const FIXTURES = resolve(__dirname, "../../tests/fixtures/redaction");
const SHARED_PRESIDIO = resolve(__dirname, "../../../shared/eval/redaction/presidio.jsonl");

type PresidioCase = {
  id: string;
  text: string;
  expect: Array<{ type: EntityType; value: string }>;
  keep: string[];
  expect_optional?: Array<{ type: EntityType; value: string }>;
  keep_optional?: Array<{ value: string }>;
};
type CorpusLine = {
  id: string;
  text: string;
  names: string[];
  identifiers: Array<{ type: EntityType; value: string }>;
  harmless: string[];
};

function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

const alnum = /[\p{L}\p{N}]/u;

/** Where `value` occurs as a whole (not inside a longer run of letters/digits: "info@x" in "anotherinfo@x" does not count). */
function occurrences(text: string, value: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
    const before = text[at - 1] ?? "";
    const after = text[at + value.length] ?? "";
    if (alnum.test(value[0]) && alnum.test(before)) continue;
    if (alnum.test(value[value.length - 1]) && alnum.test(after)) continue;
    found.push(at);
  }
  return found;
}

function coveredBy(entities: Entity[], start: number, end: number): Entity[] | null {
  const over = entities.filter((e) => e.start < end && start < e.end);
  let at = start;
  for (const e of over) {
    if (e.start > at) return null;
    at = Math.max(at, e.end);
  }
  return at >= end ? over : null;
}

const touches = (entities: Entity[], start: number, length: number) => entities.some((e) => e.start < start + length && start < e.end);

describe("Presidio's test strings", () => {
  const cases = readJsonLines<PresidioCase>(resolve(FIXTURES, "presidio.jsonl"));

  it("has all 34 cases", () => {
    expect(cases).toHaveLength(34);
  });

  it.each(cases.map((c) => [c.id, c] as const))("%s: every required value is gone and every keep string survives", (_id, c) => {
    const { text, entities } = redact(c.text, []);
    for (const { value } of c.expect) {
      const at = occurrences(c.text, value);
      expect(at.length, `${value} occurs in the case`).toBeGreaterThan(0);
      for (const start of at) expect(coveredBy(entities, start, start + value.length), `${value} at ${start}`).not.toBeNull();
    }
    for (const keep of c.keep) {
      expect(text).toContain(keep);
      for (const start of occurrences(c.text, keep)) expect(touches(entities, start, keep.length), keep).toBe(false);
    }
  });

  it("labels each required value with the expected type (NHS number or phone for 0032698674)", () => {
    for (const c of cases) {
      const { entities } = redact(c.text, []);
      for (const { type, value } of c.expect) {
        const start = occurrences(c.text, value)[0];
        const over = coveredBy(entities, start, start + value.length)!;
        const allowed = c.id === "p003" ? ["NHS_NUMBER", "PHONE"] : [type];
        expect(allowed, `${c.id} ${value}`).toContain(over[0].type);
      }
    }
  });

  it("reports the optional cases without gating on them", () => {
    const optional = cases.flatMap((c) => [
      ...(c.expect_optional ?? []).map((o) => ({ id: c.id, value: o.value, want: "redacted", got: redact(c.text, []).text.includes(o.value) ? "kept" : "redacted" })),
      ...(c.keep_optional ?? []).map((o) => ({ id: c.id, value: o.value, want: "kept", got: redact(c.text, []).text.includes(o.value) ? "kept" : "redacted" })),
    ]);
    expect(optional.length).toBeGreaterThan(0);
    // The decisions, pinned so a change is deliberate (docs/redaction.md):
    // GIR 0AA and the US number are redacted; "info@presidio." is kept; the
    // Royal Mail letter rules keep QA1/VA1/XA1 1AA, M1 1CA, M1 1AI.
    expect(Object.fromEntries(optional.map((o) => [`${o.id} ${o.value}`, o.got]))).toEqual({
      "p011 info@presidio.": "kept",
      "p013 (415) 555-0132": "redacted",
      "p020 GIR 0AA": "redacted",
      "p024 GIR0AA": "redacted",
      "p028 QA1 1AA": "kept",
      "p029 VA1 1AA": "kept",
      "p030 XA1 1AA": "kept",
      "p031 M1 1CA": "kept",
      "p032 M1 1AI": "kept",
    });
  });

  it.skipIf(!existsSync(SHARED_PRESIDIO))("the in-repo copy is byte-for-byte the shared one (skipped when ../shared is absent)", () => {
    expect(readFileSync(resolve(FIXTURES, "presidio.jsonl")).equals(readFileSync(SHARED_PRESIDIO))).toBe(true);
  });
});

describe("our corpus of clinical leads' notes", () => {
  const lines = readJsonLines<CorpusLine>(resolve(FIXTURES, "corpus.jsonl"));

  it("is big and varied enough to mean something", () => {
    expect(lines.length).toBeGreaterThanOrEqual(150);
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length);
    const types = new Set(lines.flatMap((l) => l.identifiers.map((i) => i.type)));
    expect([...types].sort()).toEqual(["EMAIL", "NAME", "NHS_NUMBER", "PHONE", "POSTCODE"]);
    for (const line of lines) {
      for (const { value } of line.identifiers) expect(occurrences(line.text, value).length, `${line.id}: ${value}`).toBeGreaterThan(0);
      for (const span of line.harmless) expect(line.text, line.id).toContain(span);
    }
  });

  it("catches every identifier (recall 100%), with its type", () => {
    const missed: string[] = [];
    const mislabelled: string[] = [];
    for (const line of lines) {
      const { text, entities } = redact(line.text, line.names);
      for (const { type, value } of line.identifiers) {
        for (const start of occurrences(line.text, value)) {
          const over = coveredBy(entities, start, start + value.length);
          if (!over || occurrences(text, value).length) missed.push(`${line.id} ${type} ${JSON.stringify(value)} -> ${text}`);
          else if (over[0].type !== type) mislabelled.push(`${line.id} ${type} ${value} labelled ${over[0].type}`);
        }
      }
    }
    expect(missed).toEqual([]);
    expect(mislabelled).toEqual([]);
  });

  it("touches under 5% of harmless spans", () => {
    let total = 0;
    const touched: string[] = [];
    for (const line of lines) {
      const { entities } = redact(line.text, line.names);
      // A harmless word can also be part of an identifier ("van" in "van der
      // Berg"): only its occurrences outside every identifier count.
      const identifierSpans = line.identifiers.flatMap(({ value }) => occurrences(line.text, value).map((s) => [s, s + value.length] as const));
      for (const span of line.harmless) {
        total++;
        const free = occurrences(line.text, span).filter((s) => !identifierSpans.some(([a, b]) => s < b && a < s + span.length));
        expect(free.length, `${line.id}: ${span}`).toBeGreaterThan(0);
        if (free.some((start) => touches(entities, start, span.length))) touched.push(`${line.id} ${JSON.stringify(span)}`);
      }
    }
    expect(total).toBeGreaterThan(150);
    expect(touched.length / total, touched.join("\n")).toBeLessThan(0.05);
  });
});
