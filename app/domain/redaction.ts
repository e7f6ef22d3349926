/**
 * De-identification of free text before it leaves a set (design/trust.md,
 * "Anonymity and disclosure"; rules and limits in docs/redaction.md).
 *
 * Pure and browser-safe, so the facilitator's review and the analysts' bulk
 * command (`npm run -s als -- redact`) apply the same rules. The only state
 * is a bounded cache of analysed names lists.
 *
 * Every pattern is anchored at a boundary (a lookbehind that fails inside a
 * run of the same kind of character) and has no nested unbounded
 * quantifiers, so each starting position costs a bounded amount of work and
 * a 4,000-character note is scanned in linear time. Names are matched word
 * by word against a lookup table rather than one big pattern, so a new names
 * list costs microseconds, not a regular-expression compile.
 */

export type EntityType = "NAME" | "EMAIL" | "PHONE" | "NHS_NUMBER" | "POSTCODE";
/** Offsets into the input text; `end` is exclusive. Lists are sorted and never overlap. */
export type Entity = { type: EntityType; start: number; end: number };

export const PLACEHOLDERS: Record<EntityType, string> = {
  NAME: "[name]",
  EMAIL: "[email]",
  PHONE: "[phone]",
  NHS_NUMBER: "[NHS number]",
  POSTCODE: "[postcode]",
};

/** Modulus 11 check of a 10-digit NHS number; spaces and hyphens between the digits are ignored. */
export function isValidNhsNumber(digits: string): boolean {
  const d = digits.replace(/[\s-]/g, "");
  if (!/^\d{10}$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(d[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(d[9]);
}

export function findIdentifiers(text: string, names: readonly string[]): Entity[] {
  const found: Entity[] = [];
  findEmails(text, found);
  findPhonesAndNhsNumbers(text, found);
  findPostcodes(text, found);
  findNames(text, names, found);
  return settle(text, found);
}

export function redact(text: string, names: readonly string[]): { text: string; entities: Entity[] } {
  const entities = findIdentifiers(text, names);
  if (!entities.length) return { text, entities };
  let out = "";
  let at = 0;
  for (const e of entities) {
    out += text.slice(at, e.start) + PLACEHOLDERS[e.type];
    at = e.end;
  }
  return { text: out + text.slice(at), entities };
}

// ---------------------------------------------------------------------------
// Emails

// The lookbehind makes a match start only at the beginning of a run of
// address characters, so a long run without an "@" is scanned once, not once
// per position. Unicode letters are allowed (IDN domains written as such);
// punycode labels ("xn--p1ai") are ordinary labels with hyphens. An
// apostrophe may sit inside the local part (o'brien@...), not at its start.
const EMAIL =
  /(?<![\p{L}\p{N}._%+-]|[\p{L}\p{N}]')[\p{L}\p{N}_%+-]+(?:['.][\p{L}\p{N}_%+-]+)*@[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,62}[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,62}[\p{L}\p{N}])?)+/gu;

function findEmails(text: string, found: Entity[]) {
  if (!text.includes("@")) return;
  EMAIL.lastIndex = 0;
  for (let m = EMAIL.exec(text); m; m = EMAIL.exec(text)) {
    let value = m[0];
    // The last label must look like a top-level domain (letters, or a
    // punycode label), not a number: "a@b.2" is not an address.
    while (value.lastIndexOf(".") > value.indexOf("@")) {
      const tld = value.slice(value.lastIndexOf(".") + 1);
      if (tld.length >= 2 && /\p{L}/u.test(tld)) break;
      value = value.slice(0, value.lastIndexOf("."));
    }
    if (value.lastIndexOf(".") > value.indexOf("@")) found.push({ type: "EMAIL", start: m.index, end: m.index + value.length });
  }
}

// ---------------------------------------------------------------------------
// Phone numbers and NHS numbers

// A run of digit groups ("0161 123 4567", "+44 (0)20 7946-0958", "(0161)
// 123 4567"), each group a bracketed or bare run of digits, separated by one
// space, a hyphen, dot or en dash (with optional spaces), or nothing next to
// a bracket. At most 7 groups: UK numbers never need more, and the cap keeps
// the work per starting position bounded. Which leading groups form a number
// is decided in code (phoneLength).
const PHONE_RUN =
  /(?<![\p{L}\p{N}+])(\+[ \u00a0]?)?(?:\(\d{1,6}\)|\d{1,13})(?:(?:[ \u00a0]?[-.\u2013][ \u00a0]?|[ \u00a0]{1,2})(?:\(\d{1,6}\)|\d{1,13})|[ \u00a0]?\(\d{1,6}\)|(?<=\))[ \u00a0]?\d{1,13}){0,6}(?!\p{N})/gu;
