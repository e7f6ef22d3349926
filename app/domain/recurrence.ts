/**
 * A cohort's meeting series: the rule ("second Tuesday of each month",
 * "every 4 weeks"), the dates it gives inside the cohort's term, and the
 * facilitator's choice for dates that land on a bank holiday.
 *
 * Times are Europe/London wall-clock: a 14:00 meeting stays at 14:00 when the
 * clocks change. So calendar arithmetic is done on plain "YYYY-MM-DD" dates
 * and each date is turned into an instant only at the end (`londonInstant`).
 *
 * Pure: `now` and the term come in as arguments.
 */
import { TZDate, tzOffset } from "@date-fns/tz";
import { addMonths, addWeeks, getDaysInMonth, getDay, format } from "date-fns";
import { z } from "zod";
import { formatDay, LONDON } from "~/utils/dates";
import { calendarDay, isIsoDate, isoDay, nextWorkingDay } from "./bank-holidays";

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6; // 0 = Sunday (date-fns getDay convention)

export type RecurrenceRule =
  | { kind: "monthly"; nth: 1 | 2 | 3 | 4 | 5 | -1; weekday: Weekday } // nth 5 = fifth (months without one are skipped, and reported), -1 = last
  | { kind: "weekly"; intervalWeeks: number }; // 1..8, on the weekday of firstDate

export const MAX_INTERVAL_WEEKS = 8;
export const MIN_DURATION_MINUTES = 30;
export const MAX_DURATION_MINUTES = 8 * 60;
export const MAX_COUNT = 24;
/** A safety cap on one series, whatever the term length. */
export const MAX_OCCURRENCES = 60;

/** Parses the rule stored as JSON in meeting_series.rule (and the form's rule). Unknown keys are refused. */
export const RecurrenceRuleSchema: z.ZodType<RecurrenceRule> = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("monthly"),
    nth: z.literal([1, 2, 3, 4, 5, -1]),
    weekday: z.literal([0, 1, 2, 3, 4, 5, 6]),
  }),
  z.strictObject({
    kind: z.literal("weekly"),
    intervalWeeks: z.number().int().min(1).max(MAX_INTERVAL_WEEKS),
  }),
]);

/** meeting_series.rule text -> rule; throws if the text is not a valid rule. */
export function parseStoredRule(json: string): RecurrenceRule {
  return RecurrenceRuleSchema.parse(JSON.parse(json));
}

export type SeriesPlan = {
  rule: RecurrenceRule;
  firstDate: string; // "YYYY-MM-DD": no meeting before this date; for weekly it is the first meeting
  startTime: string; // "HH:mm" Europe/London
  durationMinutes: number;
  until: { kind: "termEnd" } | { kind: "date"; date: string } | { kind: "count"; count: number };
};

export type Occurrence = { date: string; startsAt: number; endsAt: number; bankHoliday: string | null /* its name */ };
export type Generated = { occurrences: Occurrence[]; skippedMonths: string[] /* "YYYY-MM" with no 5th weekday */ };

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isWallClockTime(value: unknown): value is string {
  return typeof value === "string" && TIME.test(value);
}

function minutesOfDay(time: string) {
  const [h, m] = time.split(":").map(Number);
  return h * 60 + m;
}

