/**
 * The wellbeing check at a live meeting's check-in: an "arriving today" scale
 * (0-10) and, when the programme switches it on, the PHQ-4. Pure: scoring,
 * validation, the wording people see, the national support lines and the
 * disclosure-controlled aggregates by footprint and quarter. A person's
 * answers never leave them; only what `aggregateWellbeing` returns does.
 */
import { z } from "zod";
import { discloseCount, formatDisclosed, SMALL_NUMBER_THRESHOLD, type Disclosed } from "./disclosure";

/** The `wellbeingCheck` setting: 0 off, 1 the arrival scale, 2 the arrival scale and the PHQ-4. */
export type WellbeingMode = 0 | 1 | 2;
export const WELLBEING_OFF = 0;
export const WELLBEING_ARRIVAL = 1;
export const WELLBEING_WITH_PHQ4 = 2;

export const asWellbeingMode = (n: number): WellbeingMode => (n === 1 || n === 2 ? n : 0);

// ---- the arrival scale ----------------------------------------------------------

export const ARRIVAL_MIN = 0;
export const ARRIVAL_MAX = 10;
export const ARRIVAL_QUESTION = "How are you arriving today?";
export const ARRIVAL_LOW_LABEL = "0: struggling";
export const ARRIVAL_HIGH_LABEL = "10: at my best";

export const isArrival = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= ARRIVAL_MIN && n <= ARRIVAL_MAX;

// ---- PHQ-4 ------------------------------------------------------------------------

export const PHQ4_STEM = "Over the last 2 weeks, how often have you been bothered by the following problems?";

/** Items 1-2 are the anxiety items (GAD-2), 3-4 the depression items (PHQ-2). */
export const PHQ4_ITEMS = [
  { key: "phq1", text: "Feeling nervous, anxious or on edge" },
  { key: "phq2", text: "Not being able to stop or control worrying" },
  { key: "phq3", text: "Feeling down, depressed or hopeless" },
  { key: "phq4", text: "Little interest or pleasure in doing things" },
] as const;
export type Phq4Key = (typeof PHQ4_ITEMS)[number]["key"];

export const PHQ4_OPTIONS = [
  { value: 0, label: "Not at all" },
  { value: 1, label: "Several days" },
  { value: 2, label: "More than half the days" },
  { value: 3, label: "Nearly every day" },
] as const;

export const PHQ4_NOTICE =
  "PHQ-4 © Kroenke K, Spitzer RL, Williams JBW, Löwe B, 2009. The PHQ family of measures was developed by Drs Robert L Spitzer, Janet BW Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission is required to reproduce, translate, display or distribute.";

export type Phq4Answers = { phq1: number; phq2: number; phq3: number; phq4: number };

export const isPhq4Item = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 3;

/** The published cut-off: a sub-score of 3 or more (out of 6) is a positive screen. */
export const PHQ4_SUBSCALE_CUTOFF = 3;

export type Phq4Band = "none" | "mild" | "moderate" | "severe";

export type Phq4Score = {
  anxiety: number;
  depression: number;
  total: number;
  anxietyFlag: boolean;
  depressionFlag: boolean;
  band: Phq4Band;
};

/** Total 0-2 none, 3-5 mild, 6-8 moderate, 9-12 severe (Kroenke et al., 2009). */
export function phq4Band(total: number): Phq4Band {
  if (!Number.isInteger(total) || total < 0 || total > 12) throw new RangeError(`Not a PHQ-4 total: ${total}`);
  if (total <= 2) return "none";
  if (total <= 5) return "mild";
  if (total <= 8) return "moderate";
  return "severe";
}

export function scorePhq4(a: Phq4Answers): Phq4Score {
  for (const { key } of PHQ4_ITEMS) if (!isPhq4Item(a[key])) throw new RangeError(`PHQ-4 ${key} must be 0 to 3, not ${a[key]}`);
  const anxiety = a.phq1 + a.phq2;
  const depression = a.phq3 + a.phq4;
  const total = anxiety + depression;
  return {
    anxiety,
    depression,
    total,
    anxietyFlag: anxiety >= PHQ4_SUBSCALE_CUTOFF,
    depressionFlag: depression >= PHQ4_SUBSCALE_CUTOFF,
    band: phq4Band(total),
  };
}

