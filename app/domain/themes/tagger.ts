/**
 * Suggests codebook themes for an action, report-back or barrier, offline
 * (docs/themes.md). Server-side only: it loads wink's English model (about
 * 4 MB) the first time it is used, then keeps it and the compiled rules.
 *
 *   tagText("I no longer need OH, but the rotas are brutal")
 *   // [{ themeId: "workload-and-rest", triggers: ["rotas"] }]
 *
 * Words are matched through wink's tokens: same Porter2 stem or same lemma
 * (so inflections match), phrases within one clause, capitalised rule words
 * (OH, IT, GMC) only in capitals. The rules and the negation words live in
 * ./rules.ts. Each tag lists its triggers exactly as written in the text, so
 * a facilitator can see why it was suggested.
 */
import winkNLP, { type ItsFunction, type WinkMethods } from "wink-nlp";
import model from "wink-eng-lite-web-model";
import { NEGATION, THEME_RULES } from "./rules";

export type ThemeTag = { themeId: string; triggers: string[] };

/** The ids that have rules: all 21 of the starting codebook, in its order. */
export const TAGGED_THEME_IDS: readonly string[] = Object.freeze(THEME_RULES.map((rule) => rule.id));

// --- Compiled rules -----------------------------------------------------------

/** How a rule word is compared with a word of the text. */
const Kind = {
  /** Same stem, same lemma or same normal form. */
  Inflected: 0,
  /** `=word`: same normal form only. */
  Exact: 1,
  /** Written with capitals: the same characters, case and all. */
  Cased: 2,
} as const;
type Kind = (typeof Kind)[keyof typeof Kind];
type Alt = { kind: Kind; word: string; stem: string };
/** `null` is a gap (`*`). */
type Slot = Alt[] | null;
type Pattern = { theme: number; slots: Slot[]; except: boolean; source: string; stamp: number };

/** How many words a `*` may stand for. */
const GAP = 3;
/** Tokens that join words rather than separate them: hyphens, slashes, quotes, apostrophes. */
const JOINERS = new Set(["-", "/", "'", "’", "‘", '"', "“", "”", "&", "+"]);
/** A possessive 's (wink gives it the normal form "'s"; a contracted "is" gets "is"). */
const POSSESSIVE = new Set(["'s", "’s", "s'", "s’"]);

type Engine = {
  nlp: WinkMethods;
  byStem: Map<string, Pattern[]>;
  byWord: Map<string, Pattern[]>;
  byCased: Map<string, Pattern[]>;
  patterns: Pattern[];
};

let engine: Engine | undefined;

/** Stem and lemma of a normal form, computed once per distinct word. */
type Keys = { stem: string; lemma: string };
const MAX_CACHED_WORDS = 100_000;
const keyCache = new Map<string, Keys>();

function keysOf(nlp: WinkMethods, normal: string): Keys {
  let keys = keyCache.get(normal);
  if (keys) return keys;
  // Computed on the word alone, in lower case: wink's lemma without the POS
  // pipe depends on capitals ("Nurses" stays "nurses"), and a cache keyed by
  // the word needs one answer per word.
  const tokens = nlp.readDoc(normal).tokens();
  if (tokens.length() === 1) {
    const token = tokens.itemAt(0);
    // stem and lemma take the model's addons, which wink's declarations leave out of ItsFunction.
    const stem = token.out(nlp.its.stem as unknown as ItsFunction<string>);
    const lemma = token.out(nlp.its.lemma as unknown as ItsFunction<string>);
    keys = { stem: typeof stem === "string" && stem ? stem : normal, lemma: typeof lemma === "string" && lemma ? lemma : normal };
  } else {
    keys = { stem: normal, lemma: normal };
  }
  if (keyCache.size >= MAX_CACHED_WORDS) keyCache.clear();
  keyCache.set(normal, keys);
  return keys;
}

/** The words of a rule word as the tagger sees them in text (hyphens split, possessives dropped). */
function ruleTokens(nlp: WinkMethods, word: string): Array<{ value: string; normal: string }> {
  const tokens = nlp.readDoc(word).tokens();
  const values = tokens.out(nlp.its.value) as string[];
  const normals = tokens.out(nlp.its.normal) as string[];
  const types = tokens.out(nlp.its.type) as string[];
  const out: Array<{ value: string; normal: string }> = [];
  for (let i = 0; i < values.length; i++) {
    if (JOINERS.has(values[i]) || POSSESSIVE.has(normals[i])) continue;
    if (types[i] === "punctuation") throw new Error(`rule word ${JSON.stringify(word)} has punctuation`);
    out.push({ value: values[i], normal: normals[i] });
  }
  return out;
}