function clock(minutes: number) {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Europe/London wall-clock time on a date -> epoch ms.
 *
 * The clocks change at 01:00 UTC, so two wall-clock hours a year are odd:
 * - spring forward (last Sunday of March): 01:00–01:59 does not exist. Such a
 *   time moves forward by the hour the clocks skip: 01:30 -> 02:30 BST.
 * - fall back (last Sunday of October): 01:00–01:59 happens twice. We take the
 *   first, BST, instant: 01:30 -> 00:30Z.
 * (TZDate alone would take the second instant in autumn, hence the offsets.)
 */
export function londonInstant(date: string, time: string): number {
  if (!isIsoDate(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  if (!isWallClockTime(time)) throw new RangeError(`Not an HH:mm time: ${time}`);
  const [y, mo, d] = date.split("-").map(Number);
  const [h, mi] = time.split(":").map(Number);
  // The wall-clock reading as if London were on UTC; the real instant is this minus the offset in force.
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  const before = tzOffset(LONDON, new Date(naive - DAY_MS));
  const after = tzOffset(LONDON, new Date(naive + DAY_MS));
  const valid = [...new Set([before, after])]
    .map((offset) => naive - offset * 60_000)
    .filter((instant) => tzOffset(LONDON, new Date(instant)) * 60_000 === naive - instant)
    .sort((a, b) => a - b);
  if (valid.length) return valid[0];
  // In the spring gap: read the time with the offset from before the change, which lands after it.
  return naive - before * 60_000;
}

/** The London wall-clock time ("HH:mm") of an instant. */
function londonClock(instant: number) {
  return clock(Math.round((instant / 60_000 + tzOffset(LONDON, new Date(instant))) % 1440));
}

/** The nth (or last, -1) weekday of a month, or null when the month has no such day (a fifth). */
export function nthWeekdayOfMonth(year: number, month: number, nth: 1 | 2 | 3 | 4 | 5 | -1, weekday: Weekday): string | null {
  const first = calendarDay(`${year}-${String(month).padStart(2, "0")}-01`);
  const days = getDaysInMonth(first);
  let day: number;
  if (nth === -1) {
    const lastWeekday = (getDay(first) + days - 1) % 7;
    day = days - ((lastWeekday - weekday + 7) % 7);
  } else {
    day = 1 + ((weekday - getDay(first) + 7) % 7) + (nth - 1) * 7;
    if (day > days) return null;
  }
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function laterOf(a: string, b: string) {
  return a > b ? a : b;
}
function earlierOf(a: string, b: string) {
  return a < b ? a : b;
}

/**
 * The rule's dates from the later of firstDate and termStart, up to the end
 * (until date, count, or the term end, and never past the term end), at most
 * MAX_OCCURRENCES. Each date is marked with its bank holiday, if any; what to
 * do about those is the facilitator's choice (`resolveBankHolidays`).
 * `count` counts meetings generated; months skipped for want of a fifth
 * weekday do not count. Throws RangeError on a plan `checkPlan` would refuse
 * in ways that make the dates meaningless (bad rule, date or time).
 */
export function generateOccurrences(
  plan: SeriesPlan,
  ctx: { termStart: string; termEnd: string; bankHolidays: ReadonlyMap<string, string> },
): Generated {
  const rule = RecurrenceRuleSchema.safeParse(plan.rule);
  if (!rule.success) throw new RangeError(`Not a recurrence rule: ${JSON.stringify(plan.rule)}`);
  for (const d of [plan.firstDate, ctx.termStart, ctx.termEnd]) if (!isIsoDate(d)) throw new RangeError(`Not a YYYY-MM-DD date: ${d}`);
  if (!isWallClockTime(plan.startTime)) throw new RangeError(`Not an HH:mm time: ${plan.startTime}`);

  const from = laterOf(plan.firstDate, ctx.termStart);
  let to = ctx.termEnd;
  let limit = MAX_OCCURRENCES;
  if (plan.until.kind === "date") {
    if (!isIsoDate(plan.until.date)) throw new RangeError(`Not a YYYY-MM-DD date: ${plan.until.date}`);
    to = earlierOf(to, plan.until.date);
  } else if (plan.until.kind === "count") {
    limit = Math.min(limit, Math.max(0, Math.floor(plan.until.count)));
  }

  const occurrences: Occurrence[] = [];
  const skippedMonths: string[] = [];
  const add = (date: string) => {
    const startsAt = londonInstant(date, plan.startTime);
    occurrences.push({
      date,
      startsAt,
      endsAt: startsAt + plan.durationMinutes * 60_000,
      bankHoliday: ctx.bankHolidays.get(date) ?? null,
    });
  };

  if (from > to || limit === 0) return { occurrences, skippedMonths };

  const r = rule.data;
  if (r.kind === "weekly") {
    const anchor = calendarDay(plan.firstDate);
    for (let k = 0; occurrences.length < limit; k++) {
      const date = isoDay(addWeeks(anchor, k * r.intervalWeeks));
      if (date > to) break;
      if (date >= from) add(date);
    }
  } else {
    let month = calendarDay(`${from.slice(0, 7)}-01`);
    while (occurrences.length < limit && isoDay(month) <= to) {
      const ym = format(month, "yyyy-MM");
      const date = nthWeekdayOfMonth(month.getFullYear(), month.getMonth() + 1, r.nth, r.weekday);
      if (date === null) {
        // A fifth weekday would fall on the 29th or later: only report the
        // month if the series reaches that far into it.
        const lastPossible = `${ym}-${String(Math.min(29, getDaysInMonth(month))).padStart(2, "0")}`;
        if (to >= lastPossible) skippedMonths.push(ym);
      } else if (date >= from && date <= to) {
        add(date);
      }
      month = addMonths(month, 1);
    }
  }
  return { occurrences, skippedMonths };
}

/** The date of the series' first meeting on or after firstDate (ignoring the term), or null if none in 2 years. */
export function firstMeetingDate(rule: RecurrenceRule, firstDate: string): string | null {
  if (rule.kind === "weekly") return firstDate;
  let month = calendarDay(`${firstDate.slice(0, 7)}-01`);
  for (let i = 0; i < 24; i++, month = addMonths(month, 1)) {
    const date = nthWeekdayOfMonth(month.getFullYear(), month.getMonth() + 1, rule.nth, rule.weekday);
    if (date !== null && date >= firstDate) return date;
  }
  return null;
}

export type PlanProblem = { field: "firstDate" | "startTime" | "durationMinutes" | "until" | "rule"; message: string };

/**
 * Everything wrong with a plan, in words a clinician understands, at most one
 * problem per field. An empty list means the plan can be generated and saved.
 */
export function checkPlan(plan: SeriesPlan, ctx: { now: number; termStart: string; termEnd: string }): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const has = (field: PlanProblem["field"]) => problems.some((p) => p.field === field);
  const add = (field: PlanProblem["field"], message: string) => {
    if (!has(field)) problems.push({ field, message });
  };
  const termStartText = formatDay(ctx.termStart);
  const termEndText = formatDay(ctx.termEnd);

  const rule = RecurrenceRuleSchema.safeParse(plan.rule);
  if (!rule.success) {
    add(
      "rule",
      (plan.rule as { kind?: unknown } | undefined)?.kind === "weekly"
        ? `Choose how often the meetings repeat: every 1 to ${MAX_INTERVAL_WEEKS} weeks.`
        : "Choose which week and which day of the month the meetings are on.",
    );
  }

  const timeOk = isWallClockTime(plan.startTime);
  if (!timeOk) add("startTime", "Enter the start time on the 24-hour clock, like 14:00.");

  const minutes = plan.durationMinutes;
  if (typeof minutes !== "number" || !Number.isInteger(minutes)) {
    add("durationMinutes", "Enter how long each meeting lasts, in whole minutes.");
  } else if (minutes < MIN_DURATION_MINUTES) {
    add("durationMinutes", `Each meeting must last at least ${MIN_DURATION_MINUTES} minutes.`);
  } else if (minutes > MAX_DURATION_MINUTES) {
    add("durationMinutes", "Each meeting can last at most 8 hours (480 minutes).");
  } else if (timeOk && minutesOfDay(plan.startTime) + minutes > 24 * 60) {
    add(
      "durationMinutes",
      `A meeting starting at ${plan.startTime} for ${minutes} minutes would finish after midnight. Choose an earlier start time or a shorter meeting.`,
    );
  }

  const firstOk = isIsoDate(plan.firstDate);
  if (!firstOk) {
    add("firstDate", "Enter a real date for the first meeting.");
  } else if (plan.firstDate < ctx.termStart) {
    add("firstDate", `The first meeting can't be before the cohort's term starts on ${termStartText}.`);
  } else if (plan.firstDate > ctx.termEnd) {
    add("firstDate", `The first meeting can't be after the cohort's term ends on ${termEndText}.`);
  } else if (plan.firstDate < londonToday(ctx.now)) {
    add("firstDate", "The first date is in the past. Choose today or a later date.");
  } else if (timeOk && rule.success) {
    const first = firstMeetingDate(rule.data, plan.firstDate);
    if (first !== null && londonInstant(first, plan.startTime) <= ctx.now) {
      add(
        "firstDate",
        `The first meeting, on ${formatDay(first)} at ${plan.startTime}, would already have started. Choose a later date or time.`,
      );
    }
  }

  const until = plan.until;
  if (until?.kind === "date") {
    if (!isIsoDate(until.date)) add("until", "Enter a real date for the end of the series.");
    else if (firstOk && until.date < plan.firstDate) add("until", "The end date can't be before the first meeting date.");
    else if (until.date > ctx.termEnd) add("until", `The end date can't be after the cohort's term ends on ${termEndText}.`);
  } else if (until?.kind === "count") {
    if (typeof until.count !== "number" || !Number.isInteger(until.count)) add("until", "Enter the number of meetings as a whole number.");
    else if (until.count < 1) add("until", "The series needs at least 1 meeting.");
    else if (until.count > MAX_COUNT) add("until", `A series can have at most ${MAX_COUNT} meetings.`);
  } else if (until?.kind !== "termEnd") {
    add("until", "Choose when the series ends.");
  }

  // Only a plan that is right field by field can be tried out.
  if (problems.length === 0) {
    const { occurrences } = generateOccurrences(plan, { ...ctx, bankHolidays: new Map() });
    if (occurrences.length === 0) {
      add(
        "until",
        until.kind === "date"
          ? "No meetings fall between the first date and the end date. Choose a later end date or an earlier first date."
          : `No meetings fall between the first date and the end of the cohort's term on ${termEndText}. Choose an earlier first date.`,
      );
    } else if (until.kind === "count" && occurrences.length < until.count) {
      add(
        "until",
        `Only ${occurrences.length} of the ${until.count} meetings fit before the cohort's term ends on ${termEndText}. Choose fewer meetings.`,
      );
    }
  }
  return problems;
}

/** Today's date in London at `now`. */
function londonToday(now: number) {
  return format(new TZDate(now, LONDON), "yyyy-MM-dd");
}

/**
 * Applies the facilitator's choice for each occurrence on a bank holiday,
 * keyed by the occurrence's date:
 * - "move": to the next working day (not a weekend or bank holiday) at the
 *   same London wall-clock time and length; dropped if that day already has a
 *   meeting of the series or is after `options.termEnd`.
 * - "skip": dropped.
 * - no choice: kept as it is. The form must insist on a choice
 *   (see `bankHolidaysNeedingChoice`).
 * Choices for dates that are not bank holidays are ignored.
 */
export function resolveBankHolidays(
  occurrences: Occurrence[],
  choices: Readonly<Record<string, "move" | "skip">>,
  bankHolidays: ReadonlyMap<string, string>,
  options: { termEnd?: string } = {},
): Occurrence[] {
  const onHoliday = (o: Occurrence) => bankHolidays.has(o.date);
  const choiceFor = (o: Occurrence) => (Object.hasOwn(choices, o.date) ? choices[o.date] : undefined);
  const kept = occurrences.filter((o) => !onHoliday(o) || choiceFor(o) === undefined);
  const taken = new Set(kept.map((o) => o.date));
  const moved: Occurrence[] = [];
  for (const o of occurrences) {
    if (!onHoliday(o) || choiceFor(o) !== "move") continue;
    const date = nextWorkingDay(o.date, bankHolidays);
    if (taken.has(date) || (options.termEnd !== undefined && date > options.termEnd)) continue;
    taken.add(date);
    const startsAt = londonInstant(date, londonClock(o.startsAt));
    moved.push({ date, startsAt, endsAt: startsAt + (o.endsAt - o.startsAt), bankHoliday: null });
  }
  return [...kept, ...moved].sort((a, b) => a.startsAt - b.startsAt);
}

/** The occurrences on a bank holiday that have no "move"/"skip" choice yet. */
export function bankHolidaysNeedingChoice(
  occurrences: Occurrence[],
  choices: Readonly<Record<string, "move" | "skip">>,
): Occurrence[] {
  return occurrences.filter((o) => o.bankHoliday !== null && choices[o.date] !== "move" && choices[o.date] !== "skip");
}

const ORDINALS = { 1: "First", 2: "Second", 3: "Third", 4: "Fourth", 5: "Fifth", [-1]: "Last" } as const;
export const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

/**
 * "Second Tuesday of each month, 14:00 to 16:00" / "Every 4 weeks on Tuesday, 14:00 to 16:00".
 * A weekly rule's day is the first date's weekday, so pass `firstDate` to name it;
 * without it the day is left out ("Every 4 weeks, 14:00 to 16:00").
 */
export function describeRule(rule: RecurrenceRule, startTime: string, durationMinutes: number, firstDate?: string): string {
  const times = `${startTime} to ${clock(minutesOfDay(startTime) + durationMinutes)}`;
  if (rule.kind === "monthly") {
    const when = `${ORDINALS[rule.nth]} ${WEEKDAY_NAMES[rule.weekday]} of each month`;
    return rule.nth === 5 ? `${when} that has one, ${times}` : `${when}, ${times}`;
  }
  const every = rule.intervalWeeks === 1 ? "Every week" : `Every ${rule.intervalWeeks} weeks`;
  const day = firstDate && isIsoDate(firstDate) ? ` on ${WEEKDAY_NAMES[getDay(calendarDay(firstDate))]}` : "";
  return `${every}${day}, ${times}`;
}