/** Whether the person should be shown where to get support. */
export const needsSignposting = (s: Phq4Score | null) => Boolean(s && (s.anxietyFlag || s.depressionFlag));

export const BAND_WORDS: Record<Phq4Band, string> = {
  none: "within the usual range",
  mild: "mild",
  moderate: "moderate",
  severe: "severe",
};

// ---- an answer ------------------------------------------------------------------

export type WellbeingAnswerInput = { arrival: number; phq4: Phq4Answers | null };

/** Why an answer cannot be saved under this mode (in words for the form), or null. */
export function answerProblem(input: { arrival: unknown; phq4: Partial<Record<Phq4Key, unknown>> | null }, mode: WellbeingMode): string | null {
  if (mode === WELLBEING_OFF) return "The wellbeing check is switched off";
  if (!isArrival(input.arrival)) return `Choose a number from ${ARRIVAL_MIN} to ${ARRIVAL_MAX} for how you are arriving today`;
  if (mode === WELLBEING_WITH_PHQ4) {
    if (!input.phq4) return "Answer each of the four questions";
    for (const { key, text } of PHQ4_ITEMS) if (!isPhq4Item(input.phq4[key])) return `Choose an answer for "${text}"`;
  } else if (input.phq4) return "The four-question check is not switched on";
  return null;
}

// ---- support ------------------------------------------------------------------------

export type Hub = { name: string; phone: string | null; url: string | null; hours: string | null };

export const NATIONAL_SUPPORT = [
  {
    name: "Support for NHS staff",
    how: "Text FRONTLINE to 85258 for free, confidential support from a trained volunteer, 24 hours a day.",
  },
  { name: "Samaritans", how: "Call 116 123 for free, any time, day or night, or email jo@samaritans.org." },
  { name: "NHS 111", how: "Call 111 and choose the mental health option (option 2) if you need urgent help for your mental health." },
  { name: "In an emergency", how: "If you feel you might act on thoughts of harming yourself, call 999 or go to A&E now." },
] as const;

// ---- aggregates ---------------------------------------------------------------------

/** "2026-Q1": calendar quarters, UTC (a quarter boundary is midnight; an hour either way changes nothing that is shown). */
export function quarterOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

export type AggregateInput = {
  userId: string;
  footprintId: string;
  createdAt: number;
  arrival: number | null;
  phq4: Phq4Answers | null;
};

export type WellbeingAggregate = {
  footprintId: string;
  quarter: string;
  /** People who answered at least once in the quarter (disclosure-controlled). */
  people: Disclosed;
  /** Answers given (disclosure-controlled). */
  answers: Disclosed;
  /** Median of each person's median arrival score, only when at least 8 people contributed. */
  arrivalMedian: number | null;
  /** People whose latest PHQ-4 in the quarter screened positive (a sub-score of 3 or more), disclosure-controlled; null when fewer than 8 people took the PHQ-4. */
  phq4Positive: Disclosed | null;
  /** People who took the PHQ-4 (disclosure-controlled). */
  phq4People: Disclosed;
  /** What to show in place of the figures when fewer than 8 people contributed. */
  note: string | null;
};

export const NOT_ENOUGH_DATA = "not enough data";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Figures by footprint and quarter, with no person in them: counts through
 * the disclosure rule, and a median (of each person's own median, so one
 * person answering often does not weigh more) only when at least 8 people
 * contributed. Rows sorted by footprint id, then quarter.
 */