function altOf(nlp: WinkMethods, value: string, normal: string, exact: boolean): Alt {
  if (/[A-Z]/.test(value)) return { kind: Kind.Cased, word: value, stem: value };
  if (exact) return { kind: Kind.Exact, word: normal, stem: normal };
  return { kind: Kind.Inflected, word: normal, stem: keysOf(nlp, normal).stem };
}

function compileAlt(nlp: WinkMethods, raw: string, source: string): Alt {
  const exact = raw.startsWith("=");
  const text = exact ? raw.slice(1) : raw;
  const tokens = ruleTokens(nlp, text);
  if (tokens.length !== 1) throw new Error(`in ${JSON.stringify(source)}: each of a|b must be one word, not ${JSON.stringify(text)}`);
  return altOf(nlp, tokens[0].value, tokens[0].normal, exact);
}

function compilePattern(nlp: WinkMethods, source: string, theme: number, except: boolean): Pattern {
  const slots: Slot[] = [];
  for (const raw of source.trim().split(/\s+/)) {
    if (raw === "*") {
      slots.push(null);
    } else if (raw.includes("|")) {
      slots.push(raw.split("|").map((alt) => compileAlt(nlp, alt, source)));
    } else if (raw.startsWith("=")) {
      slots.push([compileAlt(nlp, raw, source)]);
    } else {
      // A single word may be several to the tokenizer: "self-refer", "can't".
      for (const token of ruleTokens(nlp, raw)) slots.push([altOf(nlp, token.value, token.normal, false)]);
    }
  }
  if (!slots.length || slots[0] === null || slots[slots.length - 1] === null) throw new Error(`rule ${JSON.stringify(source)} must start and end with a word`);
  return { theme, slots, except, source, stamp: -1 };
}

function addToIndex(index: Map<string, Pattern[]>, key: string, pattern: Pattern) {
  const list = index.get(key);
  if (!list) index.set(key, [pattern]);
  else if (!list.includes(pattern)) list.push(pattern);
}

function buildEngine(): Engine {
  const nlp = winkNLP(model, []);
  const built: Engine = { nlp, byStem: new Map(), byWord: new Map(), byCased: new Map(), patterns: [] };
  THEME_RULES.forEach((rule, theme) => {
    const sources = [...rule.phrases.map((p) => [p, false] as const), ...(rule.except ?? []).map((p) => [p, true] as const)];
    for (const [source, except] of sources) {
      const pattern = compilePattern(nlp, source, theme, except);
      built.patterns.push(pattern);
      // Indexed by the first word, so a text word only tries the phrases that can start there.
      for (const alt of pattern.slots[0]!) {
        if (alt.kind === Kind.Cased) addToIndex(built.byCased, alt.word, pattern);
        else addToIndex(built.byWord, alt.word, pattern);
        if (alt.kind === Kind.Inflected) addToIndex(built.byStem, alt.stem, pattern);
      }
    }
  });
  return built;
}

function getEngine(): Engine {
  engine ??= buildEngine();
  return engine;
}

/** Loads the model and compiles the rules now rather than on the first call (for a server's start-up). */
export function warmUpTagger(): void {
  getEngine();
}

// --- The words of one text ---------------------------------------------------------
// Reused between calls (JavaScript runs one call at a time), so tagging a text
// allocates only what wink does and the result.

let n = 0;
const wValue: string[] = [];
const wNormal: string[] = [];
const wStem: string[] = [];
const wLemma: string[] = [];
const wStart: number[] = [];
const wEnd: number[] = [];
/** Words in the same clause share a number; a boundary token starts a new one. */
const wClause: number[] = [];