const GROUP = /\((\d+)\)|(\d+)/g;

// 3-3-4 (the way NHS numbers are printed) with spaces or hyphens, or ten
// digits in a row. Any such number is redacted; the check digit only labels it.
const NHS = /(?<!\p{N})\d{3}[ \u00a0-]?\d{3}[ \u00a0-]?\d{4}(?!\p{N})/gu;

type Group = { digits: string; bracketed: boolean; start: number; end: number };

/** How many leading groups make a phone number (0 if none do). */
function phoneGroupCount(groups: Group[], plus: boolean): number {
  for (let k = groups.length; k >= 1; k--) {
    const used = groups.slice(0, k);
    const digits = used.map((g) => g.digits).join("");
    if (plus || digits.startsWith("0044")) {
      const rest = plus ? digits : digits.slice(2);
      if (rest.startsWith("44")) {
        // +44 then the national number without its trunk 0; people often
        // keep it anyway, as "(0)" or a plain 0.
        const national = rest.slice(2).replace(/^0/, "");
        if (/^[1-9]\d{8,9}$/.test(national)) return k;
      } else if (plus && digits.length >= 8 && digits.length <= 15) {
        return k; // another country's number: not required, but never harmless
      }
      continue;
    }
    // "(415) 555-0132": a North American number. Not required, but the
    // bracketed shape is never anything harmless.
    if (k === 3 && used[0].bracketed && /^[2-9]\d{2}$/.test(used[0].digits) && used[1].digits.length === 3 && used[2].digits.length === 4) return k;
    // National form: trunk 0, a non-zero digit, 11 digits in all (10 for
    // some 01 areas and old 05/08 freephone numbers). The first group has the
    // area code (at least 3 digits, e.g. "020") and later groups at least 2,
    // so lists of small numbers ("01 02 03 04 05") are not taken for a phone
    // number.
    if (!/^0[1-9]\d{9}$/.test(digits) && !/^0[158]\d{8}$/.test(digits)) continue;
    if (used[0].digits.length < 3) continue;
    if (used.slice(1).some((g) => g.digits.length < 2)) continue;
    return k;
  }
  return 0;
}

function findPhonesAndNhsNumbers(text: string, found: Entity[]) {
  if (!/\d/.test(text)) return;
  const phones: Entity[] = [];
  PHONE_RUN.lastIndex = 0;
  for (let m = PHONE_RUN.exec(text); m; m = PHONE_RUN.exec(text)) {
    const plus = m[1] !== undefined;
    const groups: Group[] = [];
    GROUP.lastIndex = 0;
    for (let g = GROUP.exec(m[0]); g; g = GROUP.exec(m[0])) {
      groups.push({ digits: g[1] ?? g[2], bracketed: g[1] !== undefined, start: m.index + g.index, end: m.index + g.index + g[0].length });
    }
    const k = phoneGroupCount(groups, plus);
    if (k > 0) {
      phones.push({ type: "PHONE", start: m.index, end: groups[k - 1].end });
      PHONE_RUN.lastIndex = groups[k - 1].end;
    } else {
      // Try again from the next group: "bed 12 0161 123 4567".
      PHONE_RUN.lastIndex = groups[0].end;
    }
  }
  NHS.lastIndex = 0;
  for (let m = NHS.exec(text); m; m = NHS.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const sameAsPhone = phones.findIndex((p) => p.start === start && p.end === end);
    if (sameAsPhone >= 0) {
      // Ten digits that are also a valid UK phone number: the check digit decides the label.
      if (isValidNhsNumber(m[0])) phones[sameAsPhone].type = "NHS_NUMBER";
      continue;
    }
    found.push({ type: "NHS_NUMBER", start, end });
  }
  found.push(...phones);
}

// ---------------------------------------------------------------------------
// Postcodes

// Royal Mail's letter rules (Q, V, X never first; I, J, Z never second; the
// inward letters never C, I, K, M, O, V), so "1pm", "5mg" and "2am" after a
// ward or bay code are not taken for an inward code. Space optional.
const POSTCODE =
  /(?<![\p{L}\p{N}])(?:(?:[A-PR-UWYZ](?:[A-HK-Y]?\d\d?|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRVWXY]))[ \u00a0]{0,2}(\d[ABD-HJLNP-UW-Z]{2})|GIR[ \u00a0]{0,2}0AA)(?![\p{L}\p{N}])/giu;
// "FY1 2nd", "B12 1st", "ST4 4th": an outward-code-shaped grade or vitamin in
// capitals followed by a lower-case ordinal or unit is ordinary writing.
// The same letters in a postcode written all in one case are redacted.
const ORDINAL_OR_UNIT = /^\d(?:st|nd|rd|th|hr|wk|yr)$/;