export function aggregateWellbeing(rows: AggregateInput[]): WellbeingAggregate[] {
  const groups = new Map<string, AggregateInput[]>();
  for (const row of rows) {
    const key = `${row.footprintId}\u0000${quarterOf(row.createdAt)}`;
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  const out: WellbeingAggregate[] = [];
  for (const [key, list] of groups) {
    const [footprintId, quarter] = key.split("\u0000");
    const byPerson = new Map<string, AggregateInput[]>();
    for (const r of list) byPerson.set(r.userId, [...(byPerson.get(r.userId) ?? []), r]);
    const people = byPerson.size;
    const enough = people >= SMALL_NUMBER_THRESHOLD;

    const personArrival: number[] = [];
    let phqPeople = 0;
    let phqPositive = 0;
    for (const answers of byPerson.values()) {
      const arrivals = answers.map((a) => a.arrival).filter((n): n is number => n !== null);
      if (arrivals.length) personArrival.push(median(arrivals));
      const latestPhq = answers.filter((a) => a.phq4).sort((a, b) => b.createdAt - a.createdAt)[0];
      if (latestPhq?.phq4) {
        phqPeople++;
        if (needsSignposting(scorePhq4(latestPhq.phq4))) phqPositive++;
      }
    }
    out.push({
      footprintId,
      quarter,
      people: discloseCount(people),
      answers: discloseCount(list.length),
      arrivalMedian: enough && personArrival.length >= SMALL_NUMBER_THRESHOLD ? median(personArrival) : null,
      phq4People: discloseCount(phqPeople),
      phq4Positive: phqPeople >= SMALL_NUMBER_THRESHOLD ? discloseCount(phqPositive) : null,
      note: enough ? null : NOT_ENOUGH_DATA,
    });
  }
  return out.sort((a, b) => (a.footprintId < b.footprintId ? -1 : a.footprintId > b.footprintId ? 1 : a.quarter < b.quarter ? -1 : a.quarter > b.quarter ? 1 : 0));
}

/** An aggregate as words and figures for a table or CSV. */
export function formatAggregate(a: WellbeingAggregate) {
  return {
    footprintId: a.footprintId,
    quarter: a.quarter,
    people: formatDisclosed(a.people),
    answers: formatDisclosed(a.answers),
    arrivalMedian: a.arrivalMedian === null ? NOT_ENOUGH_DATA : String(a.arrivalMedian),
    phq4People: formatDisclosed(a.phq4People),
    phq4Positive: a.phq4Positive === null ? NOT_ENOUGH_DATA : formatDisclosed(a.phq4Positive),
  };
}

// ---- forms (one schema for the browser and the server) ------------------------------

const whole = (min: number, max: number, message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,2}$/, message)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message));

const phqItem = (text: string) => whole(0, 3, `Choose an answer for "${text}"`).optional();

/** The check's answers; the PHQ-4 items are required by the model only when the PHQ-4 is switched on. */
export const WellbeingAnswerSchema = z.strictObject({
  arrival: whole(ARRIVAL_MIN, ARRIVAL_MAX, `Choose a number from ${ARRIVAL_MIN} to ${ARRIVAL_MAX} for how you are arriving today`),
  phq1: phqItem(PHQ4_ITEMS[0].text),
  phq2: phqItem(PHQ4_ITEMS[1].text),
  phq3: phqItem(PHQ4_ITEMS[2].text),
  phq4: phqItem(PHQ4_ITEMS[3].text),
});

/** "Take part" / "Not now" / "Stop taking part" / "Delete my answers". */
export const WellbeingChoiceSchema = z.strictObject({
  choice: z.enum(["take-part", "not-now", "withdraw", "delete-answers"], { error: "Choose what you want to do" }),
});

/** The PHQ-4 items of a parsed form, or null when none was given. */
export function phq4FromForm(data: z.output<typeof WellbeingAnswerSchema>): Partial<Phq4Answers> | null {
  const given = PHQ4_ITEMS.filter(({ key }) => data[key] !== undefined);
  if (!given.length) return null;
  return Object.fromEntries(given.map(({ key }) => [key, data[key]])) as Partial<Phq4Answers>;
}