function readWords(e: Engine, text: string) {
  const { nlp } = e;
  const its = nlp.its;
  const tokens = nlp.readDoc(text).tokens();
  const values = tokens.out(its.value) as string[];
  const normals = tokens.out(its.normal) as string[];
  const types = tokens.out(its.type) as string[];
  const spaces = tokens.out(its.precedingSpaces) as string[];
  n = 0;
  let clause = 0;
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    at += spaces[i].length;
    // wink keeps every character, so offsets add up; should one ever not,
    // find the token rather than report a wrong trigger.
    if (!text.startsWith(value, at)) {
      const found = text.indexOf(value, at);
      if (found >= 0) at = found;
    }
    const start = at;
    at += value.length;
    const type = types[i];
    if (type === "tabCRLF") {
      clause++;
      continue;
    }
    if (type === "punctuation") {
      // A hyphen with spaces round it is a dash; one between letters joins them.
      if (!(JOINERS.has(value) && !(value === "-" && spaces[i].length > 0))) clause++;
      continue;
    }
    const normal = normals[i];
    if (POSSESSIVE.has(normal)) continue;
    const keys = keysOf(nlp, normal);
    wValue[n] = value;
    wNormal[n] = normal;
    wStem[n] = keys.stem;
    wLemma[n] = keys.lemma;
    wStart[n] = start;
    wEnd[n] = at;
    wClause[n] = clause;
    n++;
  }
}

function altMatches(alt: Alt, w: number): boolean {
  switch (alt.kind) {
    case Kind.Inflected:
      return wStem[w] === alt.stem || wNormal[w] === alt.word || wLemma[w] === alt.word;
    case Kind.Exact:
      return wNormal[w] === alt.word;
    default:
      return wValue[w] === alt.word;
  }
}

/** The last word of a match of slots[s..] starting at word w, or -1. */
function matchFrom(slots: Slot[], s: number, w: number, clause: number): number {
  if (s === slots.length) return w - 1;
  const slot = slots[s];
  if (slot === null) {
    for (let skip = 0; skip <= GAP; skip++) {
      if (skip > 0 && (w + skip - 1 >= n || wClause[w + skip - 1] !== clause)) break;
      const end = matchFrom(slots, s + 1, w + skip, clause);
      if (end >= 0) return end;
    }
    return -1;
  }
  if (w >= n || wClause[w] !== clause) return -1;
  for (const alt of slot) if (altMatches(alt, w)) return matchFrom(slots, s + 1, w + 1, clause);
  return -1;
}

// --- Negation ---------------------------------------------------------------------

const negators = new Set<string>(NEGATION.negators);
const needWords = new Set<string>(NEGATION.needWords);
const aboutWords = new Set<string>(NEGATION.aboutWords);
const fillers = new Set<string>(NEGATION.fillers);
const issueWords = new Set<string>(NEGATION.issueWords);
const cleftWords = new Set<string>(NEGATION.cleftWords);
const linkWords = new Set<string>(NEGATION.linkWords);
const scopeBreakers = new Set<string>(NEGATION.scopeBreakers);

const inScope = (w: number, clause: number) => w >= 0 && w < n && wClause[w] === clause && !scopeBreakers.has(wNormal[w]);

/** Skips up to `max` filler words forward from w; returns the first non-filler. */
function skipFillers(w: number, clause: number, max: number): number {
  let skipped = 0;
  while (skipped < max && inScope(w, clause) && fillers.has(wNormal[w])) {
    w++;
    skipped++;
  }
  return w;
}

/**
 * Whether the phrase at words [start, end] is denied rather than meant:
 * "no longer need OH", "don't need the occupational health appointment",
 * "it isn't about training", "nothing to do with the rota", "not a staffing
 * issue", "no PPE problems", "PPE is no longer an issue", "it wasn't the rota
 * that ...". Absence ("no breaks", "nobody offered a debrief") is not denial.
 */