function findPostcodes(text: string, found: Entity[]) {
  POSTCODE.lastIndex = 0;
  for (let m = POSTCODE.exec(text); m; m = POSTCODE.exec(text)) {
    const inward = m[1];
    if (inward && ORDINAL_OR_UNIT.test(inward) && /[A-Z]/.test(m[0].slice(0, m[0].length - 3))) continue;
    found.push({ type: "POSTCODE", start: m.index, end: m.index + m[0].length });
  }
}

// ---------------------------------------------------------------------------
// Names

const TITLES = new Set(["dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "sir", "dame", "rev", "revd", "sister", "nurse"]);
const SUFFIXES = new Set(["jr", "jnr", "sr", "snr", "ii", "iii"]);
// Lower-case particles inside a surname: part of the surname, not names on their own.
const PARTICLES = new Set(["van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du", "la", "le", "bin", "binti", "ibn", "al", "el", "ap", "ter", "ten", "ni", "nic", "ui", "ua"]);

const FOLD_SPECIAL: Record<string, string> = {
  ø: "o", æ: "ae", œ: "oe", ß: "ss", ł: "l", đ: "d", ð: "d", þ: "th", ı: "i", ħ: "h", ŧ: "t",
  "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
  "\u2010": "-", "\u2011": "-",
};

/**
 * Lower case, without diacritics, with one apostrophe and one hyphen;
 * `from[i]` is where folded character i came from in the input. Combining
 * marks produce nothing, so they end up inside the span of the letter
 * before them.
 */
function fold(text: string): { folded: string; from: number[] } {
  let folded = "";
  const from: number[] = [];
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (code < 0x80 && code !== 0x60) {
      folded += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : text[i];
      from.push(i);
      i++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const lower = ch.toLowerCase();
    const out = FOLD_SPECIAL[lower] ?? FOLD_SPECIAL[ch] ?? lower.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    for (let j = 0; j < out.length; j++) {
      folded += out[j];
      from.push(i);
    }
    i += ch.length;
  }
  return { folded, from };
}

/** The ways a stored full name can appear in text, folded. */
export function nameVariants(fullName: string): string[] {
  const words = fold(fullName)
    .folded.split(/[\s,;/]+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
    .filter((w) => /\p{L}/u.test(w));
  while (words.length > 1 && TITLES.has(words[0].replace(/\.$/, ""))) words.shift();
  while (words.length > 1 && SUFFIXES.has(words[words.length - 1])) words.pop();
  if (!words.length) return [];
  const variants = new Set<string>([words.join(" ")]);
  if (words.length > 1) {
    variants.add(words.slice(1).join(" ")); // the surname with any particles
    variants.add(`${words[0]} ${words[words.length - 1]}`); // without middle names
  }
  const add = (w: string) => {
    if (w.length >= 2 && /\p{L}/u.test(w)) variants.add(w);
  };
  words.forEach((word, i) => {
    if (i > 0 && PARTICLES.has(word)) return;
    add(word);
    for (const part of word.split("-")) {
      add(part);
      // O'Connor, D'Souza: the part after a one-letter prefix is a name too.
      const apostrophe = part.indexOf("'");
      if (apostrophe > 0) {
        const after = part.slice(apostrophe + 1);
        if (after.length >= 3) add(after);
        add(part.slice(0, apostrophe));
      }
    }
  });
  // A one-letter piece before an apostrophe ("o") is not a name on its own.
  return [...variants].filter((v) => v.replace(/[^\p{L}\p{N}]/gu, "").length >= 2).sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

/**
 * A variant as words and what may stand between them: " " any whitespace,
 * "-" a hyphen or whitespace, "'" an apostrophe. Hyphens and apostrophes may
 * also be left out ("OConnor", "AnneMarie"), which is a separate variant
 * with the words joined.
 */
type Pattern = { words: string[]; gaps: string[] };

function patterns(variant: string): Pattern[] {
  const words = variant.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const gaps = (variant.match(/[^\p{L}\p{N}]+/gu) ?? []).map((g) => (/\s/.test(g) ? " " : g));
  if (gaps.length !== words.length - 1) return []; // leading or trailing punctuation: trimmed before, so never
  let out: Pattern[] = [{ words: [words[0]], gaps: [] }];
  for (let i = 0; i < gaps.length; i++) {
    const gap = gaps[i];
    const next: Pattern[] = out.map((p) => ({ words: [...p.words, words[i + 1]], gaps: [...p.gaps, gap] }));
    if ((gap === "'" || gap === "-") && out.length < 16) {
      for (const p of out) next.push({ words: [...p.words.slice(0, -1), p.words[p.words.length - 1] + words[i + 1]], gaps: p.gaps });
    }
    out = next;
  }
  return out;
}

function gapFits(gap: string, between: string): boolean {
  if (gap === " ") return /^\s+$/.test(between);
  if (gap === "-") return between.length > 0 && /^\s*-?\s*$/.test(between);
  return between === gap;
}

// Both caches are bounded: a bulk run meets each cohort's list (and each
// person) over and over, and the analyses would otherwise be repeated per line.
const patternsByName = new Map<string, Pattern[]>();
const indexByList = new Map<string, NameIndex>();
const CACHE_LIMIT = 2000;

function namePatterns(name: string): Pattern[] {
  let cached = patternsByName.get(name);
  if (!cached) {
    const seen = new Set<string>();
    cached = nameVariants(name)
      .flatMap(patterns)
      .filter((p) => {
        const id = `${p.words.join(" ")}|${p.gaps.join(" ")}`;
        return !seen.has(id) && !!seen.add(id);
      });
    if (patternsByName.size >= CACHE_LIMIT) patternsByName.clear();
    patternsByName.set(name, cached);
  }
  return cached;
}

/** Patterns by their first word, most words first (so "priya shah" is one span, not two). */
type NameIndex = Map<string, Pattern[]>;

function nameIndex(names: readonly string[]): NameIndex {
  const key = names.join("\u0000");
  const cached = indexByList.get(key);
  if (cached) return cached;
  const index: NameIndex = new Map();
  for (const name of names) {
    for (const pattern of namePatterns(name)) {
      const list = index.get(pattern.words[0]);
      if (list) list.push(pattern);
      else index.set(pattern.words[0], [pattern]);
    }
  }
  for (const list of index.values()) if (list.length > 1) list.sort((a, b) => b.words.length - a.words.length);
  if (indexByList.size >= CACHE_LIMIT) indexByList.clear();
  indexByList.set(key, index);
  return index;
}

const WORD = /[\p{L}\p{N}]+/gu;

function findNames(text: string, names: readonly string[], found: Entity[]) {
  if (!names.length) return;
  const index = nameIndex(names);
  if (!index.size) return;
  const { folded, from } = fold(text);
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(folded); m; m = WORD.exec(folded)) {
    words.push(m[0]);
    starts.push(m.index);
    ends.push(m.index + m[0].length);
  }
  for (let i = 0; i < words.length; ) {
    let length = 0;
    for (const p of index.get(words[i]) ?? []) {
      if (i + p.words.length > words.length) continue;
      let fits = true;
      for (let j = 1; j < p.words.length && fits; j++) {
        fits = words[i + j] === p.words[j] && gapFits(p.gaps[j - 1], folded.slice(ends[i + j - 1], starts[i + j]));
      }
      if (fits) {
        length = p.words.length;
        break;
      }
    }
    if (!length) {
      i++;
      continue;
    }
    const end = ends[i + length - 1];
    found.push({ type: "NAME", start: from[starts[i]], end: end < from.length ? from[end] : text.length });
    i += length;
  }
}

// ---------------------------------------------------------------------------
// Putting the findings together

const PRIORITY: Record<EntityType, number> = { EMAIL: 5, NHS_NUMBER: 4, PHONE: 4, POSTCODE: 3, NAME: 1 };
// Placeholders already in the text (from an earlier pass) are left alone, so
// redacting twice changes nothing.
const PLACEHOLDER = /\[(?:name|email|phone|NHS number|postcode)\]/g;

/** Sorted, merged (overlaps become one span, labelled by the strongest finding), placeholders excluded. */
function settle(text: string, found: Entity[]): Entity[] {
  if (!found.length) return found;
  const protectedSpans: Array<[number, number]> = [];
  if (text.includes("[")) {
    PLACEHOLDER.lastIndex = 0;
    for (let m = PLACEHOLDER.exec(text); m; m = PLACEHOLDER.exec(text)) protectedSpans.push([m.index, m.index + m[0].length]);
  }
  const candidates = protectedSpans.length
    ? found.filter((e) => !protectedSpans.some(([s, t]) => e.start < t && s < e.end))
    : found;
  candidates.sort((a, b) => a.start - b.start || b.end - a.end || PRIORITY[b.type] - PRIORITY[a.type]);
  const merged: Entity[] = [];
  for (const e of candidates) {
    const last = merged[merged.length - 1];
    if (last && e.start < last.end) {
      if (PRIORITY[e.type] > PRIORITY[last.type]) last.type = e.type;
      last.end = Math.max(last.end, e.end);
    } else {
      merged.push({ ...e });
    }
  }
  return merged;
}