function isNegated(start: number, end: number): boolean {
  const clause = wClause[start];
  // Negators before the phrase, nearest first, within the clause and before any "but".
  for (let p = start - 1; p >= 0 && start - p <= NEGATION.needWindow && inScope(p, clause); p--) {
    if (!negators.has(wNormal[p])) continue;
    // "no longer need ...", "don't need ...", "no need for ...": a need word between negator and phrase.
    for (let q = p + 1; q < start; q++) if (needWords.has(wNormal[q])) return true;
    // "not about ...", "isn't really because of ...", "nothing to do with ...".
    const next = skipFillers(p + 1, clause, 1);
    if (next < start && aboutWords.has(wNormal[next])) return true;
    for (let q = p + 1; q + 2 < start && q - p <= 3; q++) {
      if (wNormal[q] === "to" && wNormal[q + 1] === "do" && wNormal[q + 2] === "with" && skipFillers(q + 3, clause, 2) === start) return true;
    }
    // "not a staffing issue", "no rota problems", "it wasn't the rota that ...": the
    // negator directly before the phrase (fillers allowed), then an issue word or a cleft.
    if (skipFillers(p + 1, clause, 3) === start) {
      const after = skipFillers(end + 1, clause, 1);
      if (inScope(after, clause) && issueWords.has(wNormal[after])) return true;
      const itIs = p >= 2 && wNormal[p - 2] === "it" && linkWords.has(wNormal[p - 1]);
      if (itIs && inScope(end + 1, clause) && cleftWords.has(wNormal[end + 1])) return true;
    }
  }
  // After the phrase: "PPE is no longer an issue", "childcare wasn't a problem".
  let a = end + 1;
  let links = 0;
  while (links < 2 && inScope(a, clause) && linkWords.has(wNormal[a])) {
    a++;
    links++;
  }
  if (links > 0 && inScope(a, clause) && negators.has(wNormal[a])) {
    const issue = skipFillers(a + 1, clause, 3);
    if (inScope(issue, clause) && issueWords.has(wNormal[issue])) return true;
  }
  return false;
}

// --- Tagging -------------------------------------------------------------------------

let stamp = 0;

function tagWith(e: Engine, text: string, active: ReadonlySet<string> | null): ThemeTag[] {
  if (!text || !text.trim()) return [];
  readWords(e, text);
  // Spans per theme: [start word, end word] of each match, excepts separately.
  const spans: Array<number[] | undefined> = [];
  const blocked: Array<number[] | undefined> = [];
  for (let w = 0; w < n; w++) {
    const here = ++stamp;
    const lists = [e.byStem.get(wStem[w]), e.byWord.get(wNormal[w]), wLemma[w] !== wNormal[w] ? e.byWord.get(wLemma[w]) : undefined, e.byCased.get(wValue[w])];
    for (const list of lists) {
      if (!list) continue;
      for (const pattern of list) {
        if (pattern.stamp === here) continue;
        pattern.stamp = here;
        if (active && !active.has(TAGGED_THEME_IDS[pattern.theme])) continue;
        const end = matchFrom(pattern.slots, 0, w, wClause[w]);
        if (end < 0) continue;
        const into = pattern.except ? blocked : spans;
        (into[pattern.theme] ??= []).push(w, end);
      }
    }
  }
  const tags: ThemeTag[] = [];
  for (let theme = 0; theme < TAGGED_THEME_IDS.length; theme++) {
    const found = spans[theme];
    if (!found) continue;
    const blocks = blocked[theme];
    const kept: Array<[number, number]> = [];
    for (let i = 0; i < found.length; i += 2) {
      const start = found[i];
      const end = found[i + 1];
      if (blocks && overlapsAny(blocks, start, end)) continue;
      if (isNegated(start, end)) continue;
      kept.push([start, end]);
    }
    if (!kept.length) continue;
    // Longest first at each start, then drop spans inside another ("occupational health" inside "occupational health referral").
    kept.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
    const triggers: string[] = [];
    let reach = -1;
    for (const [start, end] of kept) {
      if (end <= reach) continue;
      reach = end;
      const trigger = text.slice(wStart[start], wEnd[end]);
      if (!triggers.includes(trigger)) triggers.push(trigger);
    }
    tags.push({ themeId: TAGGED_THEME_IDS[theme], triggers });
  }
  return tags;
}

function overlapsAny(pairs: number[], start: number, end: number): boolean {
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i] <= end && start <= pairs[i + 1]) return true;
  return false;
}

/**
 * The themes a text suggests, in codebook order, each with the words that
 * fired it as they appear in the text. With `activeThemeIds`, only those
 * themes (retired themes and admin-added themes without rules are simply not
 * suggested).
 */
export function tagText(text: string, activeThemeIds?: readonly string[]): ThemeTag[] {
  return tagWith(getEngine(), text, activeThemeIds ? new Set(activeThemeIds) : null);
}

/** tagText for each text, sharing one active set. */
export function tagMany(texts: readonly string[], activeThemeIds?: readonly string[]): ThemeTag[][] {
  const e = getEngine();
  const active = activeThemeIds ? new Set(activeThemeIds) : null;
  return texts.map((text) => tagWith(e, text, active));
}
